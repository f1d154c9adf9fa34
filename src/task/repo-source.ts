import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { HarnessError } from '../errors.js';
import type { LoadedTask } from './loader.js';

/** Where a task's repository is on the host: a plain folder, or a commit of a local git clone. */
export type RepoLocation = { kind: 'folder'; dir: string } | { kind: 'git'; gitDir: string; commit: string };

/** Resolves the task's `repo` field against the project root (folders) or the task folder (git). */
export function repoLocation(task: LoadedTask): RepoLocation {
  const repo = task.definition.repo;
  if (typeof repo === 'string') return { kind: 'folder', dir: path.join(task.root, 'repos', repo) };
  return { kind: 'git', gitDir: path.resolve(task.dir, repo.git), commit: repo.commit };
}

/**
 * Checks that the repository is there. A missing git clone or commit is the environment's
 * fault, not the task's: `HarnessError('ENV_MISSING')`. A missing folder under repos/ is a task
 * error and is reported by lint; here it throws ENV_MISSING too, since nothing can run.
 */
export async function requireRepo(location: RepoLocation): Promise<void> {
  if (location.kind === 'folder') {
    await access(location.dir).catch(() => {
      throw new HarnessError('ENV_MISSING', `repository folder ${location.dir} does not exist`);
    });
    return;
  }
  const r = await execa('git', ['-C', location.gitDir, 'cat-file', '-e', `${location.commit}^{commit}`], { reject: false });
  if (r.exitCode !== 0) {
    throw new HarnessError('ENV_MISSING', `environment missing: ${location.gitDir} has no commit ${location.commit} (clone the repository there, no network is used)`);
  }
}

/** Reads a file beside task.yaml. */
export function readTaskFile(task: LoadedTask, rel: string): Promise<string> {
  return readFile(path.join(task.dir, rel), 'utf8');
}
