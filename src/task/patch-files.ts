/** A file a unified diff touches, and how. */
export interface PatchedFile {
  /** Path after the change (before it, for deletions). */
  path: string;
  /** The other path of a rename or copy. */
  from?: string;
  change: 'added' | 'deleted' | 'modified' | 'renamed';
}

function unquote(p: string): string {
  if (p.startsWith('"') && p.endsWith('"')) return JSON.parse(p) as string;
  return p;
}

/**
 * Lists the files of a git-style unified diff (`diff --git a/x b/y` headers, or plain `---` /
 * `+++` pairs). Paths lose their `a/` / `b/` prefixes.
 */
export function patchedFiles(patch: string): PatchedFile[] {
  const files: PatchedFile[] = [];
  let current: PatchedFile | undefined;
  let oldPath: string | undefined;
  for (const line of patch.split('\n')) {
    const git = /^diff --git ("?a\/.+?"?) ("?b\/.+"?)$/.exec(line);
    if (git) {
      current = { path: unquote(git[2]!).slice(2), change: 'modified' };
      const from = unquote(git[1]!).slice(2);
      if (from !== current.path) current.from = from;
      files.push(current);
      continue;
    }
    if (line.startsWith('new file mode') && current) current.change = 'added';
    else if (line.startsWith('deleted file mode') && current) {
      current.change = 'deleted';
    } else if (line.startsWith('rename from ') && current) current.change = 'renamed';
    else if (line.startsWith('--- ')) oldPath = line.slice(4).split('\t')[0];
    else if (line.startsWith('+++ ') && !current) {
      const newPath = line.slice(4).split('\t')[0]!;
      const strip = (p: string) => unquote(p).replace(/^[ab]\//, '');
      if (newPath === '/dev/null') files.push({ path: strip(oldPath ?? ''), change: 'deleted' });
      else files.push({ path: strip(newPath), change: oldPath === '/dev/null' ? 'added' : 'modified' });
    }
    if (line.startsWith('+++ ') || line.startsWith('@@')) {
      if (line.startsWith('@@')) current = undefined;
    }
  }
  return files;
}
