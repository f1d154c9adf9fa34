import { mulberry32 as seededGenerator } from '../../random.js';
import { assertPositiveInteger } from './validate.js';

/** A source of uniform pseudo-random numbers in [0, 1). */
export type Rng = () => number;

/**
 * Creates a seeded mulberry32 generator: a 32-bit state advanced by the Weyl increment
 * 0x6D2B79F5 and scrambled by xor-shift-multiply. Period 2^32, which is far more draws than any
 * bootstrap here makes. The same seed always yields the same sequence, so bootstrap intervals
 * and Monte Carlo p-values are reproducible run to run.
 *
 * @param seed - Any integer; it is reduced modulo 2^32 (so `-1` and `4294967295` coincide).
 * @returns A function returning uniform numbers in [0, 1) with 2^-32 resolution.
 * @throws RangeError when `seed` is not an integer.
 */
export function mulberry32(seed: number): Rng {
  if (!Number.isInteger(seed)) {
    throw new RangeError(`seed must be an integer, got ${seed}`);
  }
  return seededGenerator(seed);
}

/**
 * Draws a uniform integer in [0, size) as ⌊rng() · size⌋. The modulo bias is at most
 * size / 2^32, negligible for the task counts a report resamples.
 *
 * @throws RangeError when `size` is not a positive integer.
 */
export function randomIndex(rng: Rng, size: number): number {
  assertPositiveInteger('size', size);
  return Math.floor(rng() * size);
}
