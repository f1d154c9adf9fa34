import path from 'node:path';
import { readTrajectory } from '../trajectory/reader.js';
import type { ToolCallEvent } from '../trajectory/schema.js';
import { VERSION } from '../version.js';
import type { Agent, AgentContext, AgentSession } from './types.js';

/**
 * `replay:FILE`: replays the tool calls of a recorded trajectory, in order and with the exact raw
 * arguments, through the dispatcher — for re-scoring, regression fixtures and hostile behaviours.
 * Model messages are not replayed (there is no model); the calls are what matter.
 */
export async function replayAgent(ctx: AgentContext): Promise<Agent> {
  if (!ctx.arg) throw new Error('replay needs a trajectory file: replay:PATH');
  const file = path.resolve(ctx.arg);
  const trajectory = await readTrajectory(file);
  const calls = trajectory.events.filter((e): e is ToolCallEvent => e.type === 'tool_call');
  return {
    name: 'replay',
    version: VERSION,
    config: { file: path.relative(process.cwd(), file), calls: calls.length, recordedAgent: trajectory.header.agent.spec },
    secrets: [],
    async run(session: AgentSession) {
      for (const c of calls) {
        if (session.ended) return;
        await session.call(c.tool, c.rawArgs, c.callId);
      }
    },
  };
}
