import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document } from 'yaml';
import type { TreeEntry } from '../../sandbox/tree.js';
import type { RawTask } from './types.js';

/** A variant folder that exists already (without `--force`). */
export class VariantExistsError extends Error {
  override readonly name = 'VariantExistsError';
}

/** Everything a variant folder holds. */
export interface VariantFolder {
  dir: string;
  raw: RawTask;
  /** Files beside task.yaml copied from the origin (binary ones unchanged). */
  copied: readonly TreeEntry[];
  /** Text files beside task.yaml written by the variant (they win over copies). */
  written: ReadonlyMap<string, string>;
  /** The comment at the top of task.yaml. */
  header: string;
}

/**
 * Writes a variant's folder: task.yaml (with a header comment saying where it comes from), the
 * origin's files and the variant's own. An existing folder is an error unless `force`, which
 * replaces it entirely (no stale file of an earlier variant survives).
 */
export async function writeVariantFolder(folder: VariantFolder, force: boolean): Promise<void> {
  if (await stat(folder.dir).then(() => true, () => false)) {
    if (!force) throw new VariantExistsError(`${folder.dir} exists already (use --force to replace it)`);
    await rm(folder.dir, { recursive: true, force: true });
  }
  await mkdir(folder.dir, { recursive: true });
  for (const e of folder.copied) {
    if (e.type !== 'file' || folder.written.has(e.path)) continue;
    await mkdir(path.dirname(path.join(folder.dir, e.path)), { recursive: true });
    await writeFile(path.join(folder.dir, e.path), e.data, { mode: e.mode });
  }
  for (const [rel, text] of folder.written) {
    await mkdir(path.dirname(path.join(folder.dir, rel)), { recursive: true });
    await writeFile(path.join(folder.dir, rel), text);
  }
  const doc = new Document(folder.raw);
  doc.commentBefore = ` ${folder.header}`;
  await writeFile(path.join(folder.dir, 'task.yaml'), doc.toString({ lineWidth: 0 }));
}
