import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { grade } from '../../src/grade/grade.js';
import { importSwebench } from '../../src/task/import-swebench.js';
import { requireTask } from '../../src/task/loader.js';
import { cliArgs, noEngine, testProvider } from '../helpers/engine.js';
import { swebenchFixture } from '../helpers/swebench-fixture.js';

const run = promisify(execFile);

describe.skipIf(noEngine)('imported SWE-bench tasks', () => {
  it('grade the gold patch as resolved and an empty one as not, from the local clone at base_commit', async () => {
    const f = await swebenchFixture();
    await importSwebench(f.jsonl, { reposDir: f.reposDir, outDir: path.join(f.root, 'tasks') });
    const task = await requireTask(path.join(f.root, 'tasks', 'acme__calc-1'), f.root);
    const gold = await grade(task, f.instance.patch as string, { provider: testProvider() });
    expect(gold).toMatchObject({ resolved: true, restoredProtected: [], run: { attestation: { ok: true } } });
    expect(gold.evaluation!.verdicts.map((v) => [v.id, v.status])).toEqual([
      ['tests/test_ops.py::test_mean_is_exact', 'passed'],
      ['tests/test_ops.py::test_add', 'passed'],
    ]);
    const empty = await grade(task, '', { provider: testProvider() });
    expect(empty.resolved).toBe(false);
    expect(empty.rationale).toMatch(/^not resolved: 0\/1 FAIL_TO_PASS pass; `tests\/test_ops.py::test_mean_is_exact` fails/);
  });

  it('grades SWE-bench predictions through the CLI, one line per prediction', async () => {
    const f = await swebenchFixture();
    await importSwebench(f.jsonl, { reposDir: f.reposDir, outDir: path.join(f.root, 'tasks') });
    const predictions = path.join(f.root, 'preds.jsonl');
    await writeFile(predictions, [
      JSON.stringify({ instance_id: 'acme__calc-1', model_name_or_path: 'gold', model_patch: f.instance.patch }),
      JSON.stringify({ instance_id: 'acme__calc-1', model_name_or_path: 'empty', model_patch: '' }),
    ].join('\n'));
    const out = await run(process.execPath, cliArgs('grade', '--predictions', predictions, '--json'), { cwd: f.root });
    const rows = JSON.parse(out.stdout) as Array<{ model_name_or_path: string; resolved: boolean }>;
    expect(rows.map((r) => [r.model_name_or_path, r.resolved])).toEqual([['gold', true], ['empty', false]]);
  });

  it('reports a missing clone as ENV_MISSING, a harness problem rather than an invalid task', async () => {
    const f = await swebenchFixture();
    await importSwebench(f.jsonl, { reposDir: f.reposDir, outDir: path.join(f.root, 'tasks') });
    await rm(path.join(f.reposDir, 'acme__calc'), { recursive: true });
    const task = await requireTask(path.join(f.root, 'tasks', 'acme__calc-1'), f.root);
    await expect(grade(task, '', { provider: testProvider() })).rejects.toMatchObject({ name: 'HarnessError', code: 'ENV_MISSING' });
  });
});
