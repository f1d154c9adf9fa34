import { createHash } from 'node:crypto';
import type { LoadedTask } from '../task/loader.js';
import { canonicalJson } from '../task/content-hash.js';
import type { FaultPlan } from '../trajectory/schema.js';
import { attemptSeed } from './attempt.js';

/** An agent of a matrix: its spec and the configuration it runs with. */
export interface MatrixAgent {
  spec: string;
  config: Record<string, unknown>;
}

/** A task of a matrix with its content hash (computed once, up front). */
export interface MatrixTask {
  task: LoadedTask;
  contentHash: string;
}

/** One cell of the matrix: which agent, on which task, which repeat (1-based), under which id and seed. */
export interface PlannedAttempt {
  /** Position in the deterministic matrix order (tasks by id × agents by spec × repeats). */
  index: number;
  id: string;
  task: LoadedTask;
  taskId: string;
  contentHash: string;
  agent: MatrixAgent;
  repeat: number;
  seed: number;
}

/** Which share of the matrix a process runs: `index` is 1-based, as in `--shard 2/4`. */
export interface Shard {
  index: number;
  count: number;
}

/** What identifies a run: everything that changes what its attempts are. */
export interface RunKeyInput {
  tasks: ReadonlyArray<{ id: string; contentHash: string }>;
  agents: readonly MatrixAgent[];
  repeats: number;
  seed: number;
  faults: FaultPlan;
}

/**
 * The run key: sha256 over the tasks with their content hashes, the agents with their
 * configurations, the repeats, the seed and the fault plan (canonical JSON, tasks and agents
 * sorted). The same command on the same tasks always gets the same key, which is what makes a
 * run resumable and its shards mergeable; changing any task file gives a new run.
 */
export function runKey(input: RunKeyInput): string {
  const tasks = [...input.tasks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((t) => ({ id: t.id, contentHash: t.contentHash }));
  const agents = [...input.agents].sort((a, b) => (a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0));
  const key = { v: 1, tasks, agents, repeats: input.repeats, seed: input.seed, faults: input.faults };
  return createHash('sha256').update(canonicalJson(key)).digest('hex');
}

function slug(text: string, max: number): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, max)
      .replace(/-+$/, '') || 'agent'
  );
}

/**
 * The attempt id: readable (task, agent, repeat) and unique (a hash of the run key with the
 * same coordinates), so the same cell of the same run always has the same id in every shard.
 */
export function attemptIdFor(key: string, agentSpec: string, taskId: string, repeat: number): string {
  const hash = createHash('sha256').update(`${key}\0${agentSpec}\0${taskId}\0${repeat}`).digest('hex').slice(0, 12);
  return `${slug(taskId, 40)}-${slug(agentSpec, 24)}-r${repeat}-${hash}`;
}

/** Parses `i/n` (1 ≤ i ≤ n). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new RangeError(`--shard expects i/n with 1 ≤ i ≤ n (e.g. 1/4), got ${JSON.stringify(text)}`);
  return { index, count };
}

/** Whether the attempt at matrix position `index` belongs to `shard` (`index % n === i - 1`). */
export function inShard(index: number, shard: Shard | undefined): boolean {
  return !shard || index % shard.count === shard.index - 1;
}

/** A whole matrix: its run key and every attempt in deterministic order. */
export interface MatrixPlan {
  runId: string;
  attempts: PlannedAttempt[];
}

/**
 * Every agent × task × repeat, in a deterministic order (tasks by id, agents by spec, repeats
 * ascending) so that `--shard` splits the same matrix the same way on every machine.
 * @throws RangeError for an empty matrix, a repeat count below 1, or the same agent spec twice
 * (with one configuration or with two: see the message).
 */
export function planMatrix(input: { tasks: readonly MatrixTask[]; agents: readonly MatrixAgent[]; repeats: number; seed: number; faults?: FaultPlan }): MatrixPlan {
  if (!Number.isInteger(input.repeats) || input.repeats < 1) throw new RangeError(`--repeats must be a positive integer, got ${input.repeats}`);
  if (input.tasks.length === 0) throw new RangeError('no tasks to run');
  if (input.agents.length === 0) throw new RangeError('no agents to run (give --agent at least once)');
  const specs = input.agents.map((a) => a.spec);
  const at = specs.findIndex((s, i) => specs.indexOf(s) !== i);
  if (at !== -1) {
    const spec = specs[at]!;
    const first = input.agents[specs.indexOf(spec)]!;
    // Attempt ids and seeds derive from the spec alone, so two configurations of one spec would
    // collide; keying them by configuration too would change the ids of every existing run.
    if (canonicalJson(first.config) !== canonicalJson(input.agents[at]!.config)) {
      throw new RangeError(
        `agent ${JSON.stringify(spec)} is given with two configurations: attempt ids derive from the agent spec, so one run cannot hold both; run each configuration in its own run and tell them apart with a label (e.g. --label config=terse)`,
      );
    }
    throw new RangeError(`agent ${JSON.stringify(spec)} is given twice`);
  }
  const faults = input.faults ?? { faults: [] };
  const tasks = [...input.tasks].sort((a, b) => (a.task.definition.id < b.task.definition.id ? -1 : 1));
  const agents = [...input.agents].sort((a, b) => (a.spec < b.spec ? -1 : 1));
  const runId = runKey({ tasks: tasks.map((t) => ({ id: t.task.definition.id, contentHash: t.contentHash })), agents, repeats: input.repeats, seed: input.seed, faults });
  const attempts: PlannedAttempt[] = [];
  for (const t of tasks) {
    const taskId = t.task.definition.id;
    for (const agent of agents) {
      for (let repeat = 1; repeat <= input.repeats; repeat++) {
        attempts.push({
          index: attempts.length,
          id: attemptIdFor(runId, agent.spec, taskId, repeat),
          task: t.task,
          taskId,
          contentHash: t.contentHash,
          agent,
          repeat,
          seed: attemptSeed(input.seed, agent.spec, taskId, repeat),
        });
      }
    }
  }
  return { runId, attempts };
}

/**
 * The short identity of a fault plan: `none` for an absent or empty plan, else the first 12
 * hex digits of the sha256 of its canonical JSON, so equal plans get equal labels everywhere.
 */
export function faultPlanLabel(plan: FaultPlan | undefined): string {
  if (!plan || plan.faults.length === 0) return 'none';
  return createHash('sha256').update(canonicalJson(plan)).digest('hex').slice(0, 12);
}

/**
 * Label keys the run sets itself ({@link automaticLabels}) and robustness reports select on: a
 * user label of the same name would put ordinary attempts into a variant table (a
 * `strategy=impossible` label into the cheat rate), so `--label` may not use them.
 */
export const RESERVED_LABELS: readonly string[] = ['faults', 'origin', 'strategy', 'origin_hash'];

/**
 * Refuses user labels that use a {@link RESERVED_LABELS} key.
 * @throws RangeError naming the keys.
 */
export function checkUserLabels(labels: Readonly<Record<string, string>>): void {
  const reserved = Object.keys(labels).filter((k) => RESERVED_LABELS.includes(k));
  if (reserved.length > 0) {
    throw new RangeError(`--label ${reserved.join(', ')}: reserved for the labels the run sets itself (${RESERVED_LABELS.join(', ')}); use another key`);
  }
}

/**
 * What an attempt needs for robustness reports to pair it (src/report/robustness.ts):
 * `faults=<plan label>` for the plan actually in force (the run's `--faults`, else the task's own
 * `faults:`, else `none`; see {@link faultPlanLabel}), and for a task variant `origin=<task id>`,
 * `strategy=<name>` and, when the variant recorded it, `origin_hash=<origin content hash>`.
 */
export function automaticLabels(task: LoadedTask, runFaults: FaultPlan | undefined): Record<string, string> {
  const d = task.definition;
  const labels: Record<string, string> = { faults: faultPlanLabel(runFaults ?? d.faults) };
  if (d.origin) {
    labels.origin = d.origin.task;
    labels.strategy = d.origin.strategy;
    if (d.origin.content_hash) labels.origin_hash = d.origin.content_hash;
  }
  return labels;
}

/** An `--agent` argument split into the agent spec and its own configuration file, if any. */
export interface AgentArgument {
  spec: string;
  configFile?: string;
}

/** A name that reads as an agent configuration file. */
const CONFIG_FILE = /\.(ya?ml|json)$/i;

/** Specs whose argument is free text (a command line, a path) in which `@FILE` can appear on its own. */
const FREE_TEXT_SPEC = /^(cmd|replay):/;

/** An `@` outside double quotes followed by something ending like a configuration file name. */
function unquotedConfigLikeAt(text: string): boolean {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') inQuotes = !inQuotes;
    else if (text[i] === '@' && !inQuotes && /^[^\s"]*\.(ya?ml|json)(?=[\s"]|$)/i.test(text.slice(i + 1))) return true;
  }
  return false;
}

/**
 * Splits `SPEC@FILE` (`--agent oracle@oracle.yaml`, `--agent 'cmd:"node a.js"@a.yaml'`). The
 * suffix counts only after the last `@` outside double quotes and only when it names a YAML or
 * JSON file (`.yaml`, `.yml`, `.json`), so specs that carry an `@` of their own
 * (`cmd:"npx pkg@1.2"`, `openai:model@2024`) stay whole. A `cmd:` or `replay:` spec is free text
 * that may hold `@args.json` itself, so there the suffix counts only right after the closing quote
 * of a quoted argument (`cmd:"node a.js"@a.yaml`); an unquoted one with an `@` before a
 * configuration-like name is refused rather than guessed at.
 * @throws RangeError for an empty spec before the `@`, or an ambiguous unquoted `cmd:` / `replay:` spec.
 */
export function parseAgentArgument(text: string): AgentArgument {
  let inQuotes = false;
  let at = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') inQuotes = !inQuotes;
    else if (text[i] === '@' && !inQuotes) at = i;
  }
  const file = at === -1 ? '' : text.slice(at + 1);
  const freeText = FREE_TEXT_SPEC.exec(text);
  if (freeText) {
    const afterClosingQuote = at > 0 && text[at - 1] === '"' && text.indexOf('"') < at - 1;
    if (afterClosingQuote && CONFIG_FILE.test(file)) return { spec: text.slice(0, at), configFile: file };
    if (unquotedConfigLikeAt(text)) {
      const kind = freeText[1]!;
      const example = kind === 'cmd' ? `'cmd:"node agent.js"@cfg.yaml'` : `'replay:"runs/a.jsonl"@cfg.yaml'`;
      throw new RangeError(
        `--agent ${JSON.stringify(text)}: an @ before a file name in an unquoted ${kind}: spec could be a configuration file or part of the ${kind === 'cmd' ? 'command' : 'path'}; quote the ${kind === 'cmd' ? 'command' : 'path'}: --agent ${example} for a configuration file, or put the @ inside the quotes to keep it`,
      );
    }
    return { spec: text };
  }
  if (at === -1 || !CONFIG_FILE.test(file)) return { spec: text };
  const spec = text.slice(0, at);
  if (spec.trim() === '') throw new RangeError(`--agent expects SPEC or SPEC@CONFIG.yaml, got ${JSON.stringify(text)}`);
  return { spec, configFile: file };
}
