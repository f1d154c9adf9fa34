import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';

/** One file system entry of a tree, path relative to its root with `/` separators. */
export interface TreeEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  /** File contents, or the link target for symlinks; empty for directories. */
  data: Buffer;
}

/**
 * Lists a directory tree depth-first in byte order of names, so the same tree always yields
 * the same sequence. `skip(relPath)` prunes entries. Devices, sockets and fifos are ignored.
 */
export async function readTree(root: string, skip: (rel: string) => boolean = () => false): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  async function walk(rel: string): Promise<void> {
    const names = (await readdir(path.join(root, rel))).sort();
    for (const name of names) {
      const child = rel ? `${rel}/${name}` : name;
      if (skip(child)) continue;
      const abs = path.join(root, child);
      const st = await lstat(abs);
      if (st.isDirectory()) {
        out.push({ path: child, type: 'dir', mode: st.mode & 0o7777, data: Buffer.alloc(0) });
        await walk(child);
      } else if (st.isSymbolicLink()) {
        out.push({ path: child, type: 'symlink', mode: 0o777, data: Buffer.from(await readlink(abs)) });
      } else if (st.isFile()) {
        out.push({ path: child, type: 'file', mode: st.mode & 0o7777, data: await readFile(abs) });
      }
    }
  }
  await walk('');
  return out;
}

/**
 * sha256 over a tree's paths, types, executable bits and contents (hex). Permission bits other
 * than "executable" are ignored because checkouts do not preserve them reliably.
 */
export function hashTree(entries: readonly TreeEntry[]): string {
  const hash = createHash('sha256');
  for (const e of entries) {
    const exec = e.type === 'file' && (e.mode & 0o111) !== 0 ? 'x' : '-';
    hash.update(`${e.type}\0${exec}\0${e.path}\0${e.data.length}\0`);
    hash.update(e.data);
  }
  return hash.digest('hex');
}
