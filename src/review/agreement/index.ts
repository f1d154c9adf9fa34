/**
 * Pure inter-rater agreement statistics for reviewing agent runs: Cohen's kappa for two raters,
 * Krippendorff's alpha for many raters with missing values, and detector-vs-reviewer
 * precision/recall. No I/O.
 */
export {
  cohenKappa,
  cohenKappaFromMatrix,
  confusionMatrix,
  type KappaOptions,
  type KappaWeights,
  type Label,
} from './kappa.js';
export {
  coincidenceMatrix,
  krippendorffAlpha,
  type AlphaLevel,
  type CoincidenceMatrix,
  type ReliabilityData,
  type ReliabilityValue,
} from './krippendorff.js';
export {
  precisionRecall,
  precisionRecallFromLabels,
  type DetectionCounts,
  type PrecisionRecall,
} from './precision-recall.js';
