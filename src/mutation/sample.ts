/**
 * Deterministic sampling of mutants: the same candidates, seed and task always give the same sample.
 */
import { mulberry32 } from '../random.js';

/** FNV-1a of a string: mixes the task id into the seed so tasks do not share one sample pattern. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * At most `max` of `items`, drawn without replacement by a partial Fisher–Yates shuffle seeded
 * with `seed` and `key` (the task id), returned in their original order so reports read top to
 * bottom. All items, in order, when there are no more than `max`.
 */
export function sampleMutants<T>(items: readonly T[], max: number, seed: number, key: string): T[] {
  if (items.length <= max) return [...items];
  const random = mulberry32((seed ^ fnv1a(key)) >>> 0);
  const index = items.map((_, i) => i);
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(random() * (index.length - i));
    [index[i], index[j]] = [index[j]!, index[i]!];
  }
  return index.slice(0, max).sort((a, b) => a - b).map((i) => items[i]!);
}
