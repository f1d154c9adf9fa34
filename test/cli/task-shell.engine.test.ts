import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArgs, noEngine, testProvider } from '../helpers/engine.js';

const ROOT = path.resolve('test/fixtures/grade-project');

/** Runs `crucible task shell` under a pseudo-terminal (script(1)), typing `input` into the shell. */
function shell(flags: string[], input: string): Promise<string> {
  const command = [process.execPath, ...cliArgs('task', 'shell', 'mini-total', ...flags)].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    setTimeout(() => child.stdin.write(input), 4_000);
    child.once('exit', () => resolve(out));
    child.once('error', reject);
  });
}

describe.skipIf(noEngine)('crucible task shell', () => {
  it.each([
    ['(base)', [], 'prices.slice(1)'],
    ['(reference applied)', ['--reference'], 'for (const p of prices) sum += p;'],
  ])('opens an interactive shell as the agent in a sandbox of the task %s, then removes it', async (label, flags, expected) => {
    const out = await shell(flags, 'whoami; grep -n "for (" src/total.ts; exit\n');
    expect(out).toContain(label);
    expect(out).toMatch(/\bagent\b/);
    expect(out).toContain(expected);
    const left = await testProvider().docker.listContainers({ all: true, filters: { label: ['crucible.attempt=shell-mini-total'] } });
    expect(left).toEqual([]);
  }, 60_000);
});
