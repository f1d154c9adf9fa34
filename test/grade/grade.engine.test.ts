import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { grade } from '../../src/grade/grade.js';
import { requireTask } from '../../src/task/loader.js';
import type { LoadedTask } from '../../src/task/loader.js';
import { noEngine, testProvider } from '../helpers/engine.js';

const ROOT = path.resolve('test/fixtures/grade-project');
const patch = (name: string) => readFile(path.join(ROOT, 'patches', name), 'utf8');

describe.skipIf(noEngine)('grade (fresh sandbox, hidden tests, cross-checks)', () => {
  let tap: LoadedTask;
  let junit: LoadedTask;
  beforeAll(async () => {
    tap = await requireTask(path.join(ROOT, 'tasks', 'mini-total'), ROOT);
    junit = await requireTask(path.join(ROOT, 'tasks', 'mini-total-junit'), ROOT);
  });

  it('resolves the reference solution with per-test evidence', async () => {
    const r = await grade(tap, await readFile(path.join(tap.dir, 'reference.patch'), 'utf8'), { provider: testProvider() });
    expect(r).toMatchObject({ resolved: true, apply: { applied: true, method: 'apply' }, restoredProtected: [], run: { exitCode: 0, timedOut: false } });
    expect(r.evaluation!.verdicts).toEqual([
      { id: 'total > adds every price', list: 'FAIL_TO_PASS', status: 'passed', ok: true },
      { id: 'total > counts a single item', list: 'FAIL_TO_PASS', status: 'passed', ok: true },
      { id: 'total > is zero for an empty basket', list: 'PASS_TO_PASS', status: 'passed', ok: true },
    ]);
    expect(r.rationale).toBe('resolved: 2/2 FAIL_TO_PASS pass; 1/1 PASS_TO_PASS pass');
  });

  it('does not resolve an empty diff, and says which tests fail and why', async () => {
    const r = await grade(tap, '', { provider: testProvider() });
    expect(r.resolved).toBe(false);
    expect(r.evaluation!.f2p).toEqual({ passed: 0, total: 2, value: 0 });
    expect(r.rationale).toMatch(/^not resolved: 0\/2 FAIL_TO_PASS pass; `total > adds every price` fails \(.*355.*\); `total > counts a single item` fails/);
  });

  it.each([
    ['prints fake TAP "ok" lines', 'fake-tap-lines.patch', 'tap'],
    ['calls process.exit(0) at import', 'exit-at-import.patch', 'tap'],
    ['writes and prints a forged JUnit report (TAP task)', 'forged-junit.patch', 'tap'],
    ['writes and prints a forged JUnit report (JUnit task)', 'forged-junit.patch', 'junit'],
  ])('is not fooled by a patch that %s', async (_label, file, which) => {
    const r = await grade(which === 'tap' ? tap : junit, await patch(file), { provider: testProvider() });
    expect(r.apply.applied).toBe(true);
    expect(r.resolved).toBe(false);
    expect(r.evaluation!.f2p.value).toBe(0);
  });

  it('restores protected paths the diff touched, reports them, and still grades the real fix', async () => {
    const r = await grade(tap, await patch('tamper-tests.patch'), { provider: testProvider() });
    expect(r.restoredProtected).toEqual(['test/hidden/total.test.ts', 'test/total.test.ts']);
    expect(r.resolved).toBe(true);
    expect(r.rationale).toMatch(/protected paths restored before testing: test\/hidden\/total.test.ts, test\/total.test.ts$/);
  });

  it('reports a diff that does not apply with git\'s message', async () => {
    const r = await grade(tap, await patch('does-not-apply.patch'), { provider: testProvider() });
    expect(r).toMatchObject({ resolved: false, apply: { applied: false } });
    expect(r.rationale).toMatch(/^not resolved: the diff does not apply: error: patch failed: src\/total.ts:1/);
  });
});

describe.skipIf(noEngine)('grade: attested Python runs', () => {
  let task: LoadedTask;
  beforeAll(async () => {
    task = await requireTask(path.join(ROOT, 'tasks', 'pymini-mean'), ROOT);
  });

  it('resolves the reference with a verified attestation', async () => {
    const r = await grade(task, await readFile(path.join(task.dir, 'reference.patch'), 'utf8'), { provider: testProvider() });
    expect(r).toMatchObject({ resolved: true, run: { exitCode: 0, attestation: { ok: true, problems: [] } } });
  });

  it.each([
    ['prints fake unittest results and exits 0 at import', 'python-fake-lines.patch', 'the runner wrote no attestation (it did not finish normally)'],
    ['calls sys.exit(0) at import', 'python-sys-exit.patch', undefined],
  ])('is not fooled by a patch that %s', async (_label, file, problem) => {
    const r = await grade(task, await patch(file), { provider: testProvider() });
    expect(r.resolved).toBe(false);
    if (problem) expect(r.run!.attestation!.problems).toEqual([problem]);
    expect(r.evaluation!.f2p.value).toBe(0);
  });
});

describe.skipIf(noEngine)('grade --keep-sandbox', () => {
  it('keeps the sandbox of an unresolved grade for inspection, labelled so gc can remove it later', async () => {
    const task = await requireTask(path.join(ROOT, 'tasks', 'mini-total'), ROOT);
    const r = await grade(task, '', { provider: testProvider(), keepSandbox: true });
    expect(r.resolved).toBe(false);
    expect(r.keptSandbox).toMatch(/^crucible-grade-mini-total-/);
    const container = testProvider().docker.getContainer(r.keptSandbox!);
    const info = await container.inspect();
    expect(info.State.Running).toBe(true);
    expect(info.Config.Labels).toMatchObject({ crucible: '1', 'crucible.owner.pid': String(process.pid) });
    await container.remove({ force: true });
  });
});
