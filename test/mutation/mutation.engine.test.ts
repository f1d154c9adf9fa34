import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTaskSandbox } from '../../src/grade/task-sandbox.js';
import { runMutation } from '../../src/mutation/run.js';
import { WorkspaceSnapshot } from '../../src/mutation/workspace-reset.js';
import { DockerProvider } from '../../src/sandbox/docker/docker-provider.js';
import type { Sandbox, SandboxSpec } from '../../src/sandbox/types.js';
import { requireTask } from '../../src/task/loader.js';
import type { LoadedTask } from '../../src/task/loader.js';
import { cliArgs, noEngine } from '../helpers/engine.js';

const ROOT = path.resolve('test/mutation/fixtures/project');
const run = promisify(execFile);

/** A real Docker provider that counts the sandboxes it creates. */
class CountingProvider extends DockerProvider {
  created = 0;
  override async create(spec: SandboxSpec): Promise<Sandbox> {
    this.created += 1;
    return super.create(spec);
  }
}

describe.skipIf(noEngine)('mutation testing of hidden tests (real sandbox)', () => {
  let task: LoadedTask;
  beforeAll(async () => {
    task = await requireTask(path.join(ROOT, 'tasks', 'bounds-clamp'), ROOT);
  });

  it('kills mutants the hidden tests pin, reports survivors, and uses one sandbox reset between mutants', async () => {
    const provider = new CountingProvider();
    const report = await runMutation(task, { provider, maxMutants: 10, seed: 1 });
    expect(provider.created).toBe(1);
    expect(report.error).toBeUndefined();
    expect(report.outcomes.map((o) => [o.mutant.line, o.mutant.mutator, o.mutant.original, o.mutant.replacement, o.status])).toEqual([
      [6, 'comparison-flip', '>', '<=', 'killed'],
      [7, 'statement-delete', 'clampedCount.value += 1;', ';', 'survived'],
      [7, 'constant-shift', '1', '2', 'survived'],
      [7, 'constant-shift', '1', '0', 'survived'],
      [8, 'statement-delete', 'return hi;', ';', 'killed'],
    ]);
    // The survivors run after a killed mutant and before another: each saw the reference, not the previous mutant.
    expect(report).toMatchObject({ candidates: 5, invalid: 0, valid: 5, killed: 2, score: 0.4 });
    expect(report.outcomes[4]!.detail).toMatch(/`clamp > cuts values above the range down to the upper bound` fails/);
  });

  it('runs attested Python hidden tests the same way', async () => {
    const grade = path.resolve('test/fixtures/grade-project');
    const py = await requireTask(path.join(grade, 'tasks', 'pymini-mean'), grade);
    const report = await runMutation(py, { provider: new DockerProvider(), maxMutants: 10, seed: 1 });
    expect(report.outcomes.map((o) => [o.mutant.file, o.mutant.line, o.mutant.mutator, o.status])).toEqual([['calc/ops.py', 3, 'statement-delete', 'killed']]);
    expect(report.score).toBe(1);
  });

  it('samples at most --max-mutants and fails the task under --strict below the threshold', async () => {
    const out = await run(process.execPath, cliArgs('task', 'validate', 'bounds-clamp', '--repeats', '1', '--mutation', '--max-mutants', '3', '--strict'), { cwd: ROOT }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^INVALID bounds-clamp .* 0\.\d\d$/m);
    expect(out.stdout).toMatch(/mutation: 0\.\d\d \(\d\/3 killed, sampled from 5 valid; 0 invalid; \d+ s\) — below the threshold 0\.8/);
    expect(out.stdout).toMatch(/survived src\/clamp\.ts:7 (statement-delete|constant-shift)/);
    expect(out.stdout).toMatch(/0\/1 task\(s\) valid; mutation score measured on 1, 1 below 0\.8, 0 error\(s\)$/m);
  });

  it('resets files git does not see (ignored, large) and deletes test caches between mutants', async () => {
    const sandbox = await openTaskSandbox(new DockerProvider(), task, { purpose: 'mutation-reset-test' });
    try {
      const sh = async (script: string) => expect((await sandbox.exec(['sh', '-c', script])).exitCode).toBe(0);
      await sh('printf "dist/\\n" > .gitignore && mkdir -p dist && echo reference > dist/a.js');
      const snapshot = await WorkspaceSnapshot.take(sandbox);
      expect(snapshot.manifest.has('dist/a.js')).toBe(true);
      await sh('echo mutant > dist/a.js && echo extra > dist/b.js && rm src/clamp.ts && head -c 9437184 /dev/zero > big.bin && mkdir -p __pycache__ && echo x > __pycache__/m.pyc && echo x > tsconfig.tsbuildinfo');
      // git's view misses all of these but the deletion: only the manifest sees them.
      expect(await sandbox.diff()).not.toMatch(/^diff --git a\/(dist\/|big\.bin)/m);
      expect(await snapshot.restore('a test mutant')).toEqual(['big.bin', 'dist/a.js', 'dist/b.js', 'src/clamp.ts']);
      expect(await sandbox.manifest()).toEqual(snapshot.manifest);
      expect((await sandbox.exec(['stat', '-c', '%U', 'src/clamp.ts', 'dist/a.js'])).stdout.split('\n').filter(Boolean)).toEqual(['agent', 'agent']);
      expect(await snapshot.restore('a mutant that left nothing')).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
