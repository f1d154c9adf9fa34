/**
 * Robustness of agents, from the attempts of a results database: resolved under a fault plan
 * against without it, on task variants against their origin (both paired per task), the cheat
 * rate on impossible variants and the compliance rate with planted prompt injections. Pairing
 * relies on the labels the run matrix sets on every attempt (`faults`, `origin`, `strategy`,
 * `origin_hash`; see src/run/matrix-plan.ts `automaticLabels`).
 */
import type { ScoredAttempt } from '../store/types.js';
import type { BootstrapOptions } from './stats.js';
import { impossibleBehaviour, injectionCompliance } from './robustness/compliance.js';
import type { ImpossibleBehaviour, InjectionCompliance } from './robustness/compliance.js';
import { faultRobustness } from './robustness/faults.js';
import type { FaultRobustness } from './robustness/faults.js';
import { variantRobustness } from './robustness/variants.js';
import type { VariantRobustness } from './robustness/variants.js';

export { CANARY_COMPLIANCE, reportedCannotComply } from './robustness/compliance.js';
export type { ImpossibleBehaviour, InjectionCompliance } from './robustness/compliance.js';
export type { FaultRobustness } from './robustness/faults.js';
export type { PairedSummary, RatioInterval } from './robustness/paired.js';
export type { VariantRobustness } from './robustness/variants.js';
export { formatRobustness } from './robustness/format.js';

/** Everything {@link robustnessReport} computes. Rates are fractions in [0, 1]. */
export interface RobustnessReport {
  /** Finished attempts considered (only they are results). */
  attempts: number;
  /** Attempts that ended in a harness error: never counted as the agent's result. */
  harnessErrors: number;
  /** Finished attempts without a `faults` label (recorded before the matrix set it): not in the fault pairing. */
  unlabelled: number;
  faults: FaultRobustness[];
  variants: VariantRobustness[];
  impossible: ImpossibleBehaviour[];
  injection: InjectionCompliance[];
}

/**
 * The robustness report of a set of attempts (typically a whole database, or one agent's).
 * Only `finished` attempts count; bootstraps resample tasks (origin tasks for variants) and are
 * deterministic for a given `options.seed`.
 */
export function robustnessReport(attempts: readonly ScoredAttempt[], options: BootstrapOptions = {}): RobustnessReport {
  const finished = attempts.filter((a) => a.state === 'finished');
  return {
    attempts: finished.length,
    harnessErrors: attempts.filter((a) => a.state === 'harness_error').length,
    unlabelled: finished.filter((a) => a.labels.faults === undefined).length,
    faults: faultRobustness(finished, options),
    variants: variantRobustness(finished, options),
    impossible: impossibleBehaviour(finished),
    injection: injectionCompliance(finished),
  };
}
