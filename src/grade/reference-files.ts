import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { HarnessError } from '../errors.js';
import type { LoadedTask } from '../task/loader.js';
import { patchedFiles } from '../task/patch-files.js';
import { readTaskFile } from '../task/repo-source.js';
import { taskRepo } from './task-sandbox.js';

/** One file of the reference solution: its final content, or `null` when the reference deletes it. */
export interface ReferenceFile {
  path: string;
  content: string | null;
  /** Set when the file is the new side of a rename. */
  renamedFrom?: string;
  /** True when the file does not exist at the base (the reference adds it). */
  created?: boolean;
}

/** Every file path of the task's base tree (after the setup patch), without `.git`. */
export async function baseFiles(task: LoadedTask): Promise<string[]> {
  const repo = await taskRepo(task);
  const listing = await execa('tar', ['-t'], { input: repo.tar });
  return listing.stdout.split('\n').filter((p) => p && !p.endsWith('/') && !p.startsWith('.git/') && p !== '.git');
}

/**
 * The files the reference solution changes, with their final content, computed on the host by
 * applying the reference patch to the task's base tree. Used by the oracle agent.
 */
export async function referenceFiles(task: LoadedTask): Promise<ReferenceFile[]> {
  const repo = await taskRepo(task);
  const dir = await mkdtemp(path.join(tmpdir(), 'crucible-ref-'));
  try {
    await execa('tar', ['-x', '-C', dir], { input: repo.tar });
    const patch = await readTaskFile(task, task.definition.reference);
    await writeFile(path.join(dir, '.crucible-reference.patch'), patch);
    const applied = await execa('git', ['apply', '--whitespace=nowarn', '.crucible-reference.patch'], { cwd: dir, reject: false });
    if (applied.exitCode !== 0) throw new HarnessError('TASK_INVALID', `reference of ${task.definition.id} does not apply: ${applied.stderr.trim()}`);
    const out: ReferenceFile[] = [];
    for (const f of patchedFiles(patch)) {
      if (f.change === 'renamed' && f.from) out.push({ path: f.from, content: null });
      if (f.change === 'deleted') out.push({ path: f.path, content: null });
      else out.push({ path: f.path, content: await readFile(path.join(dir, f.path), 'utf8'), ...(f.from ? { renamedFrom: f.from } : {}), ...(f.change === 'added' ? { created: true } : {}) });
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
