import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/sandbox/gc.js';
import { engineImage, noEngine, testProvider } from '../helpers/engine.js';

/** Starts a process that holds a sandbox, waits for its id, then SIGKILLs it like a crash. */
async function orphanSandbox(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/hold-sandbox.ts', engineImage], { stdio: ['ignore', 'pipe', 'inherit'] });
  const id = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  return id;
}

describe.skipIf(noEngine)('sandbox gc', () => {
  it('removes the containers of a dead owner and spares those of a live run', async () => {
    const provider = testProvider();
    const orphan = await orphanSandbox();
    const live = await provider.create({ image: engineImage, runId: 'live-run', attemptId: 'live' });
    try {
      const decisions = await collectGarbage(provider.docker);
      expect(decisions.find((d) => d.name === orphan)).toMatchObject({ removed: true, reason: 'owner gone', run: 'crashed-run' });
      expect(decisions.find((d) => d.name === live.id)).toMatchObject({ removed: false, reason: 'owner alive', run: 'live-run' });
      const names = (await provider.docker.listContainers({ all: true })).map((c) => c.Names[0]?.slice(1));
      expect(names).not.toContain(orphan);
      expect(names).toContain(live.id);
      expect((await live.exec('echo intact')).stdout).toBe('intact\n');
    } finally {
      await live.close();
    }
  });

  it('with --older-than removes even a live owner\'s old sandboxes, and a dry run removes nothing', async () => {
    const provider = testProvider();
    const live = await provider.create({ image: engineImage, attemptId: 'old' });
    try {
      const later = Date.now() + 3 * 3600_000;
      const dry = await collectGarbage(provider.docker, { olderThanMs: 3600_000, now: later, dryRun: true });
      expect(dry.find((d) => d.name === live.id)).toMatchObject({ removed: false, reason: 'older than bound' });
      expect((await live.exec('true')).exitCode).toBe(0);
      const real = await collectGarbage(provider.docker, { olderThanMs: 3600_000, now: later });
      expect(real.find((d) => d.name === live.id)).toMatchObject({ removed: true, reason: 'older than bound' });
      await expect(live.exec('true')).rejects.toMatchObject({ name: 'HarnessError', code: 'SANDBOX_LOST' });
    } finally {
      await live.close();
    }
  });
});
