import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { globToRegExp, isGlob } from './glob.js';

/** A task picked by a selection: its folder, and the content hash a suite pinned it to, if any. */
export interface SelectedTask {
  id: string;
  dir: string;
  pinnedHash?: string;
}

/** A selection that names nothing, or something that does not exist. */
export class SelectionError extends Error {
  override readonly name = 'SelectionError';
}

/** Every task folder under `root/tasks` (those holding a task.yaml), sorted by id. */
export async function allTaskDirs(root: string): Promise<SelectedTask[]> {
  const tasksDir = path.join(root, 'tasks');
  const entries = await readdir(tasksDir, { withFileTypes: true }).catch(() => []);
  const out: SelectedTask[] = [];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const dir = path.join(tasksDir, e.name);
    if (await stat(path.join(dir, 'task.yaml')).then(() => true, () => false)) out.push({ id: e.name, dir });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function suiteTasks(root: string, name: string): Promise<SelectedTask[]> {
  const file = path.join(root, 'suites', `${name}.yaml`);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new SelectionError(`suite ${JSON.stringify(name)} not found: ${file} does not exist`);
  });
  const suite = parse(text) as { tasks?: Array<{ id?: string; content_hash?: string }> };
  if (!Array.isArray(suite?.tasks)) throw new SelectionError(`${file}: expected a \`tasks\` list`);
  return suite.tasks.map((t, i) => {
    if (!t?.id) throw new SelectionError(`${file}: tasks.${i}.id is missing`);
    return { id: t.id, dir: path.join(root, 'tasks', t.id), pinnedHash: t.content_hash };
  });
}

function closest(name: string, known: readonly string[]): string[] {
  const parts = name.split(/[-_.]/).filter((p) => p.length > 2);
  return known.filter((k) => parts.some((p) => k.includes(p))).slice(0, 5);
}

/**
 * Resolves the one task-selection grammar every command shares: comma-separated items, each
 * `all`, `suite:NAME` (a pinned list in suites/NAME.yaml), a task folder (a path holding
 * task.yaml), a glob over ids (`inventory-*`) or an exact id. Order follows the items; duplicates
 * are dropped. Throws {@link SelectionError} for an unknown id (naming close matches), a glob
 * matching nothing, or an empty selection.
 */
export async function selectTasks(spec: string, root: string): Promise<SelectedTask[]> {
  const all = await allTaskDirs(root);
  const byId = new Map(all.map((t) => [t.id, t]));
  const picked = new Map<string, SelectedTask>();
  const add = (t: SelectedTask) => {
    if (!picked.has(t.dir)) picked.set(t.dir, t);
  };
  const items = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new SelectionError('empty task selection');
  for (const item of items) {
    if (item === 'all') {
      if (all.length === 0) throw new SelectionError(`no tasks under ${path.join(root, 'tasks')}`);
      all.forEach(add);
    } else if (item.startsWith('suite:')) {
      (await suiteTasks(root, item.slice('suite:'.length))).forEach(add);
    } else if (isGlob(item)) {
      const re = globToRegExp(item);
      const hits = all.filter((t) => re.test(t.id));
      if (hits.length === 0) throw new SelectionError(`no task id matches ${JSON.stringify(item)}`);
      hits.forEach(add);
    } else if (byId.has(item)) {
      add(byId.get(item)!);
    } else if (item.includes('/') || item.startsWith('.')) {
      const dir = path.resolve(item);
      if (!(await stat(path.join(dir, 'task.yaml')).then(() => true, () => false))) {
        throw new SelectionError(`${item} is not a task folder (no task.yaml in ${dir})`);
      }
      add({ id: path.basename(dir), dir });
    } else {
      const near = closest(item, [...byId.keys()]);
      throw new SelectionError(`unknown task ${JSON.stringify(item)}${near.length ? `; did you mean ${near.join(', ')}?` : `; known: ${[...byId.keys()].slice(0, 10).join(', ')}`}`);
    }
  }
  return [...picked.values()];
}
