import type { LoadedTask } from '../task/loader.js';
import type { ToolResponse } from '../tools/dispatcher.js';
import type { ToolSpec } from '../tools/registry.js';
import type { MessageEvent } from '../trajectory/schema.js';

/** What an agent sees of the task: what a user would tell it, nothing more. */
export interface TaskBrief {
  id: string;
  kind: string;
  instructions: string;
}

/** Everything an agent may do during one attempt. All tool use goes through `call`. */
export interface AgentSession {
  task: TaskBrief;
  tools: ToolSpec[];
  /** Runs a tool through the dispatcher; failures come back as data, never as throws. */
  call(tool: string, args: unknown, callId?: string): Promise<ToolResponse>;
  /** Records a model message (adapters that have them: text, tokens, cost, latency). */
  message(message: Omit<MessageEvent, 'type' | 'at'>): void;
  /** True once the attempt is over (submitted, a limit, a harness failure). */
  readonly ended: boolean;
  seed: number;
  /** Aborted when the attempt must stop (wall-time limit, Ctrl-C). */
  signal: AbortSignal;
}

/**
 * An agent under evaluation. `run` drives the session until it submits or the session ends; a
 * throw is recorded as `agent_error` (or `harness_error` for a `HarnessError`, e.g. a model
 * provider that kept failing after backoff).
 */
export interface Agent {
  name: string;
  version: string;
  model?: string;
  /** Agent configuration as recorded in the trajectory header (no secrets). */
  config: Record<string, unknown>;
  promptVariant?: string;
  /** Strings that must never be written to a trajectory (API keys, tokens). */
  secrets: string[];
  run(session: AgentSession): Promise<void>;
  /** Releases anything the agent holds (servers, processes). */
  close?(): Promise<void>;
}

/** What a factory gets to build an agent for one attempt. */
export interface AgentContext {
  task: LoadedTask;
  /** The part of the spec after `name:` (e.g. a model, a file, a command). */
  arg: string;
  /** Parsed agent configuration file, if any. */
  config: Record<string, unknown>;
}

/** Builds an agent for one attempt. */
export type AgentFactory = (ctx: AgentContext) => Promise<Agent> | Agent;
