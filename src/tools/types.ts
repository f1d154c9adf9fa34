import type { z } from 'zod';
import type { DockerSandbox } from '../sandbox/docker/docker-sandbox.js';
import type { Claims, ToolErrorType } from '../trajectory/schema.js';

/** What a tool call produced, as data. A failure is an outcome too: it never ends the attempt. */
export type ToolOutcome =
  | { ok: true; result: Record<string, unknown>; output: string; exitCode?: number }
  | { ok: false; error: { type: ToolErrorType; message: string }; output?: string; exitCode?: number };

/** One entry of the agent's declared plan. */
export interface PlanStep {
  id: string;
  text: string;
  status: 'pending' | 'in_progress' | 'done' | 'dropped';
}

/** What a tool can reach while it runs. */
export interface ToolContext {
  sandbox: DockerSandbox;
  /** The task's visible test command and its timeout. */
  visibleTests: { command: string; timeoutMs: number };
  /** Most bytes of output shown to the agent per call. */
  outputBytes: number;
  onPlan(steps: PlanStep[]): void;
  onSubmit(claims: Claims): void;
}

/**
 * A tool, defined once and exposed identically to every agent adapter: a name, a description
 * written for a model, a zod input schema (exported as JSON Schema for function calling) and
 * `run`, which turns a valid input into an outcome.
 */
export interface ToolDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  input: S;
  /** True when the tool cannot change files (the dispatcher skips change tracking). */
  readOnly?: boolean;
  run(input: z.infer<S>, ctx: ToolContext): Promise<ToolOutcome>;
}

/** Shorthand for a failed outcome. */
export function toolError(type: ToolErrorType, message: string, extra: { output?: string; exitCode?: number } = {}): ToolOutcome {
  return { ok: false, error: { type, message }, ...extra };
}
