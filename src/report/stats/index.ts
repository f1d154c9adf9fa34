/**
 * Pure statistics for evaluation reports: proportion intervals, pass@k / pass^k, paired tests,
 * seeded bootstraps and power calculations. No I/O; every function is deterministic given its
 * inputs (bootstraps through an explicit seed).
 */
export { logChoose, binomialCdf } from './binomial.js';
export {
  clusterBootstrapMean,
  pairedBootstrapDiff,
  quantileSorted,
  type BootstrapInterval,
  type BootstrapOptions,
  type ClusterBootstrapOptions,
  type ClusterWeighting,
  type PairedScore,
} from './bootstrap.js';
export { mcnemarExact } from './mcnemar.js';
export { normalQuantile } from './normal.js';
export { meanPassAtK, meanPassHatK, passAtK, passHatK, type TaskSamples } from './pass-k.js';
export { EXACT_SIGN_FLIP_LIMIT, signFlipPermutationP, type PermutationOptions } from './permutation.js';
export {
  minimumDetectableDifference,
  minimumDetectableDifferenceBinary,
  zeroEventUpperBound,
  type BinaryPowerOptions,
  type ContinuousPowerOptions,
  type PowerOptions,
  type ZeroEventBound,
} from './power.js';
export { mulberry32, randomIndex, type Rng } from './prng.js';
export { wilson, type ProportionInterval } from './wilson.js';
