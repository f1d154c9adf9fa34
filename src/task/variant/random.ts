import { createHash } from 'node:crypto';
import { mulberry32 } from '../../random.js';

/** The generator of one variant: the same origin, strategy and seed always draw the same numbers. */
export function variantRng(originId: string, strategy: string, seed: number): () => number {
  return mulberry32(createHash('sha256').update(`${originId}\0${strategy}\0${seed}`).digest().readUInt32BE(0));
}

/** One element drawn from a non-empty list. */
export function pick<T>(rng: () => number, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick from an empty list');
  return items[Math.floor(rng() * items.length)]!;
}

/** `count` distinct elements drawn in a seeded order (fewer when the list is shorter). */
export function pickSome<T>(rng: () => number, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0]!);
  return out;
}

/**
 * A fresh canary in the bundled format (`crucible-canary:<uuid>`), derived from the origin's canary,
 * the strategy and the seed: unique per variant, and identical when the same variant is regenerated.
 */
export function variantCanary(originCanary: string, strategy: string, seed: number): string {
  const h = createHash('sha256').update(`variant\0${originCanary}\0${strategy}\0${seed}`).digest('hex');
  return `crucible-canary:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
