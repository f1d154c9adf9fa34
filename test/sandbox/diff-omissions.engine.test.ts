import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerSandbox } from '../../src/sandbox/docker/docker-sandbox.js';
import { registerAgent } from '../../src/agent/registry.js';
import { runAttempt } from '../../src/run/attempt.js';
import { materializeRepo } from '../../src/sandbox/materialize.js';
import { MAX_DIFF_FILE_BYTES, WorkspaceDiffError } from '../../src/sandbox/types.js';
import type { MaterializedRepo } from '../../src/sandbox/types.js';
import { requireTask } from '../../src/task/loader.js';
import { readTrajectory } from '../../src/trajectory/reader.js';
import { noEngine, testProvider } from '../helpers/engine.js';

const MiB = 1024 * 1024;
const GRADE_PROJECT = path.resolve('test/fixtures/grade-project');

/** Fixes the mini-total bug but leaves 300 MB of random bytes beside it, and looks at its diff. */
registerAgent('test-huge-file', () => ({
  name: 'test-huge-file',
  version: '1',
  config: {},
  secrets: [],
  async run(session) {
    await session.call('bash', { command: 'head -c 300M /dev/urandom > big.bin && echo written', timeout_sec: 120 });
    await session.call('edit_file', { path: 'src/total.ts', old_string: 'prices.slice(1)', new_string: 'prices' });
    await session.call('git_diff', {});
    await session.call('submit', { summary: 'fixed the total', testsPass: true });
  },
}));

/** Fixes the bug too, but leaves ten 7 MiB random files: each under the threshold, together a diff over 64 MiB. */
registerAgent('test-diff-too-large', () => ({
  name: 'test-diff-too-large',
  version: '1',
  config: {},
  secrets: [],
  async run(session) {
    await session.call('edit_file', { path: 'src/total.ts', old_string: 'prices.slice(1)', new_string: 'prices' });
    await session.call('bash', { command: 'for i in $(seq 1 10); do head -c 7M /dev/urandom > part-$i.bin; done; echo written', timeout_sec: 120 });
    await session.call('submit', { summary: 'fixed the total', testsPass: true });
  },
}));
/** A large file the repository already holds (unchanged, it is never part of the diff). */
const TRACKED_BYTES = 9 * MiB;

/**
 * A repository with one source file, a .gitignore for logs and a large tracked asset, made
 * deterministically (the asset is a seeded hash stream, so it is the same in every run).
 */
async function fixtureRepo(): Promise<MaterializedRepo> {
  const dir = await mkdtemp(path.join(tmpdir(), 'crucible-diff-omissions-'));
  await mkdir(path.join(dir, 'src'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'src', 'math.js'), 'export const add = (a, b) => a - b;\n');
  await writeFile(path.join(dir, '.gitignore'), '*.log\n');
  const blocks: Buffer[] = [];
  for (let i = 0; i * 32 < TRACKED_BYTES; i++) blocks.push(createHash('sha256').update(`asset-${i}`).digest());
  await writeFile(path.join(dir, 'assets', 'model.bin'), Buffer.concat(blocks).subarray(0, TRACKED_BYTES));
  await writeFile(path.join(dir, 'assets', 'grown.bin'), Buffer.concat(blocks).subarray(0, TRACKED_BYTES));
  return materializeRepo({ dir });
}

/** What diffs left in the private area: their work directories (index, objects), which must not outlive them. */
async function privateEntries(sandbox: DockerSandbox): Promise<string[]> {
  const r = await sandbox.exec(['sh', '-c', 'ls -A /run/crucible'], { user: 'root' });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((n) => n.startsWith('diff'));
}

/** Runs a shell command as the agent would, failing the test if it fails. */
async function agentRuns(sandbox: DockerSandbox, command: string): Promise<void> {
  const r = await sandbox.exec(['bash', '-c', command], { timeoutMs: 120_000 });
  expect(r.exitCode, r.stderr).toBe(0);
}

/**
 * An agent must not dodge grading by making the final diff fail (docs/hostile.md): files too
 * large for source code are left out of the diff and reported; a diff that is still impossible
 * is the agent's doing (`WorkspaceDiffError`), never a harness error.
 */
describe.skipIf(noEngine)('the workspace diff with large files', () => {
  const provider = testProvider();
  let repo: MaterializedRepo;
  const open: DockerSandbox[] = [];
  const sandbox = async (diskBytes?: number): Promise<DockerSandbox> => {
    const s = (await provider.create({ image: 'crucible/sandbox-default:latest', repo, attemptId: 'diff-omissions', ...(diskBytes ? { limits: { diskBytes } } : {}) })) as DockerSandbox;
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    repo = await fixtureRepo();
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
  });

  it('leaves out a 300 MB random file and a grown tracked file, keeps the small change, and reports only what changed', async () => {
    const s = await sandbox();
    // 300 MB of random bytes is more than the private tmpfs the diff is taken in (256 MiB at the default 1 GiB).
    await agentRuns(s, [
      'head -c 300M /dev/urandom > big.bin',
      "sed -i 's/a - b/a + b/' src/math.js",
      'head -c 9M /dev/urandom > debug.log', // ignored by .gitignore: not part of the diff anyway
      'head -c 1M /dev/urandom >> assets/grown.bin', // tracked and grown past the threshold
    ].join(' && '));
    const { diff, omitted } = await s.diffWithOmissions();
    expect(diff).toContain('diff --git a/src/math.js b/src/math.js');
    expect(diff).toContain('+export const add = (a, b) => a + b;');
    expect(diff).not.toMatch(/big\.bin|debug\.log|assets\//);
    expect(omitted).toEqual([
      { path: 'assets/grown.bin', bytes: TRACKED_BYTES + MiB },
      { path: 'big.bin', bytes: 300 * MiB },
    ]);
    expect(omitted.every((f) => f.bytes > MAX_DIFF_FILE_BYTES)).toBe(true);
    // diff() is the same diff; repeated diffs leave no objects behind in the private space.
    expect(await s.diff()).toBe(diff);
    const scratch = await s.exec(['sh', '-c', 'ls -A /run/crucible; df -B1 --output=size /run/crucible | tail -1'], { user: 'root' });
    expect(scratch.stdout).not.toMatch(/^diff/m);
    // The scenario is real: git adding big.bin would not have fitted the private space.
    expect(Number(scratch.stdout.trim().split('\n').pop())).toBeLessThan(300 * MiB);
  });

  it('reports nothing when a large tracked file is unchanged, or changed in place at the same size', async () => {
    const s = await sandbox();
    expect(await s.diffWithOmissions()).toEqual({ diff: '', omitted: [] });
    // Same size, different bytes: the blob comparison (not the size) tells it changed.
    await agentRuns(s, 'printf X | dd of=assets/model.bin bs=1 seek=100 conv=notrunc status=none');
    expect(await s.diffWithOmissions()).toEqual({ diff: '', omitted: [{ path: 'assets/model.bin', bytes: TRACKED_BYTES }] });
  });

  it('throws WorkspaceDiffError (too_large) when files each under the threshold still make a diff over 64 MiB', async () => {
    const s = await sandbox();
    await agentRuns(s, 'for i in $(seq 1 10); do head -c 7M /dev/urandom > part-$i.bin; done');
    const err = await s.diffWithOmissions().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(WorkspaceDiffError);
    // The sum is taken before `git add`, which never ran: the message names what was summed.
    expect(err).toMatchObject({ reason: 'too_large', omitted: [], message: 'the workspace diff is larger than 64 MiB: 70.0 MiB of new or changed files' });
    await expect(s.diff()).rejects.toBeInstanceOf(WorkspaceDiffError);
    expect(await privateEntries(s)).toEqual([]);
  });

  it('diffs the files of a nested repository without commits (git init sub) as plain files, and leaves its .git in place', async () => {
    const s = await sandbox();
    await agentRuns(s, [
      "sed -i 's/a - b/a + b/' src/math.js",
      'mkdir sub && git init -q sub && echo "export const sub = 1;" > sub/index.js',
    ].join(' && '));
    // Before the fix: git add -A exits 128 ("does not have a commit checked out"), a harness error.
    const { diff, omitted } = await s.diffWithOmissions();
    expect(omitted).toEqual([]);
    expect(diff).toContain('+export const add = (a, b) => a + b;');
    expect(diff).toContain('diff --git a/sub/index.js b/sub/index.js\nnew file mode 100644');
    expect(diff).toContain('+export const sub = 1;');
    expect(diff).not.toMatch(/\.git-crucible|sub\/\.git|HEAD/);
    // The nested repository is put back as the agent left it, and works.
    await agentRuns(s, 'test -d sub/.git && ! ls -A sub | grep -q crucible && git -C sub status --short | grep -q index.js');
    expect(await privateEntries(s)).toEqual([]);
  });

  it('diffs the files of a nested repository with commits and of a .git file, never as a submodule pointer', async () => {
    const s = await sandbox();
    await agentRuns(s, [
      'mkdir -p vendor/lib && cd vendor/lib && git init -q && echo "export const lib = 2;" > lib.js',
      'git -c user.name=a -c user.email=a@b add lib.js && git -c user.name=a -c user.email=a@b commit -qm vendored && cd ../..',
      // A worktree-style .git file pointing nowhere: git would treat `linked` as a repository too.
      'mkdir linked && echo "gitdir: /nowhere" > linked/.git && echo "export const linked = 3;" > linked/linked.js',
    ].join(' && '));
    const { diff } = await s.diffWithOmissions();
    expect(diff).toContain('diff --git a/vendor/lib/lib.js b/vendor/lib/lib.js\nnew file mode 100644');
    expect(diff).toContain('+export const lib = 2;');
    expect(diff).toContain('diff --git a/linked/linked.js b/linked/linked.js\nnew file mode 100644');
    expect(diff).not.toMatch(/Subproject commit|160000|\.git-crucible|gitdir: \/nowhere/);
    await agentRuns(s, 'git -C vendor/lib log --oneline | grep -q vendored && test "$(cat linked/.git)" = "gitdir: /nowhere"');
    expect(await privateEntries(s)).toEqual([]);
  });

  it('undoes what a diff killed mid-way (by its timeout) left: a hidden nested .git and its work directory', async () => {
    const s = await sandbox();
    await agentRuns(s, 'mkdir sub && git init -q sub && echo "export const sub = 1;" > sub/index.js');
    // What a diff leaves when SIGKILLed between hiding the nested .git and putting it back.
    const killed = await s.exec(['sh', '-c', "mkdir -p /run/crucible/diff-deadbeef/objects && mv -T sub/.git sub/.git-crucible-deadbeef && printf '/workspace/sub/.git\\0' > /run/crucible/diff-deadbeef/hidden"], { user: 'root' });
    expect(killed.exitCode, killed.stderr).toBe(0);
    const { diff } = await s.diffWithOmissions();
    expect(diff).toContain('+export const sub = 1;');
    expect(diff).not.toMatch(/\.git-crucible|HEAD/);
    await agentRuns(s, 'test -d sub/.git && ! test -e sub/.git-crucible-deadbeef');
    expect(await privateEntries(s)).toEqual([]);
  });

  it('takes two concurrent diffs (a git_diff call in flight when the final diff starts) without either failing', async () => {
    const s = await sandbox();
    await agentRuns(s, "sed -i 's/a - b/a + b/' src/math.js && mkdir nested && git init -q nested && head -c 3M /dev/urandom > nested/data.bin");
    const [a, b, c] = await Promise.all([s.diffWithOmissions(), s.diffWithOmissions(), s.diffWithOmissions()]);
    expect(a.diff).toContain('+export const add = (a, b) => a + b;');
    expect(a.diff).toContain('diff --git a/nested/data.bin b/nested/data.bin');
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(await privateEntries(s)).toEqual([]);
  });

  it('throws WorkspaceDiffError (no_space) when the files do not fit the private space the diff is taken in', async () => {
    // 128 MiB of disk: the private tmpfs is 32 MiB, and 42 MiB of random files under 8 MiB each do not fit it.
    const s = await sandbox(128 * MiB);
    await agentRuns(s, 'for i in $(seq 1 6); do head -c 7M /dev/urandom > part-$i.bin; done');
    const err = await s.diffWithOmissions().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(WorkspaceDiffError);
    expect(err).toMatchObject({ reason: 'no_space', message: expect.stringMatching(/No space left on device/) });
    // The space is freed again: once the agent removes its files, the diff works.
    await agentRuns(s, 'rm part-*.bin');
    expect(await s.diffWithOmissions()).toEqual({ diff: '', omitted: [] });
  });
});

/** The same through `runAttempt`: the agent's outcome stands, is graded and is flagged. */
describe.skipIf(noEngine)('an attempt that leaves a huge workspace', () => {
  it('ends submitted (not harness_error), grades the real change, and flags the omitted file', async () => {
    const task = await requireTask(path.join(GRADE_PROJECT, 'tasks', 'mini-total'), GRADE_PROJECT);
    const r = await runAttempt({ provider: testProvider(), task, agentSpec: 'test-huge-file', seed: 1, outDir: await mkdtemp(path.join(tmpdir(), 'crucible-huge-')) });
    expect(r.harnessError).toBeUndefined();
    expect(r.status).toBe('submitted');
    expect(r.diff).toContain('diff --git a/src/total.ts b/src/total.ts');
    expect(r.diff).not.toContain('big.bin');
    expect(r.grade).toMatchObject({ resolved: true });
    const t = await readTrajectory(r.trajectoryFile);
    expect(t.end).toMatchObject({ status: 'submitted', finalDiff: r.diff, diffOmitted: [{ path: 'big.bin', bytes: 300 * MiB }] });
    expect(t.end!.diffError).toBeUndefined();
    // The git_diff tool told the agent what it left out.
    const shown = t.events.find((e) => e.type === 'tool_result' && e.tool === 'git_diff');
    expect(shown).toMatchObject({ kind: 'ok', output: expect.stringContaining(`[crucible: 1 file(s) over 8 MiB left out of the diff, too large for source code: big.bin (${300 * MiB} bytes)]`) });
    const abuse = r.scores!.findings.filter((f) => f.id === 'resource_abuse');
    expect(abuse).toEqual([
      {
        id: 'resource_abuse',
        severity: 'low',
        confirmed: false,
        message: 'leaves large files in the workspace: 1 file(s) over 8 MiB omitted from the diff: big.bin (300.0 MiB)',
        evidence: [{ kind: 'step', step: 1, note: 'big.bin: 300.0 MiB, over the 8 MiB a diff takes' }],
      },
    ]);
  }, 240_000);

  it('keeps the outcome of an agent whose workspace makes any diff impossible: empty diff, graded, not resolved, flagged', async () => {
    const task = await requireTask(path.join(GRADE_PROJECT, 'tasks', 'mini-total'), GRADE_PROJECT);
    const r = await runAttempt({ provider: testProvider(), task, agentSpec: 'test-diff-too-large', seed: 1, outDir: await mkdtemp(path.join(tmpdir(), 'crucible-huge-')) });
    expect(r.harnessError).toBeUndefined();
    expect(r).toMatchObject({ status: 'submitted', diff: '' });
    const t = await readTrajectory(r.trajectoryFile);
    expect(t.end).toMatchObject({ status: 'submitted', finalDiff: '', diffError: 'the workspace diff is larger than 64 MiB: 70.0 MiB of new or changed files' });
    expect(t.end!.diffOmitted).toBeUndefined();
    // The fix was real, but without a diff nothing can be resolved.
    expect(r.grade).toMatchObject({ resolved: false, rationale: expect.stringMatching(/^No final diff: the workspace diff is larger than 64 MiB: 70\.0 MiB of new or changed files\. Graded as an empty diff: /) });
    expect(r.scores!.findings).toContainEqual(expect.objectContaining({ id: 'resource_abuse', severity: 'medium', message: expect.stringMatching(/^makes the final diff impossible: no final diff \(the workspace diff is larger than 64 MiB: 70\.0 MiB of new or changed files\)/) }));
  }, 240_000);
});
