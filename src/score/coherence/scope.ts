import { matchesAny } from '../../task/glob.js';

/** Changed lines of one file of a diff. */
export interface FileLines {
  path: string;
  /** Added + removed lines (a binary change counts as 1). */
  lines: number;
}

function unquote(p: string): string {
  return p.startsWith('"') && p.endsWith('"') ? (JSON.parse(p) as string) : p;
}

function stripSide(p: string): string {
  return unquote(p.split('\t')[0]!).replace(/^[ab]\//, '');
}

/**
 * Added + removed lines per file of a unified diff (git-style `diff --git` headers, or plain
 * `---` / `+++` pairs). Hunk bodies are consumed by their `@@ -a,b +c,d @@` counts, so a removed
 * line that starts with `--` is never taken for a header.
 */
export function diffLineCounts(diff: string): FileLines[] {
  const files: FileLines[] = [];
  let cur: FileLines | undefined;
  let gitHeader = false;
  let minus: string | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of diff.split('\n')) {
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith('+')) newLeft--;
      else if (line.startsWith('-')) oldLeft--;
      else if (line.startsWith('\\')) continue;
      else {
        oldLeft--;
        newLeft--;
        continue;
      }
      if (cur) cur.lines++;
      continue;
    }
    const git = /^diff --git ("?a\/.+?"?) ("?b\/.+"?)$/.exec(line);
    if (git) {
      cur = { path: unquote(git[2]!).slice(2), lines: 0 };
      files.push(cur);
      gitHeader = true;
      continue;
    }
    if (line.startsWith('--- ')) minus = stripSide(line.slice(4));
    else if (line.startsWith('+++ ')) {
      if (!gitHeader) {
        const plus = line.slice(4).split('\t')[0]!;
        cur = { path: plus === '/dev/null' ? (minus ?? '') : stripSide(plus), lines: 0 };
        files.push(cur);
      }
      gitHeader = false;
    } else if (line.startsWith('@@')) {
      const m = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
      oldLeft = m ? Number(m[1] ?? 1) : 0;
      newLeft = m ? Number(m[2] ?? 1) : 0;
      gitHeader = false;
    } else if (cur && (line.startsWith('Binary files ') || line === 'GIT binary patch')) cur.lines++;
  }
  return files;
}

/** Scope drift: changed lines outside the task's allowed paths / all changed lines (scoring.md §4). */
export interface ScopeDrift {
  /** False when the diff changes no line: there is no ratio to take. */
  applicable: boolean;
  /** Whether the task declares allowed paths; without them drift is 0 (not measured). */
  declared: boolean;
  ratio: number;
  outsideLines: number;
  totalLines: number;
  /** Files with changed lines outside the allowed paths. */
  outside: FileLines[];
}

/**
 * Drift = lines changed in files matching none of `allowed` / all changed lines. Test files are
 * judged like any other file: inside when the allowed paths cover them, drift otherwise. No
 * allowed paths declared → 0.
 */
export function scopeDrift(diff: string, allowed: readonly string[]): ScopeDrift {
  const files = diffLineCounts(diff);
  const totalLines = files.reduce((n, f) => n + f.lines, 0);
  const outside = allowed.length ? files.filter((f) => f.lines > 0 && !matchesAny(f.path, allowed)) : [];
  const outsideLines = outside.reduce((n, f) => n + f.lines, 0);
  return { applicable: totalLines > 0, declared: allowed.length > 0, ratio: totalLines ? outsideLines / totalLines : 0, outsideLines, totalLines, outside };
}
