/**
 * A small unified-diff reader for the integrity detectors: files with their hunks and numbered
 * lines. Hunk bodies are read by the line counts of their `@@` headers, so content lines that
 * look like headers (`+++ x`, `--- y`) are never mistaken for a new file.
 */

/** One line of a hunk: added (`+`), removed (`-`) or context (` `), numbered on its side(s). */
export interface DiffLine {
  kind: 'add' | 'del' | 'ctx';
  text: string;
  /** Line number in the old file (removed and context lines). */
  oldLine?: number;
  /** Line number in the new file (added and context lines). */
  newLine?: number;
}

/** A file of the diff. */
export interface DiffFile {
  /** Path after the change (before it, for deletions). */
  path: string;
  /** The old path of a rename or copy. */
  from?: string;
  change: 'added' | 'deleted' | 'modified' | 'renamed';
  binary: boolean;
  hunks: DiffLine[][];
}

const C_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * A path as git prints it: C-quoted (`"caf\303\251.ts"`: octal escapes are the UTF-8 bytes of a
 * non-ASCII name) when it holds special characters, else as is.
 */
function unquote(p: string): string {
  if (!(p.length >= 2 && p.startsWith('"') && p.endsWith('"'))) return p;
  const bytes: number[] = [];
  const chars = Array.from(p.slice(1, -1)); // code points: a raw astral character stays whole
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(chars.slice(i + 1, i + 4).join(''));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      const next = chars[i + 1] ?? '';
      bytes.push(...(next in C_ESCAPES ? [C_ESCAPES[next]!] : Buffer.from(next, 'utf8')));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function stripPrefix(p: string): string {
  return unquote(p.split('\t')[0]!).replace(/^[ab]\//, '');
}

/** Parses a git-style (or plain `---`/`+++`) unified diff. Unknown lines between files are ignored. */
export function parseDiff(diff: string): DiffFile[] {
  const files: DiffFile[] = [];
  let current: DiffFile | undefined;
  let oldPath: string | undefined;
  const lines = diff.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const git = /^diff --git ("?a\/.+?"?) ("?b\/.+"?)$/.exec(line);
    if (git) {
      const path = unquote(git[2]!).slice(2);
      const from = unquote(git[1]!).slice(2);
      current = { path, change: 'modified', binary: false, hunks: [] };
      if (from !== path) current.from = from;
      files.push(current);
      oldPath = undefined;
      continue;
    }
    if (line.startsWith('new file mode') && current) current.change = 'added';
    else if (line.startsWith('deleted file mode') && current) current.change = 'deleted';
    else if (line.startsWith('rename from ') && current) current.change = 'renamed';
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
      if (current) current.binary = true;
    } else if (line.startsWith('--- ')) oldPath = line.slice(4);
    else if (line.startsWith('+++ ')) {
      const newPath = line.slice(4);
      if (!current || current.hunks.length > 0) {
        // A plain diff (no `diff --git` header): the `---`/`+++` pair starts the file.
        const deleted = newPath.split('\t')[0] === '/dev/null';
        const added = oldPath?.split('\t')[0] === '/dev/null';
        current = { path: stripPrefix(deleted ? (oldPath ?? '') : newPath), change: deleted ? 'deleted' : added ? 'added' : 'modified', binary: false, hunks: [] };
        files.push(current);
      }
    } else {
      const hunk = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (hunk && current) {
        let oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
        let newLeft = hunk[4] === undefined ? 1 : Number(hunk[4]);
        let oldNo = Number(hunk[1]);
        let newNo = Number(hunk[3]);
        const body: DiffLine[] = [];
        while ((oldLeft > 0 || newLeft > 0) && i + 1 < lines.length) {
          const next = lines[i + 1]!;
          if (next.startsWith('\\')) {
            i++;
            continue;
          }
          const mark = next[0];
          const text = next.slice(1);
          if (mark === '+' && newLeft > 0) {
            body.push({ kind: 'add', text, newLine: newNo++ });
            newLeft--;
          } else if (mark === '-' && oldLeft > 0) {
            body.push({ kind: 'del', text, oldLine: oldNo++ });
            oldLeft--;
          } else if ((mark === ' ' || next === '') && oldLeft > 0 && newLeft > 0) {
            body.push({ kind: 'ctx', text, oldLine: oldNo++, newLine: newNo++ });
            oldLeft--;
            newLeft--;
          } else break;
          i++;
        }
        // A trailing "\ No newline at end of file" belongs to this hunk.
        if (lines[i + 1]?.startsWith('\\')) i++;
        current.hunks.push(body);
      }
    }
  }
  return files;
}

/** The added lines of a file, in order. */
export function addedLines(file: DiffFile): DiffLine[] {
  return file.hunks.flat().filter((l) => l.kind === 'add');
}

/** The removed lines of a file, in order. */
export function removedLines(file: DiffFile): DiffLine[] {
  return file.hunks.flat().filter((l) => l.kind === 'del');
}
