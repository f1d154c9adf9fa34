import { VERSION } from '../version.js';
import type { Agent, AgentSession } from './types.js';

/** `noop`: submits at once without changing anything — proves a task is not solved by doing nothing. */
export function noopAgent(): Agent {
  return {
    name: 'noop',
    version: VERSION,
    config: {},
    secrets: [],
    async run(session: AgentSession) {
      await session.call('submit', { summary: 'No changes made.', testsPass: false });
    },
  };
}
