import { html, raw, type SafeHtml } from './escape.js';
import { STYLES } from './styles.js';

/**
 * Content-Security-Policy of every page: no script at all, nothing loaded from anywhere (styles
 * are inline, images are inline SVG). Escaping is the defence against markup in the data; this
 * is the second line should a bug ever let some through.
 */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * Marker `<meta>` in every page this report writes: a stale attempt page is removed only when it
 * carries it, so a report written into a folder that holds the user's own HTML never deletes it.
 */
export const GENERATOR_META = '<meta name="generator" content="crucible-report">';

/** A complete HTML document with the inline style sheet and {@link CSP}. */
export function page(title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">${raw(GENERATOR_META)}<meta http-equiv="Content-Security-Policy" content="${CSP}"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${title}</title><style>${raw(STYLES)}</style></head>
<body>${body}</body></html>
`.value;
}
