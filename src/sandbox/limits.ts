import type { SandboxLimits } from './types.js';

const GiB = 1024 ** 3;

/** Defaults for every sandbox; a task may override any of them. */
export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  pids: 256,
  memoryBytes: 2 * GiB,
  cpus: 1,
  diskBytes: 1 * GiB,
});

/** Merges overrides onto the defaults and rejects values that cannot work. */
export function resolveLimits(overrides: Partial<SandboxLimits> = {}): SandboxLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [key, value] of Object.entries(limits)) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      throw new RangeError(`Expected limit \`${key}\` to be a positive number, got ${String(value)}`);
    }
  }
  return limits;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: GiB, gb: GiB, gib: GiB };

/** Parses a size such as `512m`, `2GiB` or `1048576` into bytes. */
export function parseBytes(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new RangeError(`Expected a size like 512m or 2g, got ${JSON.stringify(text)}`);
  return Math.round(Number(match[1]) * unit);
}
