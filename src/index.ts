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

// Tasks
export { TaskSchema } from './task/schema.js';
export type { TaskDefinition, StructureAssertion, ToolCallPattern, Milestone } from './task/schema.js';
export { loadTask, requireTask } from './task/loader.js';
export type { LoadedTask } from './task/loader.js';
export { lintTask, lintTasks } from './task/lint.js';
export type { LintResult } from './task/lint.js';
export { formatProblem, TaskInvalidError } from './task/problems.js';
export type { TaskProblem } from './task/problems.js';
export { selectTasks, SelectionError } from './task/selection.js';
export { taskContentHash } from './task/content-hash.js';
export { taskJsonSchema } from './task/json-schema.js';
export { importSwebench } from './task/import-swebench.js';

// Grading
export { grade } from './grade/grade.js';
export type { GradeOptions, GradeResult } from './grade/grade.js';
export { evaluateReport } from './grade/evaluate.js';
export type { Evaluation, TestVerdict } from './grade/evaluate.js';
export { openTaskSandbox } from './grade/task-sandbox.js';
export { checkStructure, findSymbols, exportedApi } from './grade/structure/index.js';
export type { StructureResult } from './grade/structure/index.js';
export { normalizeUnittestId, parseReport, REPORT_FORMATS } from './grade/parsers/index.js';
export type { ParsedReport, ReportFormat, TestCaseResult, TestStatus } from './grade/parsers/index.js';

// Tools, agents, trajectories
export { TOOLS, toolSpecs } from './tools/registry.js';
export type { ToolSpec } from './tools/registry.js';
export type { ToolDefinition, ToolOutcome } from './tools/types.js';
export { Dispatcher } from './tools/dispatcher.js';
export type { ToolResponse } from './tools/dispatcher.js';
export { FaultInjector } from './tools/faults.js';
export { AGENTS, createAgent, parseAgentSpec, registerAgent } from './agent/registry.js';
export type { Agent, AgentContext, AgentFactory, AgentSession } from './agent/types.js';
export { readTrajectory, parseTrajectory, TrajectoryFormatError } from './trajectory/reader.js';
export type { Trajectory } from './trajectory/reader.js';
export { TrajectoryWriter } from './trajectory/writer.js';
export { formatTrajectory } from './trajectory/show.js';
export { TRAJECTORY_VERSION, TrajectoryEventSchema, FaultPlanSchema } from './trajectory/schema.js';
export type { TrajectoryEvent, ExitStatus, FaultPlan, Claims } from './trajectory/schema.js';
export { runAttempt, attemptSeed } from './run/attempt.js';
export type { AttemptOptions, AttemptResult } from './run/attempt.js';
export { validateTask } from './run/validate.js';
export type { TaskValidation } from './run/validate.js';

// Scoring
export { scoreAttempt } from './score/index.js';
export type { AttemptScores } from './score/index.js';
export { unresolvedEvidence } from './score/evidence.js';
export { COMPOSITE_WEIGHTS } from './score/composite.js';
export { SCORE_NAMES } from './score/types.js';
export type { Score, ScoreName, Finding, Evidence, ScoringContext, Scorer } from './score/types.js';

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
