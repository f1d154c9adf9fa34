/**
 * Crucible's library API. Everything the CLI does is reachable from here; explicit named
 * exports only, so the public surface is visible in one place.
 */

// Errors
export { HarnessError, isHarnessError } from './errors.js';
export type { HarnessErrorCode } from './errors.js';

// Sandboxes
export { WORKSPACE, SandboxPathError } from './sandbox/types.js';
export type {
  DirEntry,
  EntryType,
  ExecOptions,
  ExecResult,
  FileContent,
  FileStat,
  MaterializedRepo,
  Sandbox,
  SandboxLimits,
  SandboxPathErrorCode,
  SandboxProvider,
  SandboxSpec,
} from './sandbox/types.js';
export { DEFAULT_LIMITS, parseBytes, resolveLimits } from './sandbox/limits.js';
export { DockerProvider } from './sandbox/docker/docker-provider.js';
export { DockerSandbox } from './sandbox/docker/docker-sandbox.js';
export type { RawExecResult } from './sandbox/docker/docker-sandbox.js';
export type { EngineOptions } from './sandbox/docker/engine.js';
export { EPOCH, materializeRepo } from './sandbox/materialize.js';
export type { RepoSource } from './sandbox/materialize.js';
export { collectGarbage, parseDuration } from './sandbox/gc.js';
export type { GcDecision, GcOptions } from './sandbox/gc.js';
export { closeAllSandboxes, installSignalCleanup } from './sandbox/cleanup.js';
export { buildSandboxImage, sandboxImageTag } from './sandbox/image/sandbox-image.js';
export type { BuildOptions, BuiltImage } from './sandbox/image/sandbox-image.js';
export { buildSelfImage } from './sandbox/image/self-image.js';
export { loadProfile } from './sandbox/image/profile.js';
export type { Profile } from './sandbox/image/profile.js';

// Grading: test report parsers
export { normalizeUnittestId, parseReport, REPORT_FORMATS } from './grade/parsers/index.js';
export type { ParsedReport, ReportFormat, TestCaseResult, TestStatus } from './grade/parsers/index.js';

// Statistics and reviewer agreement
export {
  clusterBootstrapMean,
  mcnemarExact,
  meanPassAtK,
  meanPassHatK,
  minimumDetectableDifference,
  minimumDetectableDifferenceBinary,
  pairedBootstrapDiff,
  passAtK,
  passHatK,
  signFlipPermutationP,
  wilson,
  zeroEventUpperBound,
} from './report/stats.js';
export { cohenKappa, krippendorffAlpha, precisionRecall } from './review/agreement.js';

// The smoke evaluation (main job until full runs exist)
export { smokeRepos } from './run/smoke.js';
export type { SmokeResult } from './run/smoke.js';
export { VERSION } from './version.js';
