import path from 'node:path';

/** One problem found in a task definition, located in its file. Lines and columns are 1-based. */
export interface TaskProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the field, e.g. `tests.hidden.format`; '' for the whole file. */
  field: string;
  message: string;
  /** `yaml`, `schema`, `files` or the name of a realism rule. */
  rule: string;
  severity: 'error' | 'warning';
}

/** `file:line:column: field: message [rule]`, the form editors and CI annotations understand. */
export function formatProblem(p: TaskProblem): string {
  const rel = path.relative(process.cwd(), p.file);
  const file = rel.startsWith('..') ? p.file : rel;
  return `${file}:${p.line}:${p.column}: ${p.severity}: ${p.field ? `${p.field}: ` : ''}${p.message} [${p.rule}]`;
}

/** Thrown when something would run with an invalid task; lists every problem. */
export class TaskInvalidError extends Error {
  override readonly name = 'TaskInvalidError';
  constructor(readonly problems: readonly TaskProblem[]) {
    super(`invalid task:\n${problems.map(formatProblem).join('\n')}`);
  }
}
