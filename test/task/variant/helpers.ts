import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requireTask } from '../../../src/task/loader.js';
import type { LoadedTask } from '../../../src/task/loader.js';
import { createVariants } from '../../../src/task/variant/index.js';
import { BaseWorkspace } from '../../../src/task/variant/workspace.js';

/** The project root (vitest runs from it): bundled tasks and repos live there. */
export const ROOT = process.cwd();

/** A bundled task, loaded. */
export function bundled(id: string): Promise<LoadedTask> {
  return requireTask(path.join(ROOT, 'tasks', id), ROOT);
}

/** Creates one variant of a bundled task in a fresh temporary folder and loads it. */
export async function variantOf(id: string, strategy: string, seed = 1): Promise<{ origin: LoadedTask; variant: LoadedTask; summary: string; out: string }> {
  const origin = await bundled(id);
  const out = await mkdtemp(path.join(tmpdir(), 'crucible-variant-test-'));
  const [created] = await createVariants(origin, { strategies: [strategy], outDir: out, seed });
  return { origin, variant: await requireTask(created!.dir, ROOT), summary: created!.summary, out };
}

/** The text files of a task's starting workspace (repository plus setup patch), read on the host. */
export async function workspaceOf(task: LoadedTask): Promise<ReadonlyMap<string, string>> {
  const ws = await BaseWorkspace.open(task);
  try {
    return ws.files;
  } finally {
    await ws.close();
  }
}

/** A file beside a task's task.yaml. */
export function besideFile(task: LoadedTask, rel: string): Promise<string> {
  return readFile(path.join(task.dir, rel), 'utf8');
}
