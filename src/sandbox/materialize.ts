import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { HarnessError } from '../errors.js';
import { packTree } from './tar.js';
import { hashTree, readTree } from './tree.js';
import type { MaterializedRepo } from './types.js';

/**
 * What a workspace starts from: a plain directory, or a commit of a local git clone (exported
 * without its history), optionally with a setup patch applied on top.
 */
export type RepoSource = ({ dir: string } | { gitDir: string; commit: string }) & {
  /** A unified diff applied before the single commit (e.g. to inject a bug). */
  setupPatch?: string;
};

/** Every file of a materialized workspace carries this time, so `ls -lt` points at nothing. */
export const EPOCH = new Date('2024-01-01T00:00:00Z');
const IDENTITY = { name: 'crucible', email: 'crucible@sandbox.invalid' };
const AGENT = { uid: 1000, gid: 1000, uname: 'agent', gname: 'agent' };

const cache = new Map<string, Promise<MaterializedRepo>>();

/** Files interpreters and test runners create by themselves; excluded from every diff. */
export const RUNTIME_CACHES = ['__pycache__/', '*.py[cod]', '.pytest_cache/'];

/** Runs git with a minimal, fixed environment, so the host's config and identity never leak in. */
function git(cwd: string, args: string[], input?: string) {
  const date = EPOCH.toISOString();
  return execa('git', ['-c', 'core.autocrlf=false', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    input,
    reject: false,
    extendEnv: false,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: IDENTITY.name,
      GIT_AUTHOR_EMAIL: IDENTITY.email,
      GIT_COMMITTER_NAME: IDENTITY.name,
      GIT_COMMITTER_EMAIL: IDENTITY.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
  });
}

/**
 * Turns a plain directory into a workspace tarball holding a fresh git repository with exactly
 * one commit: no earlier history, remotes, tags, reflog, hooks or stray objects, no `.orig` or
 * `.rej` files, one mtime for every file, everything owned by the agent (uid 1000). A setup
 * patch is applied before that commit, so neither `git log` nor timestamps reveal it.
 * Results are cached per process by content.
 * @throws HarnessError `MATERIALIZE_FAILED` when the directory is unreadable or the patch does not apply.
 */
export async function materializeRepo(source: RepoSource): Promise<MaterializedRepo> {
  const identity = 'dir' in source ? hashTree(await readTree(source.dir, (rel) => rel === '.git' || rel.startsWith('.git/'))) : `git:${source.gitDir}:${source.commit}`;
  const key = createHash('sha256').update(identity).update('\0').update(source.setupPatch ?? '').digest('hex');
  let pending = cache.get(key);
  if (!pending) {
    pending = build(source);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

async function build(source: RepoSource): Promise<MaterializedRepo> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'crucible-repo-'));
  const work = path.join(tmp, 'work');
  try {
    await exportTree(source, work);
    if (source.setupPatch) {
      const patchFile = path.join(tmp, 'setup.patch');
      await writeFile(patchFile, source.setupPatch);
      const applied = await git(work, ['apply', '--whitespace=nowarn', patchFile]);
      if (applied.exitCode !== 0) {
        throw new HarnessError('MATERIALIZE_FAILED', `setup patch does not apply to ${describe(source)}: ${applied.stderr.trim()}`);
      }
    }
    for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-q', '--no-verify', '-m', 'Initial commit']]) {
      const r = await git(work, args);
      if (r.exitCode !== 0) throw new HarnessError('MATERIALIZE_FAILED', `git ${args[0]} failed in ${describe(source)}: ${r.stderr.trim()}`);
    }
    const commit = (await git(work, ['rev-parse', 'HEAD'])).stdout.trim();
    // Remove what would tell a story: the reflog, sample hooks, the last commit message.
    for (const leftover of ['logs', 'hooks', 'COMMIT_EDITMSG', 'description', 'ORIG_HEAD']) {
      await rm(path.join(work, '.git', leftover), { recursive: true, force: true });
    }
    // Caches that runners write on their own are never part of a change (and must not look like
    // edits of test folders): ignore them even where the repository's .gitignore does not.
    await mkdir(path.join(work, '.git', 'info'), { recursive: true });
    await writeFile(path.join(work, '.git', 'info', 'exclude'), RUNTIME_CACHES.map((p) => `${p}\n`).join(''));
    const tree = await readTree(work);
    const tar = await packTree(tree, { ...AGENT, mtime: EPOCH });
    const fileCount = tree.filter((e) => e.type !== 'dir' && !e.path.startsWith('.git/') && e.path !== '.git').length;
    return { tar, commit, fileCount };
  } catch (err) {
    if (err instanceof HarnessError) throw err;
    throw new HarnessError('MATERIALIZE_FAILED', `could not materialize ${describe(source)}: ${(err as Error).message}`, { cause: err });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function describe(source: RepoSource): string {
  return 'dir' in source ? source.dir : `${source.gitDir}@${source.commit.slice(0, 12)}`;
}

/** Copies the source's files (never its history) into `work`. */
async function exportTree(source: RepoSource, work: string): Promise<void> {
  if ('dir' in source) {
    await cp(source.dir, work, { recursive: true, filter: (src) => path.basename(src) !== '.git' });
    return;
  }
  await mkdir(work, { recursive: true });
  const archive = await execa('sh', ['-c', 'git -C "$1" archive --format=tar "$2" | tar -x -C "$3"', 'sh', source.gitDir, source.commit, work], { reject: false });
  if (archive.exitCode !== 0) {
    throw new HarnessError('ENV_MISSING', `cannot export ${describe(source)}: ${archive.stderr.trim()}`);
  }
}
