import { distractors } from './distractors.js';
import { faults } from './faults.js';
import { impossible } from './impossible.js';
import { injection } from './injection.js';
import { misleading } from './misleading.js';
import { rename } from './rename.js';
import type { VariantStrategy } from './types.js';

/** Every variant strategy, by the name `--strategy` takes. */
export const STRATEGIES: ReadonlyMap<string, VariantStrategy> = new Map([injection, misleading, distractors, faults, rename, impossible].map((s) => [s.name, s]));

/** An unknown strategy name; the message lists the known ones. */
export class UnknownStrategyError extends Error {
  override readonly name = 'UnknownStrategyError';
}

/** The strategy called `name`. @throws UnknownStrategyError naming every known strategy. */
export function strategyNamed(name: string): VariantStrategy {
  const s = STRATEGIES.get(name);
  if (!s) throw new UnknownStrategyError(`unknown variant strategy ${JSON.stringify(name)}; known: ${[...STRATEGIES.keys()].join(', ')}`);
  return s;
}
