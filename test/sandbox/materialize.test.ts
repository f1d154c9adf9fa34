import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { EPOCH, materializeRepo } from '../../src/sandbox/materialize.js';
import { isHarnessError } from '../../src/errors.js';

interface Entry { name: string; type: string; uid: number; gid: number; mtime: number }

async function entriesOf(buf: Buffer): Promise<Entry[]> {
  const extract = tar.extract();
  const out: Entry[] = [];
  extract.on('entry', (header, stream, next) => {
    out.push({ name: header.name, type: header.type ?? 'file', uid: header.uid ?? -1, gid: header.gid ?? -1, mtime: header.mtime?.getTime() ?? -1 });
    stream.on('end', next);
    stream.resume();
  });
  const done = new Promise<void>((resolve) => extract.on('finish', () => resolve()));
  extract.end(buf);
  await done;
  return out;
}

async function repoDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'crucible-mat-'));
  await mkdir(path.join(dir, 'lib'));
  await writeFile(path.join(dir, 'lib', 'a.py'), 'def f():\n    return 1\n');
  await writeFile(path.join(dir, 'README.md'), 'readme\n');
  return dir;
}

const bugPatch = ['--- a/lib/a.py', '+++ b/lib/a.py', '@@ -1,2 +1,2 @@', ' def f():', '-    return 1', '+    return 2', ''].join('\n');

describe('materializeRepo', () => {
  it('packs the tree and a one-commit .git, all owned by the agent with one mtime', async () => {
    const repo = await materializeRepo({ dir: await repoDir() });
    expect(repo.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(repo.fileCount).toBe(2);
    const entries = await entriesOf(repo.tar);
    expect(new Set(entries.map((e) => `${e.uid}:${e.gid}`))).toEqual(new Set(['1000:1000']));
    expect(new Set(entries.map((e) => e.mtime))).toEqual(new Set([EPOCH.getTime()]));
    const names = entries.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['README.md', 'lib/a.py', '.git/HEAD', '.git/index']));
    expect(names.filter((n) => /^\.git\/(logs|hooks|COMMIT_EDITMSG|ORIG_HEAD|description)/.test(n))).toEqual([]);
    expect(names.filter((n) => n.startsWith('.git/refs/tags/') && !n.endsWith('/'))).toEqual([]);
    expect(names).toContain('.git/info/exclude');
  });

  it('gives the same commit for the same content, and another one once a setup patch changes it', async () => {
    const dir = await repoDir();
    const plain = await materializeRepo({ dir });
    expect((await materializeRepo({ dir: await repoDir() })).commit).toBe(plain.commit);
    const patched = await materializeRepo({ dir, setupPatch: bugPatch });
    expect(patched.commit).not.toBe(plain.commit);
    expect(patched.tar.includes(Buffer.from('return 2'))).toBe(true);
  });

  it('fails with MATERIALIZE_FAILED and git\'s message when the setup patch does not apply', async () => {
    const err = await materializeRepo({ dir: await repoDir(), setupPatch: bugPatch.replace('return 1', 'return 7') }).catch((e: unknown) => e);
    expect(isHarnessError(err, 'MATERIALIZE_FAILED')).toBe(true);
    expect((err as Error).message).toMatch(/setup patch does not apply .*patch failed: lib\/a.py:1/);
  });
});
