import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { importSwebench, taskIdFor } from '../../src/task/import-swebench.js';
import { lintTask } from '../../src/task/lint.js';
import { swebenchFixture } from '../helpers/swebench-fixture.js';

describe('SWE-bench import', () => {
  it('imports instances onto the local clone at base_commit, reporting malformed lines by number and field', async () => {
    const f = await swebenchFixture();
    const out = path.join(f.root, 'tasks');
    const r = await importSwebench(f.jsonl, { reposDir: f.reposDir, outDir: out });
    expect(r.problems).toEqual([`${f.jsonl}:2: field \`base_commit\`: a commit id`]);
    expect(r.imported).toEqual([{ instanceId: 'acme__calc-1', taskId: 'acme__calc-1', dir: path.join(out, 'acme__calc-1'), cloneFound: true }]);
    const task = parse(await readFile(path.join(out, 'acme__calc-1', 'task.yaml'), 'utf8'));
    expect(task).toMatchObject({
      id: 'acme__calc-1',
      title: 'mean() truncates',
      kind: 'debug',
      repo: { git: '../../repos/acme__calc', commit: f.baseCommit },
      tests: { hidden: { patch: 'test.patch', into: '.', format: 'pytest', command: 'python3 -m pytest -rA -p no:cacheprovider tests/test_ops.py' } },
      FAIL_TO_PASS: ['tests/test_ops.py::test_mean_is_exact'],
      PASS_TO_PASS: ['tests/test_ops.py::test_add'],
      protected: ['tests/test_ops.py'],
      source: { kind: 'swebench', instance_id: 'acme__calc-1', repo: 'acme/calc', version: '0.1' },
    });
    expect(await readFile(path.join(out, 'acme__calc-1', 'reference.patch'), 'utf8')).toBe(f.instance.patch);
    const lint = await lintTask(path.join(out, 'acme__calc-1'), f.root);
    expect(lint.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('imports nothing under --strict when a line is malformed, and requires a test command', async () => {
    const f = await swebenchFixture();
    const strict = await importSwebench(f.jsonl, { reposDir: f.reposDir, outDir: path.join(f.root, 'strict'), strict: true });
    expect(strict.imported).toEqual([]);
    expect(strict.problems).toHaveLength(1);
    const withoutCmd = f.jsonl.replace('instances', 'no-cmd');
    const { test_cmd: _drop, ...rest } = f.instance;
    await import('node:fs/promises').then((fs) => fs.writeFile(withoutCmd, `${JSON.stringify(rest)}\n`));
    const r = await importSwebench(withoutCmd, { reposDir: f.reposDir, outDir: path.join(f.root, 'nocmd') });
    expect(r.problems).toEqual([`${withoutCmd}:1: field \`test_cmd\`: missing, and no --test-cmd given`]);
  });

  it.each([
    ['django__django-11099', 'django__django-11099'],
    ['Org__Repo@123', 'org__repo-123'],
  ])('derives task id %s → %s', (instance, id) => {
    expect(taskIdFor(instance)).toBe(id);
  });
});
