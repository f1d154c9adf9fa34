import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { engineImage, noEngine, testProvider } from '../helpers/engine.js';

describe.skipIf(noEngine)('signal cleanup', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('removes the sandboxes of a run stopped by %s', async (signal) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/hold-sandbox.ts', engineImage, '--cleanup'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const id = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    });
    const docker = testProvider().docker;
    expect((await docker.getContainer(id).inspect()).State.Running).toBe(true);
    child.kill(signal);
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
    await expect(docker.getContainer(id).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
