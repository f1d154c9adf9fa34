import { html, type SafeHtml } from './escape.js';

function lineClass(line: string): string | undefined {
  if (line.startsWith('diff --git') || line.startsWith('+++ ') || line.startsWith('--- ')) return 'file';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return undefined;
}

/** The files a unified diff touches, from its `diff --git a/… b/…` lines. */
export function diffFiles(diff: string): string[] {
  return [...diff.matchAll(/^diff --git a\/(\S+) b\//gm)].map((m) => m[1]!);
}

/** How the diff was taken, from the trajectory's end event: why none could be, and files left out. */
export interface DiffProblems {
  /** Why no diff could be taken at all (the stored diff is then empty, not "no change"). */
  diffError?: string;
  /** Files left out of the diff for their size. */
  diffOmitted?: ReadonlyArray<{ path: string; bytes: number }>;
}

/** The sentence naming files left out of a diff, or undefined when none were. */
export function omittedSummary(omitted: DiffProblems['diffOmitted']): string | undefined {
  if (!omitted || omitted.length === 0) return undefined;
  return `${omitted.length} file(s) left out of the diff: ${omitted.map((f) => `${f.path} (${f.bytes} bytes)`).join(', ')}`;
}

/**
 * A unified diff as a `<pre>`: file headers, hunks, added and removed lines marked; every line
 * escaped. An empty diff says the attempt changed nothing only when a diff was in fact taken:
 * with a `diffError` it says why none could be, and files left out for size are named above it.
 */
export function renderDiff(diff: string, problems: DiffProblems = {}): SafeHtml {
  if (problems.diffError !== undefined) return html`<p class="bad">No diff could be taken: ${problems.diffError}</p>`;
  const omitted = omittedSummary(problems.diffOmitted);
  const note = omitted ? html`<p class="warn">${omitted}.</p>` : html``;
  if (diff === '') return omitted ? html`${note}<p class="muted">The rest of the diff is empty.</p>` : html`<p class="muted">Empty diff: the attempt changed nothing.</p>`;
  const lines = diff.replace(/\n$/, '').split('\n').map((line) => {
    const cls = lineClass(line);
    return cls ? html`<span class="${cls}">${line}</span>` : html`${line}\n`;
  });
  return html`${note}<pre class="diff" id="diff">${lines}</pre>`;
}
