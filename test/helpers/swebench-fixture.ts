import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

/** A SWE-bench-style dataset built from a git repository the test creates: one real instance. */
export interface SwebenchFixture {
  root: string;
  reposDir: string;
  jsonl: string;
  baseCommit: string;
  instance: Record<string, unknown>;
}

const git = (cwd: string, ...args: string[]) =>
  execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args], { cwd });

/**
 * Creates `repos/acme__calc` (a small Python project with a bug at its base commit, the fix and
 * its tests in later commits) and an instances JSONL describing it, plus one malformed line.
 */
export async function swebenchFixture(): Promise<SwebenchFixture> {
  const root = await mkdtemp(path.join(tmpdir(), 'crucible-swebench-'));
  const repo = path.join(root, 'repos', 'acme__calc');
  await mkdir(path.join(repo, 'calc'), { recursive: true });
  await mkdir(path.join(repo, 'tests'), { recursive: true });
  await writeFile(path.join(repo, 'calc', '__init__.py'), '');
  await writeFile(path.join(repo, 'calc', 'ops.py'), 'def add(a, b):\n    return a + b\n\n\ndef mean(xs):\n    return sum(xs) // len(xs)\n');
  await writeFile(path.join(repo, 'tests', '__init__.py'), '');
  await writeFile(path.join(repo, 'tests', 'test_ops.py'), 'from calc.ops import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n');
  await git(repo, 'init', '-q');
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-qm', 'base');
  const baseCommit = (await git(repo, 'rev-parse', 'HEAD')).stdout.trim();
  await writeFile(path.join(repo, 'calc', 'ops.py'), 'def add(a, b):\n    return a + b\n\n\ndef mean(xs):\n    return sum(xs) / len(xs)\n');
  const patch = (await git(repo, 'diff')).stdout + '\n';
  await git(repo, 'commit', '-qam', 'fix mean');
  await writeFile(path.join(repo, 'tests', 'test_ops.py'), 'from calc.ops import add, mean\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\ndef test_mean_is_exact():\n    assert mean([1, 2]) == 1.5\n');
  const testPatch = (await git(repo, 'diff')).stdout + '\n';
  await git(repo, 'commit', '-qam', 'test mean');
  const instance = {
    instance_id: 'acme__calc-1',
    repo: 'acme/calc',
    base_commit: baseCommit,
    patch,
    test_patch: testPatch,
    FAIL_TO_PASS: JSON.stringify(['tests/test_ops.py::test_mean_is_exact']),
    PASS_TO_PASS: ['tests/test_ops.py::test_add'],
    problem_statement: 'mean() truncates\n\nmean([1, 2]) returns 1 instead of 1.5.',
    version: '0.1',
    created_at: '2024-05-01T00:00:00Z',
    test_cmd: 'python3 -m pytest -rA -p no:cacheprovider tests/test_ops.py',
  };
  const jsonl = path.join(root, 'instances.jsonl');
  await writeFile(jsonl, [JSON.stringify(instance), JSON.stringify({ ...instance, instance_id: 'acme__calc-2', base_commit: 'not-a-sha' }), ''].join('\n'));
  return { root, reposDir: path.join(root, 'repos'), jsonl, baseCommit, instance };
}
