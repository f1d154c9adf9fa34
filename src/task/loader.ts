import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { TaskSchema } from './schema.js';
import type { TaskDefinition } from './schema.js';
import type { TaskProblem } from './problems.js';
import { TaskInvalidError } from './problems.js';

/** A parsed task.yaml that can point back into its source text. */
export interface TaskSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

/** A task that passed the schema, with where it lives. */
export interface LoadedTask {
  definition: TaskDefinition;
  /** The task folder (holding task.yaml). */
  dir: string;
  file: string;
  /** Project root: the folder holding `repos/`, `tasks/`, `sandboxes/` for this task. */
  root: string;
  source: TaskSource;
}

/** 1-based line and column of a field's value (or of the closest enclosing node that exists). */
export function locate(source: TaskSource, fieldPath: readonly PropertyKey[]): { line: number; column: number } {
  let offset = 0;
  for (let depth = fieldPath.length; depth >= 0; depth--) {
    const node = source.doc.getIn(fieldPath.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && (isScalar(node) || isMap(node) || (node as { range?: unknown }).range)) {
      offset = node.range?.[0] ?? 0;
      // Point at the key rather than the value when the key exists: editors show it better.
      const parent = depth > 0 ? source.doc.getIn(fieldPath.slice(0, depth - 1) as unknown[], true) : undefined;
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === fieldPath[depth - 1]);
        const keyRange = pair && isScalar(pair.key) ? pair.key.range : undefined;
        if (keyRange) offset = keyRange[0];
      }
      break;
    }
  }
  const pos = source.lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** Reads a task.yaml into a document with line information; YAML syntax errors become problems. */
export async function readTaskSource(file: string): Promise<{ source?: TaskSource; problems: TaskProblem[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { problems: [{ file, line: 1, column: 1, field: '', message: 'task.yaml is missing or unreadable', rule: 'files', severity: 'error' }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: TaskProblem[] = doc.errors.map((err) => {
    const pos = lines.linePos(err.pos[0]);
    return { file, line: pos.line, column: pos.col, field: '', message: err.message.split('\n')[0]!, rule: 'yaml', severity: 'error' as const };
  });
  return { source: { file, text, doc, lines }, problems };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((k) => `\`${k}\``).join(', ')}`;
  if (issue.code === 'invalid_type') {
    const got = (issue as { input?: unknown }).input;
    return got === undefined ? `is required (expected ${issue.expected})` : `expected ${issue.expected}, got ${JSON.stringify(got)}`;
  }
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify((issue as { input?: unknown }).input)}`;
  return issue.message;
}

/** Validates a task source against the schema; every issue becomes a located problem. */
export function validateTaskSource(source: TaskSource): { definition?: TaskDefinition; problems: TaskProblem[] } {
  const parsed = TaskSchema.safeParse(source.doc.toJS({ maxAliasCount: 50 }), { reportInput: true });
  if (parsed.success) return { definition: parsed.data, problems: [] };
  const problems = parsed.error.issues.map((issue): TaskProblem => {
    const fieldPath = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path;
    const pos = locate(source, fieldPath);
    return { file: source.file, ...pos, field: issue.path.join('.'), message: describeIssue(issue), rule: 'schema', severity: 'error' };
  });
  return { problems };
}

/**
 * Loads and schema-checks `dir/task.yaml`. Returns the task, or the problems that prevent it
 * from loading (syntax and schema). File and realism checks live in `lintTask`.
 */
export async function loadTask(dir: string, root: string): Promise<{ task?: LoadedTask; problems: TaskProblem[] }> {
  const file = path.join(dir, 'task.yaml');
  const read = await readTaskSource(file);
  if (!read.source || read.problems.length > 0) return { problems: read.problems };
  const checked = validateTaskSource(read.source);
  if (!checked.definition) return { problems: checked.problems };
  return { task: { definition: checked.definition, dir, file, root, source: read.source }, problems: [] };
}

/** Like {@link loadTask}, but throws {@link TaskInvalidError} listing every problem. */
export async function requireTask(dir: string, root: string): Promise<LoadedTask> {
  const { task, problems } = await loadTask(dir, root);
  if (!task) throw new TaskInvalidError(problems);
  return task;
}
