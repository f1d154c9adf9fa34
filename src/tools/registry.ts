import { z } from 'zod';
import { plan, submit } from './agent-tools.js';
import { bash, gitDiff, runTests, search } from './command-tools.js';
import { editFile, listDir, readFile, writeFile } from './file-tools.js';
import type { ToolDefinition } from './types.js';

/** Every tool, in the order agents are shown them. */
export const TOOLS: readonly ToolDefinition[] = [readFile, writeFile, editFile, listDir, search, bash, runTests, gitDiff, plan, submit];

/** Name → tool. */
export const TOOLS_BY_NAME: ReadonlyMap<string, ToolDefinition> = new Map(TOOLS.map((t) => [t.name, t]));

/** What adapters show a model: name, description and JSON Schema of the arguments. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** The tool specs, for function calling and MCP `listTools`. */
export function toolSpecs(): ToolSpec[] {
  return TOOLS.map((t) => {
    const { $schema: _drop, ...parameters } = z.toJSONSchema(t.input, { io: 'input' }) as Record<string, unknown>;
    return { name: t.name, description: t.description, parameters };
  });
}
