import { SandboxPathError } from '../sandbox/types.js';
import type { ToolErrorType } from '../trajectory/schema.js';
import type { ToolOutcome } from './types.js';
import { toolError } from './types.js';

const TYPES: Record<string, ToolErrorType> = {
  not_found: 'not_found',
  outside_workspace: 'permission',
  permission: 'permission',
  is_a_directory: 'invalid_args',
  not_a_file: 'invalid_args',
  exists: 'conflict',
  no_space: 'limit',
  invalid: 'invalid_args',
  io: 'unknown',
};

/** Runs a file operation; a refused path becomes a tool error the agent sees, anything else propagates. */
export async function withPathErrors(fn: () => Promise<ToolOutcome>): Promise<ToolOutcome> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof SandboxPathError) return toolError(TYPES[err.code] ?? 'unknown', err.message);
    throw err;
  }
}
