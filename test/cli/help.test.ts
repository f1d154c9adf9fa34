import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('crucible --help', () => {
  it('lists every command with a one-line description', () => {
    const help = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--help'], { encoding: 'utf8' });
    for (const command of ['image build', 'image self', 'sandbox gc', 'smoke']) {
      expect(help).toMatch(new RegExp(`crucible ${command}\\b[^\\n]*\\s{2}\\S[^\\n]+`));
    }
  });

  it('reports a harness failure as one line with its code and exit status 2', () => {
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', 'gc'], {
        encoding: 'utf8',
        env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
        stdio: 'pipe',
      });
    } catch (err) {
      failure = err as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(2);
    expect(failure?.stderr).toMatch(/^crucible: ENGINE_UNREACHABLE: Docker engine at \/nonexistent\/docker.sock is unreachable [^\n]+\n$/);
  });
});
