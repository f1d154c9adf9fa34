import { z } from 'zod';

/**
 * The trajectory format: JSON Lines, one event per line, the first a `header`, the last an `end`.
 * Every agent — built-in, OpenAI-compatible, MCP, external program — is recorded in this one
 * normalised shape, so scorers never parse a provider's own message format. Versioned: readers
 * refuse a version they do not know. Reference: docs/trajectory.md.
 */
export const TRAJECTORY_VERSION = 1;

/** Closed set of tool error types an agent can see (never a stack trace). */
export const ToolErrorTypeSchema = z.enum(['invalid_args', 'not_found', 'timeout', 'limit', 'permission', 'conflict', 'unavailable', 'unknown']);
export type ToolErrorType = z.infer<typeof ToolErrorTypeSchema>;

/** The four fault classes of "When Tools Fail" (scoring.md §3). */
export const FaultClassSchema = z.enum(['explicit_transient', 'explicit_permanent', 'implicit_transient', 'implicit_permanent']);
export type FaultClass = z.infer<typeof FaultClassSchema>;

/** One planned fault: which tool, from which of its calls (1-based), of which class. */
export const FaultSpecSchema = z.strictObject({
  class: FaultClassSchema,
  tool: z.string().min(1),
  /** The n-th call of `tool` (1-based) where the fault starts; drawn from the seed when absent. */
  at: z.number().int().positive().optional(),
});
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

/** A fault plan: deterministic given the attempt's seed. */
export const FaultPlanSchema = z.strictObject({ faults: z.array(FaultSpecSchema).default([]) });
export type FaultPlan = z.infer<typeof FaultPlanSchema>;

/** How an attempt ended. */
export const ExitStatusSchema = z.enum(['submitted', 'step_limit', 'time_limit', 'agent_error', 'harness_error']);
export type ExitStatus = z.infer<typeof ExitStatusSchema>;

/** What `submit` claims. */
export const ClaimsSchema = z.strictObject({
  summary: z.string(),
  testsPass: z.boolean().optional(),
  cannotComply: z.boolean().optional(),
  reason: z.string().optional(),
});
export type Claims = z.infer<typeof ClaimsSchema>;

const iso = z.string().min(1);

export const HeaderEventSchema = z.strictObject({
  type: z.literal('header'),
  version: z.literal(TRAJECTORY_VERSION),
  attemptId: z.string(),
  task: z.strictObject({ id: z.string(), contentHash: z.string(), kind: z.string() }),
  agent: z.strictObject({ spec: z.string(), name: z.string(), version: z.string() }),
  model: z.string().optional(),
  agentConfig: z.record(z.string(), z.unknown()).default({}),
  promptVariant: z.string().optional(),
  seed: z.number().int(),
  limits: z.strictObject({ steps: z.number().int(), wallTimeMs: z.number(), outputBytes: z.number().int() }),
  image: z.strictObject({ tag: z.string(), id: z.string() }),
  faults: FaultPlanSchema.default({ faults: [] }),
  crucibleVersion: z.string(),
  startedAt: iso,
});

export const MessageEventSchema = z.strictObject({
  type: z.literal('message'),
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  text: z.string(),
  /** Tool calls the assistant asked for in this message, by call id. */
  toolCallIds: z.array(z.string()).optional(),
  tokens: z.strictObject({ prompt: z.number().int(), completion: z.number().int() }).optional(),
  costUsd: z.number().optional(),
  latencyMs: z.number().optional(),
  at: iso,
});

/** A file a call changed, with sha256 (hex, first 16 chars) before and after; absent = did not exist. */
export const FileChangeSchema = z.strictObject({
  path: z.string(),
  op: z.enum(['added', 'modified', 'deleted']),
  before: z.string().optional(),
  after: z.string().optional(),
});
export type FileChange = z.infer<typeof FileChangeSchema>;

export const ToolCallEventSchema = z.strictObject({
  type: z.literal('tool_call'),
  step: z.number().int().positive(),
  callId: z.string(),
  tool: z.string(),
  /** Arguments exactly as the agent sent them (a JSON string from model adapters). */
  rawArgs: z.string(),
  /** False when the arguments were not decodable JSON at all. */
  parsed: z.boolean(),
  /** False when decodable but not valid for the tool's schema (or the tool is unknown). */
  schemaValid: z.boolean(),
  args: z.unknown().optional(),
  startedAt: iso,
});

export const InjectedFaultSchema = z.strictObject({ class: FaultClassSchema, effect: z.string() });
export type InjectedFault = z.infer<typeof InjectedFaultSchema>;

export const ToolResultEventSchema = z.strictObject({
  type: z.literal('tool_result'),
  step: z.number().int().positive(),
  callId: z.string(),
  tool: z.string(),
  kind: z.enum(['ok', 'tool_error', 'harness_error', 'timeout']),
  error: z.strictObject({ type: ToolErrorTypeSchema, message: z.string() }).optional(),
  exitCode: z.number().int().optional(),
  /** What the agent was shown, possibly truncated (see `truncated`). */
  output: z.string(),
  truncated: z.boolean(),
  /** sha256 (hex, 16 chars) of the full output: loop and redundancy detection. */
  outputHash: z.string(),
  fault: InjectedFaultSchema.optional(),
  filesChanged: z.array(FileChangeSchema),
  endedAt: iso,
  durationMs: z.number(),
});

export const PlanEventSchema = z.strictObject({
  type: z.literal('plan'),
  step: z.number().int().positive(),
  steps: z.array(z.strictObject({ id: z.string(), text: z.string(), status: z.enum(['pending', 'in_progress', 'done', 'dropped']) })),
  at: iso,
});

export const EndEventSchema = z.strictObject({
  type: z.literal('end'),
  status: ExitStatusSchema,
  claims: ClaimsSchema.optional(),
  /** The workspace against its initial commit, byte-identical to what is graded. */
  finalDiff: z.string(),
  diffSha256: z.string(),
  /** Added or changed workspace files too large for source code (over 8 MiB), left out of `finalDiff`. */
  diffOmitted: z.array(z.strictObject({ path: z.string(), bytes: z.number().int().nonnegative() })).optional(),
  /** Why no diff could be taken (the workspace's diff was too large, or did not fit): `finalDiff` is empty and not resolved. */
  diffError: z.string().optional(),
  steps: z.number().int(),
  /** Processes still running at the end and killed before the diff was taken. */
  killedProcesses: z.number().int(),
  error: z.string().optional(),
  endedAt: iso,
});

/** Every event a trajectory line may hold. */
export const TrajectoryEventSchema = z.discriminatedUnion('type', [
  HeaderEventSchema,
  MessageEventSchema,
  ToolCallEventSchema,
  ToolResultEventSchema,
  PlanEventSchema,
  EndEventSchema,
]);

export type HeaderEvent = z.infer<typeof HeaderEventSchema>;
export type MessageEvent = z.infer<typeof MessageEventSchema>;
export type ToolCallEvent = z.infer<typeof ToolCallEventSchema>;
export type ToolResultEvent = z.infer<typeof ToolResultEventSchema>;
export type PlanEvent = z.infer<typeof PlanEventSchema>;
export type EndEvent = z.infer<typeof EndEventSchema>;
export type TrajectoryEvent = z.infer<typeof TrajectoryEventSchema>;
