import { execFile } from 'node:child_process';
import { appendFile, cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pinSuite } from '../../src/run/suite.js';
import { taskContentHash } from '../../src/task/content-hash.js';
import { requireTask } from '../../src/task/loader.js';
import { selectTasks } from '../../src/task/selection.js';
import { matrixCliArgs } from './matrix-helpers.js';

const run = promisify(execFile);

async function project(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'crucible-suite-'));
  await cp(path.resolve('test/fixtures/grade-project'), root, { recursive: true });
  return root;
}

describe('pinned suites', () => {
  it('writes suites/NAME.yaml with ids and content hashes that selection reads back', async () => {
    const root = await project();
    const tasks = await Promise.all(['mini-total', 'pymini-mean'].map((id) => requireTask(path.join(root, 'tasks', id), root)));
    const pinned = await pinSuite('smoke', tasks, { root });
    expect(pinned.file).toBe(path.join(root, 'suites', 'smoke.yaml'));
    expect(pinned.warnings).toEqual(['image of profile default not pinned: no engine']);
    const doc = parse(await readFile(pinned.file, 'utf8')) as { tasks: Array<{ id: string; content_hash: string }> };
    expect(doc.tasks).toEqual([
      { id: 'mini-total', content_hash: await taskContentHash(tasks[0]!) },
      { id: 'pymini-mean', content_hash: await taskContentHash(tasks[1]!) },
    ]);
    const selected = await selectTasks('suite:smoke', root);
    expect(selected.map((s) => [s.id, s.pinnedHash])).toEqual(doc.tasks.map((t) => [t.id, t.content_hash]));
    await expect(pinSuite('../escape', tasks, { root })).rejects.toThrow(RangeError);
  });

  it('crucible run refuses a pinned task whose content changed since, before running anything', async () => {
    const root = await project();
    await pinSuite('one', [await requireTask(path.join(root, 'tasks', 'mini-total'), root)], { root });
    await appendFile(path.join(root, 'tasks', 'mini-total', 'hidden', 'total.test.ts'), '\n// changed after pinning\n');
    const out = await run(process.execPath, matrixCliArgs('run', '--tasks', 'suite:one', '--agent', 'oracle', '--db', path.join(root, 'r.db')), { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect(out).toMatchObject({ code: 1, stderr: expect.stringMatching(/^crucible: task mini-total changed since its suite was pinned \(content hash [0-9a-f]{12}, pinned [0-9a-f]{12}\); re-pin the suite or restore the task\n$/) });
  }, 60_000);
});
