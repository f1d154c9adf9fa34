import tar from 'tar-stream';
import type { TreeEntry } from './tree.js';

/** Ownership and time stamped on every entry of a tar made by {@link packTree}. */
export interface PackOptions {
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  mtime?: Date;
  /** Prepended to every path (no trailing slash), e.g. `repo`. */
  prefix?: string;
}

/** Packs tree entries into an uncompressed tar in the given order, with uniform owner and time. */
export async function packTree(entries: readonly TreeEntry[], options: PackOptions = {}): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const common = {
    uid: options.uid ?? 0,
    gid: options.gid ?? 0,
    uname: options.uname ?? 'root',
    gname: options.gname ?? 'root',
    mtime: options.mtime ?? new Date(0),
  };
  for (const e of entries) {
    const name = options.prefix ? `${options.prefix}/${e.path}` : e.path;
    if (e.type === 'dir') pack.entry({ ...common, name, type: 'directory', mode: e.mode });
    else if (e.type === 'symlink') pack.entry({ ...common, name, type: 'symlink', linkname: e.data.toString(), mode: 0o777 });
    else pack.entry({ ...common, name, type: 'file', mode: e.mode, size: e.data.length }, e.data);
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}
