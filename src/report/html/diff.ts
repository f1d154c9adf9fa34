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

/** A unified diff as a `<pre>`: file headers, hunks, added and removed lines marked; every line escaped. */
export function renderDiff(diff: string): SafeHtml {
  if (diff === '') return html`<p class="muted">Empty diff: the attempt changed nothing.</p>`;
  const lines = diff.replace(/\n$/, '').split('\n').map((line) => {
    const cls = lineClass(line);
    return cls ? html`<span class="${cls}">${line}</span>` : html`${line}\n`;
  });
  return html`<pre class="diff" id="diff">${lines}</pre>`;
}
