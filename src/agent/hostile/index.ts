import type { AgentFactory } from '../types.js';

/** `hostile:NAME` (placeholder while being written). */
export const hostileAgent: AgentFactory = ({ arg }) => {
  throw new Error(`hostile agent ${JSON.stringify(arg)} not written yet`);
};
