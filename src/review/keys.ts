import { createHash } from 'node:crypto';

/**
 * The opaque key under which the review page and its API show an attempt: 12 hex digits of a
 * salted sha256 of the attempt id. Attempt ids name the agent (`<task>-<agent>-r0-<hash>`), so
 * blind review must never put them in a URL, a list or a page.
 */
export function reviewKey(attemptId: string): string {
  return createHash('sha256').update(`crucible-review\0${attemptId}`).digest('hex').slice(0, 12);
}
