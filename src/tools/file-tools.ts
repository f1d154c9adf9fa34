import { z } from 'zod';
import { withPathErrors } from './path-errors.js';
import type { ToolDefinition } from './types.js';
import { toolError } from './types.js';

const path = z.string().min(1).describe('path relative to the repository root (/workspace)');

/** `read_file`: a file's text, optionally a line range, numbered from 1. */
export const readFile: ToolDefinition = {
  name: 'read_file',
  description: 'Read a text file of the repository. Optionally give start_line and end_line (1-based, inclusive) to read part of a long file.',
  readOnly: true,
  input: z.strictObject({ path, start_line: z.number().int().positive().optional(), end_line: z.number().int().positive().optional() }),
  run: (input: { path: string; start_line?: number; end_line?: number }, ctx) =>
    withPathErrors(async () => {
      if (input.start_line && input.end_line && input.end_line < input.start_line) {
        return toolError('invalid_args', `end_line (${input.end_line}) is before start_line (${input.start_line})`);
      }
      const file = await ctx.sandbox.readFile(input.path, { maxBytes: 8 * 1024 * 1024 });
      const lines = file.data.toString('utf8').split('\n');
      const start = input.start_line ?? 1;
      const end = Math.min(input.end_line ?? lines.length, lines.length);
      let content = lines.slice(start - 1, end).join('\n');
      let truncated = file.truncated;
      if (Buffer.byteLength(content) > ctx.outputBytes) {
        content = Buffer.from(content).subarray(0, ctx.outputBytes).toString('utf8');
        truncated = true;
      }
      return { ok: true, result: { path: input.path, content, start_line: start, end_line: end, total_lines: lines.length, truncated }, output: content };
    }),
};

/** `write_file`: creates or replaces a whole file. */
export const writeFile: ToolDefinition = {
  name: 'write_file',
  description: 'Create a file or replace its whole content. Parent folders are created as needed.',
  input: z.strictObject({ path, content: z.string() }),
  run: (input: { path: string; content: string }, ctx) =>
    withPathErrors(async () => {
      await ctx.sandbox.writeFile(input.path, input.content);
      return { ok: true, result: { path: input.path, bytes: Buffer.byteLength(input.content) }, output: `wrote ${Buffer.byteLength(input.content)} bytes to ${input.path}` };
    }),
};

/** `edit_file`: replaces one exact, unique occurrence of a string. */
export const editFile: ToolDefinition = {
  name: 'edit_file',
  description: 'Replace one exact occurrence of old_string with new_string in a file. old_string must occur exactly once: include enough surrounding lines to make it unique.',
  input: z.strictObject({ path, old_string: z.string().min(1), new_string: z.string() }),
  run: (input: { path: string; old_string: string; new_string: string }, ctx) =>
    withPathErrors(async () => {
      const text = (await ctx.sandbox.readFile(input.path, { maxBytes: 8 * 1024 * 1024 })).data.toString('utf8');
      const count = text.split(input.old_string).length - 1;
      if (count !== 1) {
        return toolError('conflict', `old_string occurs ${count} times in ${input.path}; it must occur exactly once${count === 0 ? ' (check whitespace and indentation)' : ' (include more surrounding lines)'}`);
      }
      const index = text.indexOf(input.old_string);
      await ctx.sandbox.writeFile(input.path, text.slice(0, index) + input.new_string + text.slice(index + input.old_string.length));
      const line = text.slice(0, index).split('\n').length;
      return { ok: true, result: { path: input.path, line }, output: `replaced 1 occurrence in ${input.path} at line ${line}` };
    }),
};

/** `list_dir`: a directory's entries. */
export const listDir: ToolDefinition = {
  name: 'list_dir',
  description: 'List the entries of a folder of the repository (default: the root), with their type and size.',
  readOnly: true,
  input: z.strictObject({ path: z.string().default('.') }),
  run: (input: { path: string }, ctx) =>
    withPathErrors(async () => {
      const entries = await ctx.sandbox.listDir(input.path);
      const shown = entries.filter((e) => !(input.path === '.' && e.name === '.git'));
      return { ok: true, result: { path: input.path, entries: shown }, output: shown.map((e) => `${e.type === 'dir' ? `${e.name}/` : e.name}`).join('\n') };
    }),
};
