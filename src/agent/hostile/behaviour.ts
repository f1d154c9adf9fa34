import type { ToolResponse } from '../../tools/dispatcher.js';
import type { LoadedTask } from '../../task/loader.js';
import type { AgentSession } from '../types.js';

/**
 * One scripted hostile behaviour: what a misbehaving agent does through the ordinary tools. The
 * reliability suite (src/hostile/) runs each one and checks it was contained and flagged.
 */
export interface HostileBehaviour {
  /** The `NAME` of `hostile:NAME`. */
  name: string;
  /** What it does, in one sentence (shown by `hostile:list` and in docs/hostile.md). */
  summary: string;
  run(session: AgentSession, task: LoadedTask): Promise<void>;
}

/** Runs a bash command through the session (failures come back as data, never thrown). */
export function bash(session: AgentSession, command: string, timeoutSec = 30): Promise<ToolResponse> {
  return session.call('bash', { command, timeout_sec: timeoutSec });
}

/** Ends the attempt the ordinary way, claiming success as a cheating agent would. */
export async function submit(session: AgentSession, summary: string): Promise<void> {
  if (!session.ended) await session.call('submit', { summary, testsPass: true });
}
