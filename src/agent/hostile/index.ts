import { VERSION } from '../../version.js';
import type { Agent, AgentFactory } from '../types.js';
import type { HostileBehaviour } from './behaviour.js';
import { fakeTestOutput, killTools, tamperTests } from './harness-attacks.js';
import { backgroundProcs, diskFiller, forkBomb, hugeDiff, memoryHog, nestedRepo, outputFlood, sleepForever } from './resource-abuse.js';
import { gitHistory, networkEgress, probeHiddenTests, symlinkEscape } from './snooping.js';

export type { HostileBehaviour } from './behaviour.js';

/** Every hostile behaviour, in the order the reliability suite runs them. */
export const HOSTILE_BEHAVIOURS: readonly HostileBehaviour[] = [
  forkBomb,
  memoryHog,
  diskFiller,
  outputFlood,
  sleepForever,
  backgroundProcs,
  hugeDiff,
  nestedRepo,
  networkEgress,
  symlinkEscape,
  probeHiddenTests,
  tamperTests,
  gitHistory,
  killTools,
  fakeTestOutput,
];

/** Behaviour names, for messages and `hostile:list`. */
export const HOSTILE_NAMES: readonly string[] = HOSTILE_BEHAVIOURS.map((b) => b.name);

/** A `hostile:NAME` that names no behaviour (or `hostile:list`): the message lists them all. */
export class UnknownHostileBehaviourError extends Error {
  override readonly name = 'UnknownHostileBehaviourError';
}

function listing(): string {
  return HOSTILE_BEHAVIOURS.map((b) => `  ${b.name.padEnd(20)} ${b.summary}`).join('\n');
}

/**
 * `hostile:NAME`: a scripted misbehaving agent (fork bomb, memory hog, symlink escape, test
 * tampering, …) used as a fixture to prove the harness contains and flags it. `hostile:list` (or
 * any unknown name) throws an error listing the behaviours.
 */
export const hostileAgent: AgentFactory = ({ arg, task }) => {
  const behaviour = HOSTILE_BEHAVIOURS.find((b) => b.name === arg);
  if (!behaviour) {
    const head = arg === 'list' || arg === '' ? 'hostile behaviours' : `unknown hostile behaviour ${JSON.stringify(arg)}; known behaviours`;
    throw new UnknownHostileBehaviourError(`${head} (use hostile:NAME):\n${listing()}`);
  }
  const agent: Agent = {
    name: `hostile:${behaviour.name}`,
    version: VERSION,
    config: { behaviour: behaviour.name },
    secrets: [],
    run: (session) => behaviour.run(session, task),
  };
  return agent;
};
