import { readFile } from 'node:fs/promises';

/** Why a task's results deserve a second look: its hidden tests are weak, or its results flaky. */
export type TaskFlag = 'weak' | 'flaky';

/** A task flags file that cannot be read; names the file, the line and what was expected. */
export class TaskFlagsError extends Error {
  override readonly name = 'TaskFlagsError';
}

interface ValidationLike {
  task?: unknown;
  checks?: Array<{ name?: unknown; ok?: unknown }>;
  /** Present with `crucible task validate --mutation`. */
  mutation?: { score?: unknown };
}

/** The mutation score below which hidden tests count as weak (scoring.md §1: target ≥ 0.8). */
export const WEAK_MUTATION_SCORE = 0.8;

/** Admission checks whose failure means the hidden tests cannot tell a fix from no fix. */
const WEAK_CHECKS = new Set(['base-fails-f2p', 'base-passes-p2p', 'noop-not-resolved', 'structure']);

function fromValidations(list: readonly ValidationLike[], file: string): Map<string, Set<TaskFlag>> {
  const flags = new Map<string, Set<TaskFlag>>();
  list.forEach((v, i) => {
    if (typeof v.task !== 'string' || !Array.isArray(v.checks)) throw new TaskFlagsError(`${file}: [${i}]: expected a validation with \`task\` and \`checks\` (crucible task validate --json)`);
    const set = new Set<TaskFlag>();
    for (const c of v.checks) {
      if (c.ok !== false) continue;
      if (c.name === 'stable') set.add('flaky');
      else if (typeof c.name === 'string' && WEAK_CHECKS.has(c.name)) set.add('weak');
    }
    if (typeof v.mutation?.score === 'number' && v.mutation.score < WEAK_MUTATION_SCORE) set.add('weak');
    if (set.size > 0) flags.set(v.task, set);
  });
  return flags;
}

function fromLines(text: string, file: string): Map<string, Set<TaskFlag>> {
  const flags = new Map<string, Set<TaskFlag>>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const [task, list, extra] = line.split(/\s+/);
    const values = (list ?? '').split(',').filter(Boolean);
    const bad = values.find((v) => v !== 'weak' && v !== 'flaky');
    if (!task || values.length === 0 || bad !== undefined || extra !== undefined) {
      throw new TaskFlagsError(`${file}:${i + 1}: expected "<task-id> weak|flaky[,…]", got ${JSON.stringify(raw.trim())}`);
    }
    const set = flags.get(task) ?? new Set<TaskFlag>();
    for (const v of values) set.add(v as TaskFlag);
    flags.set(task, set);
  });
  return flags;
}

/**
 * Task flags from a file, in either of two forms: the JSON printed by `crucible task validate
 * --json` (a failed `stable` check → flaky; a failed base / no-op / structure check, or a mutation
 * score below {@link WEAK_MUTATION_SCORE} from `--mutation`, → weak), or
 * lines `<task-id> weak|flaky[,…]` with `#` comments (a reviewer's or author's own list). Task
 * validation results are not stored in the results database, so this file is how the queue learns
 * which tasks are weak or flaky.
 * @throws TaskFlagsError naming the file and line.
 */
export async function readTaskFlags(file: string): Promise<Map<string, Set<TaskFlag>>> {
  const text = await readFile(file, 'utf8');
  if (text.trimStart().startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new TaskFlagsError(`${file}: not valid JSON (${(err as Error).message})`);
    }
    return fromValidations(json as ValidationLike[], file);
  }
  return fromLines(text, file);
}
