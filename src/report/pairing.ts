import type { AttemptFilter, ScoredAttempt } from '../store/types.js';
import { ReportError } from './errors.js';

/**
 * Which attempts a side of a comparison means. Parsed from a selector string by
 * {@link parseSelector}: either an agent spec (`oracle`, `openai:gpt-x`, matched exactly against
 * `agentSpec`) or labels (`version=1.4`, several joined by commas, all of which must match).
 */
export type Selector =
  | { text: string; kind: 'agent'; agentSpec: string }
  | { text: string; kind: 'labels'; labels: Record<string, string> };

const LABEL = /^([A-Za-z_][\w.-]*)=(.*)$/;

/**
 * Parses a selector string. It is a label selector when it starts with `key=` where the key is an
 * identifier (letters, digits, `_ . -`); anything else is an agent spec, so `cmd:"node a.js --x=1"`
 * stays an agent spec.
 *
 * @throws ReportError `BAD_SELECTOR` for an empty string or a malformed label list (`a=1,oops`).
 */
export function parseSelector(text: string): Selector {
  const trimmed = text.trim();
  if (trimmed === '') throw new ReportError('BAD_SELECTOR', 'Expected a selector (an agent spec such as `oracle`, or a label such as `version=1.4`), got an empty string');
  if (!LABEL.test(trimmed)) return { text: trimmed, kind: 'agent', agentSpec: trimmed };
  const labels: Record<string, string> = {};
  for (const part of trimmed.split(',')) {
    const match = LABEL.exec(part.trim());
    if (!match) throw new ReportError('BAD_SELECTOR', `Expected every part of the label selector ${JSON.stringify(trimmed)} to be key=value, got ${JSON.stringify(part)}`);
    labels[match[1]!] = match[2]!;
  }
  return { text: trimmed, kind: 'labels', labels };
}

/** The store filter that reads a selector's attempts (every state: {@link select} splits them). */
export function selectorFilter(selector: Selector): AttemptFilter {
  return selector.kind === 'agent' ? { agentSpec: selector.agentSpec } : { labels: { ...selector.labels } };
}

/** True when the attempt belongs to the selector. */
export function matchesSelector(attempt: ScoredAttempt, selector: Selector): boolean {
  if (selector.kind === 'agent') return attempt.agentSpec === selector.agentSpec;
  return Object.entries(selector.labels).every(([key, value]) => attempt.labels[key] === value);
}

/**
 * The attempts of one selector, split by state: only `finished` attempts are results;
 * `harness_error` ones are counted apart (never scored as the agent's failure); `pending` and
 * `running` ones are neither.
 */
export interface Selection {
  selector: string;
  finished: ScoredAttempt[];
  harnessErrors: ScoredAttempt[];
  /** Attempts still `pending` or `running` (an interrupted run). */
  unfinished: number;
}

/**
 * Selects the attempts a selector means out of `attempts` (typically everything in the database).
 *
 * @throws ReportError `BAD_SELECTOR` for a malformed selector; `NO_MATCH` when no attempt in any
 *   state matches, naming the agent specs and labels that exist.
 */
export function select(attempts: readonly ScoredAttempt[], selector: string | Selector): Selection {
  const parsed = typeof selector === 'string' ? parseSelector(selector) : selector;
  const matched = attempts.filter((attempt) => matchesSelector(attempt, parsed));
  if (matched.length === 0) throw new ReportError('NO_MATCH', `${JSON.stringify(parsed.text)} selects no attempt; ${describeKnown(attempts)}`);
  return {
    selector: parsed.text,
    finished: matched.filter((attempt) => attempt.state === 'finished'),
    harnessErrors: matched.filter((attempt) => attempt.state === 'harness_error'),
    unfinished: matched.filter((attempt) => attempt.state === 'pending' || attempt.state === 'running').length,
  };
}

function describeKnown(attempts: readonly ScoredAttempt[]): string {
  if (attempts.length === 0) return 'the database holds no attempts';
  const specs = [...new Set(attempts.map((attempt) => attempt.agentSpec))].sort();
  const labels = [...new Set(attempts.flatMap((attempt) => Object.entries(attempt.labels).map(([key, value]) => `${key}=${value}`)))].sort();
  const list = (items: string[]): string => (items.length > 10 ? `${items.slice(0, 10).join(', ')}, … (${items.length} in all)` : items.join(', '));
  return `agents: ${list(specs)}${labels.length > 0 ? `; labels: ${list(labels)}` : ''}`;
}

/**
 * The identity a result is valid for: task id, task content hash and image id. Attempts are only
 * ever compared or pooled within one key; an unknown image is its own value.
 */
export function taskKey(attempt: Pick<ScoredAttempt, 'taskId' | 'taskContentHash' | 'imageId'>): string {
  return `${attempt.taskId}\u0000${attempt.taskContentHash}\u0000${attempt.imageId ?? ''}`;
}

/** Groups attempts by {@link taskKey}, keys in first-seen order. */
export function groupByTask(attempts: readonly ScoredAttempt[]): Map<string, ScoredAttempt[]> {
  const groups = new Map<string, ScoredAttempt[]>();
  for (const attempt of attempts) {
    const key = taskKey(attempt);
    const group = groups.get(key);
    if (group) group.push(attempt);
    else groups.set(key, [attempt]);
  }
  return groups;
}

/** Which side of a pairing something belongs to. */
export type Side = 'baseline' | 'candidate';

/** Words used for the two sides in reasons and errors (compare uses `A` and `B`). */
export type SideNames = Record<Side, string>;

/** One task both sides ran on identical content and image, with every finished repeat of each side. */
export interface TaskPair {
  /** The task id, with `@hash` (and `/image`) appended when the id was paired more than once. */
  name: string;
  taskId: string;
  taskKind: string;
  contentHash: string;
  imageId?: string;
  baseline: ScoredAttempt[];
  candidate: ScoredAttempt[];
}

/** A task left out of the pairing: which side had it (`both` for a mismatch) and why. */
export interface Exclusion {
  taskId: string;
  side: Side | 'both';
  reason: string;
}

/** The result of {@link pairSelections}: pairs sorted by name, exclusions by task id. */
export interface Pairing {
  names: SideNames;
  pairs: TaskPair[];
  excluded: Exclusion[];
}

const DEFAULT_NAMES: SideNames = { baseline: 'baseline', candidate: 'candidate' };

/**
 * Pairs two selections per task, **only on identical (task id, content hash, image id)**: a result
 * on changed task content or another image describes a different task. Each pair carries every
 * finished repeat of both sides. Everything else is listed in `excluded` with a reason: `only in
 * baseline`, `content hash differs: …`, `image differs: …`, a variant the other side never ran,
 * or harness errors only.
 *
 * @throws ReportError `NO_OVERLAP` when no task pairs, with the first reasons.
 */
export function pairSelections(baseline: Selection, candidate: Selection, names: SideNames = DEFAULT_NAMES): Pairing {
  const sides = { baseline: bySideTask(baseline), candidate: bySideTask(candidate) };
  const taskIds = [...new Set([...sides.baseline.keys(), ...sides.candidate.keys()])].sort();
  const pairs: TaskPair[] = [];
  const excluded: Exclusion[] = [];
  for (const taskId of taskIds) {
    const b = sides.baseline.get(taskId) ?? EMPTY_TASK;
    const c = sides.candidate.get(taskId) ?? EMPTY_TASK;
    pairTask(taskId, b, c, names, pairs, excluded);
  }
  if (pairs.length === 0) {
    const examples = excluded.slice(0, 3).map((e) => `${e.taskId}: ${e.reason}`).join('; ');
    throw new ReportError(
      'NO_OVERLAP',
      `nothing to compare: no task was run by both ${names.baseline} (${baseline.selector}) and ${names.candidate} (${candidate.selector}) with the same content hash and image; ${excluded.length} task(s) excluded${examples ? `, e.g. ${examples}` : ''}`,
    );
  }
  return { names, pairs: nameVariants(pairs), excluded };
}

interface SideTask {
  variants: Map<string, ScoredAttempt[]>;
  harnessErrors: number;
}

const EMPTY_TASK: SideTask = { variants: new Map(), harnessErrors: 0 };

function bySideTask(selection: Selection): Map<string, SideTask> {
  const tasks = new Map<string, SideTask>();
  const entry = (taskId: string): SideTask => {
    let task = tasks.get(taskId);
    if (!task) tasks.set(taskId, (task = { variants: new Map(), harnessErrors: 0 }));
    return task;
  };
  for (const [key, attempts] of groupByTask(selection.finished)) entry(attempts[0]!.taskId).variants.set(key, attempts);
  for (const attempt of selection.harnessErrors) entry(attempt.taskId).harnessErrors++;
  return tasks;
}

function pairTask(taskId: string, b: SideTask, c: SideTask, names: SideNames, pairs: TaskPair[], excluded: Exclusion[]): void {
  const note = harnessNote(b, c, names);
  if (b.variants.size === 0 && c.variants.size === 0) {
    const side = b.harnessErrors > 0 && c.harnessErrors > 0 ? 'both' : b.harnessErrors > 0 ? 'baseline' : 'candidate';
    excluded.push({ taskId, side, reason: `no finished attempt on either side${note}` });
    return;
  }
  if (b.variants.size === 0 || c.variants.size === 0) {
    const side: Side = b.variants.size === 0 ? 'candidate' : 'baseline';
    excluded.push({ taskId, side, reason: `only in ${names[side]}${note}` });
    return;
  }
  const common = [...b.variants.keys()].filter((key) => c.variants.has(key));
  if (common.length === 0) {
    excluded.push({ taskId, side: 'both', reason: mismatch(b, c, names) });
    return;
  }
  for (const key of common) {
    const first = b.variants.get(key)![0]!;
    pairs.push({
      name: taskId,
      taskId,
      taskKind: first.taskKind,
      contentHash: first.taskContentHash,
      ...(first.imageId !== undefined ? { imageId: first.imageId } : {}),
      baseline: b.variants.get(key)!,
      candidate: c.variants.get(key)!,
    });
  }
  for (const side of ['baseline', 'candidate'] as const) {
    const own = side === 'baseline' ? b : c;
    const other = side === 'baseline' ? 'candidate' : 'baseline';
    for (const [key, attempts] of own.variants) {
      if (common.includes(key)) continue;
      const first = attempts[0]!;
      excluded.push({ taskId, side, reason: `content hash ${short(first.taskContentHash)} with image ${shortImage(first.imageId)} was not run by ${names[other]}` });
    }
  }
}

function harnessNote(b: SideTask, c: SideTask, names: SideNames): string {
  const notes = [
    b.harnessErrors > 0 ? `${names.baseline} had ${b.harnessErrors} harness error(s) on it` : '',
    c.harnessErrors > 0 ? `${names.candidate} had ${c.harnessErrors} harness error(s) on it` : '',
  ].filter(Boolean);
  return notes.length > 0 ? `; ${notes.join(', ')}` : '';
}

function mismatch(b: SideTask, c: SideTask, names: SideNames): string {
  const firsts = (task: SideTask): ScoredAttempt[] => [...task.variants.values()].map((attempts) => attempts[0]!);
  const hashes = (task: SideTask): Set<string> => new Set(firsts(task).map((a) => a.taskContentHash));
  const [bHashes, cHashes] = [hashes(b), hashes(c)];
  const shared = [...bHashes].filter((hash) => cHashes.has(hash));
  if (shared.length === 0) {
    return `content hash differs: ${[...bHashes].map(short).join(', ')} (${names.baseline}) vs ${[...cHashes].map(short).join(', ')} (${names.candidate})`;
  }
  const images = (task: SideTask): string =>
    [...new Set(firsts(task).filter((a) => shared.includes(a.taskContentHash)).map((a) => shortImage(a.imageId)))].join(', ');
  return `image differs: ${images(b)} (${names.baseline}) vs ${images(c)} (${names.candidate})`;
}

/** The first 12 characters of a hash, with `…` when it was longer. */
export function short(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}

function shortImage(imageId: string | undefined): string {
  return imageId === undefined ? 'unknown' : short(imageId.replace(/^sha256:/, ''));
}

function nameVariants(pairs: TaskPair[]): TaskPair[] {
  const counts = new Map<string, number>();
  for (const pair of pairs) counts.set(pair.taskId, (counts.get(pair.taskId) ?? 0) + 1);
  const named = pairs.map((pair) =>
    counts.get(pair.taskId)! > 1
      ? { ...pair, name: `${pair.taskId}@${pair.contentHash.slice(0, 12)}${pair.imageId !== undefined ? `/${pair.imageId.replace(/^sha256:/, '').slice(0, 12)}` : ''}` }
      : pair,
  );
  return named.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}
