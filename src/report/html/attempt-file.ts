import { createHash } from 'node:crypto';

/** Folder (under the report folder) holding one HTML page per attempt. */
export const ATTEMPTS_DIR = 'attempts';

/**
 * The file name of an attempt's page: the id itself when it is made of `A-Z a-z 0-9 . _ -` only,
 * otherwise the id with every other character replaced by `_` plus 10 hex digits of its sha256,
 * so that ids differing only in replaced characters (`a/b`, `a:b`) never share a file.
 */
export function attemptFileName(attemptId: string): string {
  const safe = attemptId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 120);
  if (safe === attemptId) return `${safe}.html`;
  return `${safe}-${createHash('sha256').update(attemptId).digest('hex').slice(0, 10)}.html`;
}

/** The link to an attempt's page from the index (relative, so the report works from file://). */
export function attemptHref(attemptId: string): string {
  return `${ATTEMPTS_DIR}/${encodeURIComponent(attemptFileName(attemptId))}`;
}

/**
 * Whether a file name has the shape {@link attemptFileName} produces (`<safe id>.html`, maybe
 * with a 10-hex-digit suffix): the only files a report may consider its own stale pages.
 */
export function looksLikeAttemptFileName(file: string): boolean {
  return /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,119}(-[0-9a-f]{10})?\.html$/.test(file);
}
