import { z } from 'zod';
import { FaultPlanSchema } from '../trajectory/schema.js';

/**
 * The task format: `tasks/<id>/task.yaml`, validated by {@link TaskSchema}. Keys are snake_case
 * (YAML convention) except SWE-bench's `FAIL_TO_PASS` / `PASS_TO_PASS`. Every object is strict:
 * an unknown key is an error, so a typo never silently drops a field. Reference: docs/tasks.md.
 */

const relPath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'a relative path without `..`');

const glob = z.string().min(1).describe('a glob relative to the workspace, e.g. `src/**` or `test/**/*.test.ts`');

const size = z
  .union([z.number().int().positive(), z.string().regex(/^\d+(\.\d+)?\s*([kmg]i?b?)?$/i, 'a size like 512m or 2g')])
  .describe('bytes, or a size like 512m / 2g');

/** Where the repository comes from: a folder under `repos/`, or a local git clone at a commit. */
export const RepoRefSchema = z.union([
  z.string().regex(/^[a-zA-Z0-9._-]+$/, 'a folder name under repos/').describe('a folder under repos/'),
  z.strictObject({
    git: z.string().min(1).describe('path of a local git clone (absolute, or relative to the task folder)'),
    commit: z.string().regex(/^[0-9a-f]{7,40}$/, 'a commit id').describe('commit to materialize'),
  }),
]);

/** Prepares the workspace before the agent starts. */
export const SetupSchema = z.strictObject({
  patch: relPath.optional().describe('a patch file beside task.yaml, applied before the single commit (e.g. to inject a bug)'),
  commands: z.array(z.string().min(1)).default([]).describe('shell commands run as the agent after materialization, before the agent starts'),
});

/** A helper process inside the sandbox, e.g. a mock HTTP API. */
export const ServiceSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  files: z.string().min(1).describe('folder with the service\'s files, relative to the project root (e.g. repos/ledger-api-mock)'),
  command: z.string().min(1).describe('started as the `service` user in the service\'s folder'),
  env: z.record(z.string(), z.string()).default({}),
  ready: z
    .strictObject({
      tcp: z.number().int().min(1).max(65535).describe('the service is ready once this loopback port accepts connections'),
      timeout_sec: z.number().positive().default(20),
    })
    .describe('readiness check'),
});

/** Resource and step limits of one attempt. */
export const LimitsSchema = z.strictObject({
  wall_time_sec: z.number().positive().default(1800),
  steps: z.number().int().positive().default(100),
  cpus: z.number().positive().default(1),
  memory: size.default('2g'),
  disk: size.default('1g'),
  pids: z.number().int().positive().default(256),
});

/** Report formats the grader parses. */
export const ReportFormatSchema = z.enum(['tap', 'junit', 'unittest', 'pytest']);

/** The tests the agent may run. */
export const VisibleTestsSchema = z.strictObject({
  command: z.string().min(1),
  timeout_sec: z.number().positive().default(300),
});

/** The tests only the grader runs, in a fresh sandbox. */
export const HiddenTestsSchema = z.strictObject({
  files: relPath.default('hidden').describe('folder beside task.yaml holding the hidden test files'),
  into: relPath.describe('where those files are copied in the workspace at grading time'),
  patch: relPath.optional().describe('a patch beside task.yaml applied at grading time instead of copying files (SWE-bench `test_patch`)'),
  command: z
    .string()
    .min(1)
    .describe('runs the hidden tests; the report is read from its stdout (stderr for unittest), a pipe only the grader holds'),
  format: ReportFormatSchema,
  timeout_sec: z.number().positive().default(300),
});

/** Matches tool calls in a trajectory (name, plus exact or regex argument values). */
export const ToolCallPatternSchema = z.strictObject({
  tool: z.string().min(1),
  args: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe('arguments that must be equal (strings compared after trimming)'),
  args_match: z.record(z.string(), z.string()).optional().describe('arguments that must match these regular expressions'),
  why: z.string().optional(),
});

/** A step of progress the coherence scorer credits in order. */
export const MilestoneSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_-]+$/),
  description: z.string().min(1),
  call: ToolCallPatternSchema.optional().describe('credited when such a call succeeds'),
  touches: z.array(glob).optional().describe('credited when a call changes a file matching these globs'),
  tests: z.enum(['run', 'pass']).optional().describe('credited when tests are run / pass'),
});

const symbolRef = z.strictObject({ file: relPath, symbol: z.string().min(1) });

/** A tree-sitter assertion about the final tree (refactor tasks mostly). */
export const StructureAssertionSchema = z.discriminatedUnion('check', [
  z.strictObject({ check: z.literal('symbol_present'), file: relPath, symbol: z.string().min(1) }),
  z.strictObject({ check: z.literal('symbol_absent'), file: relPath, symbol: z.string().min(1) }),
  z.strictObject({
    check: z.literal('size_preserved'),
    from: symbolRef.describe('the symbol in the original tree'),
    to: symbolRef.describe('the symbol in the final tree'),
    tolerance: z.number().min(0).max(1).default(0.1),
  }),
  z.strictObject({ check: z.literal('exports_unchanged'), file: relPath, except: z.array(z.string()).default([]) }),
]);

/** What the scorers consume. */
export const ExpectationsSchema = z.strictObject({
  required_calls: z.array(ToolCallPatternSchema).default([]),
  forbidden_calls: z.array(ToolCallPatternSchema).default([]),
  milestones: z.array(MilestoneSchema).default([]),
  allowed_paths: z.array(glob).default([]),
  structure: z.array(StructureAssertionSchema).default([]),
});

/** A whole task definition. */
export const TaskSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, `.`, `_` and `-`'),
  title: z.string().min(1),
  kind: z.enum(['debug', 'refactor', 'api-integration']),
  repo: RepoRefSchema,
  profile: z.string().default('default'),
  setup: SetupSchema.default({ commands: [] }),
  services: z.array(ServiceSchema).default([]),
  limits: LimitsSchema.default({ wall_time_sec: 1800, steps: 100, cpus: 1, memory: '2g', disk: '1g', pids: 256 }),
  instructions: z.string().min(1).describe('what the agent sees, as a user or an issue would say it'),
  tests: z.strictObject({ visible: VisibleTestsSchema, hidden: HiddenTestsSchema }),
  FAIL_TO_PASS: z.array(z.string().min(1)).default([]).describe('hidden test ids that fail on the base and must pass'),
  PASS_TO_PASS: z.array(z.string().min(1)).default([]).describe('hidden test ids that pass on the base and must keep passing'),
  protected: z.array(glob).default([]).describe('paths restored to the original before grading (tests, test config, CI config)'),
  reference: relPath.default('reference.patch').describe('the reference solution, a patch beside task.yaml'),
  canary: z.string().min(16).describe('a unique marker string, to detect this task leaking into training data'),
  expect: ExpectationsSchema.default({ required_calls: [], forbidden_calls: [], milestones: [], allowed_paths: [], structure: [] }),
  faults: FaultPlanSchema.optional().describe('a fault plan applied to every attempt of this task unless the run gives its own'),
  impossible: z
    .strictObject({
      reason: z.string().min(1).describe('why no honest change satisfies both the instructions and the visible tests (never shown to the agent)'),
      contradiction: relPath.describe('a patch beside task.yaml: the change of the visible tests that contradicts the specification; validation reverts it to prove it is the cause'),
    })
    .optional()
    .describe('set on tasks that cannot be done as asked: resolved only by a submit with cannotComply, without touching tests or breaking PASS_TO_PASS'),
  origin: z
    .strictObject({ task: z.string(), strategy: z.string(), content_hash: z.string().optional() })
    .optional()
    .describe('set on variants: the task this one was derived from'),
  source: z
    .strictObject({ kind: z.literal('swebench'), instance_id: z.string(), repo: z.string(), version: z.string().optional(), created_at: z.string().optional() })
    .optional()
    .describe('set on imported tasks'),
});

/** A validated task definition, defaults applied. */
export type TaskDefinition = z.infer<typeof TaskSchema>;
export type StructureAssertion = z.infer<typeof StructureAssertionSchema>;
export type ToolCallPattern = z.infer<typeof ToolCallPatternSchema>;
export type Milestone = z.infer<typeof MilestoneSchema>;
export type ReportFormat = z.infer<typeof ReportFormatSchema>;
export type ServiceDefinition = z.infer<typeof ServiceSchema>;
