import { cmdAgent } from './cmd/agent.js';
import { mcpHttpServeAgent, mcpServeAgent } from './mcp/agent.js';
import { hostileAgent } from './hostile/index.js';
import { noopAgent } from './noop.js';
import { openaiAgent } from './openai/index.js';
import { oracleAgent } from './oracle.js';
import { replayAgent } from './replay.js';
import type { Agent, AgentContext, AgentFactory } from './types.js';

/** Built-in agents and adapters by name; a spec is `name` or `name:argument`. */
export const AGENTS: Record<string, AgentFactory> = {
  oracle: oracleAgent,
  noop: () => noopAgent(),
  replay: replayAgent,
  openai: openaiAgent,
  cmd: cmdAgent,
  mcp: mcpServeAgent,
  'mcp-http': mcpHttpServeAgent,
  hostile: hostileAgent,
};

/** Adds an agent family (adapters register themselves here). */
export function registerAgent(name: string, factory: AgentFactory): void {
  AGENTS[name] = factory;
}

/** An agent spec naming nothing known. */
export class UnknownAgentError extends Error {
  override readonly name = 'UnknownAgentError';
}

/** Splits `name:arg` (the argument may itself contain colons, e.g. `cmd:"node a.js --x:1"`). */
export function parseAgentSpec(spec: string): { name: string; arg: string } {
  const i = spec.indexOf(':');
  const name = i === -1 ? spec : spec.slice(0, i);
  let arg = i === -1 ? '' : spec.slice(i + 1);
  if (arg.length >= 2 && arg.startsWith('"') && arg.endsWith('"')) arg = arg.slice(1, -1);
  return { name, arg };
}

/**
 * Builds the agent a spec names. An unknown name throws {@link UnknownAgentError} listing the
 * known ones.
 */
export async function createAgent(spec: string, ctx: Omit<AgentContext, 'arg'>): Promise<Agent> {
  const { name, arg } = parseAgentSpec(spec);
  const factory = AGENTS[name];
  if (!factory) throw new UnknownAgentError(`unknown agent ${JSON.stringify(name)}; known agents: ${Object.keys(AGENTS).sort().join(', ')}`);
  return factory({ ...ctx, arg });
}
