/**
 * A seeded mulberry32 generator: a 32-bit state advanced by the Weyl increment 0x6D2B79F5 and
 * scrambled by xor-shift-multiply; numbers in [0, 1) with 2^-32 resolution, period 2^32. The same
 * seed always yields the same sequence (bootstraps, backoff jitter, fault placement). The seed is
 * reduced modulo 2^32.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
