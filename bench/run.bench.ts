// Run benchmark: the bundled suite with the `oracle` agent through the run matrix (what
// `crucible run` does), in rounds at concurrency 1 and 2 in the order 1, 2, 2, 1 (so a drift in
// machine load hits both levels alike), each round into a fresh temporary database. Reports
// wall time, attempts per minute, the speed-up c2/c1 (a ratio within one run: these machines
// are noisy), evaluator peak RSS, and the harness overhead share: the wall time not spent
// inside sandboxed commands (the agent's and the task's: tool commands, setup, services,
// hidden tests; not the harness's own execs in the sandbox, see helpers/exec-origin.ts), with
// a breakdown of where that time goes. Prints a table and a JSON line, and rewrites its section
// of docs/benchmarks.md. On a loaded machine, fewer tasks (`--tasks`) or rounds (`--order 1,2`)
// keep it short; the doc then says which were run.
// Run: npx tsx bench/run.bench.ts [--tasks SELECTION] [--order 1,2,2,1] [--no-doc]
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadValidTasks } from '../src/cli/load-tasks.js';
import { taskRepo } from '../src/grade/task-sandbox.js';
import { runAttempt } from '../src/run/attempt.js';
import { runMatrix } from '../src/run/matrix.js';
import type { MatrixTask } from '../src/run/matrix.js';
import { Store } from '../src/store/store.js';
import { taskContentHash } from '../src/task/content-hash.js';
import { partition, unionExceptMs } from './helpers/intervals.js';
import type { Interval } from './helpers/intervals.js';
import { TimedProvider, timeStore } from './helpers/timed-provider.js';

const { values: args } = parseArgs({ options: { tasks: { type: 'string', default: 'all' }, order: { type: 'string', default: '1,2,2,1' }, 'no-doc': { type: 'boolean', default: false } } });
const order = args.order.split(',').map(Number);
const levels = [...new Set(order)];
const TARGET_OVERHEAD = 0.15;

/** Categories of wall time in the breakdown, first match wins (see `partition`). */
const PRIORITY = ['harness-exec', 'exec', 'request', 'create:attempt', 'create:grade', 'close:attempt', 'close:grade', 'db'];
const LABELS: Record<string, string> = {
  exec: 'inside sandboxed commands (agent tools, setup, services, hidden tests)',
  'harness-exec': 'harness commands in the sandbox (workspace diffs, copy-out tar, applying diffs and copying hidden tests in grading, root bookkeeping)',
  request: 'other supervisor requests (file reads/writes, listings, kill, copies)',
  'create:attempt': 'attempt sandbox create (container create/start, supervisor ready, repo unpacked)',
  'create:grade': 'grading sandbox create',
  'close:attempt': 'attempt sandbox close (container removal)',
  'close:grade': 'grading sandbox close',
  db: 'results database (SQLite writes and reads)',
  prepare: 'before the attempt sandbox: agent, content hash, materialize',
  'prepare-grade': 'between the sandboxes: grading prep, materialize',
  open: 'evaluator work while a sandbox is open (dispatcher, oracle, grade checks)',
  scoring: 'after the grading sandbox closed: trajectory read, scorers',
  matrix: 'outside attempts (plan, pool, between attempts)',
};

interface Level {
  concurrency: number;
  rounds: number;
  /** Load average (1 min) of the machine at the start of each round: other work shares it. */
  loadAverages: number[];
  attempts: number;
  resolved: number;
  harnessErrors: number;
  wallMs: number;
  perMinute: number;
  execUnionMs: number;
  overheadShare: number;
  /** Σ attempt durations, and Σ per attempt of the union of its own commands: overhead as each attempt sees it. */
  attemptMs: number;
  attemptExecMs: number;
  peakRssMiB: number;
  breakdownMs: Record<string, number>;
}

/** Per attempt: where its phases begin and end, to name the evaluator's own time between sandbox calls. */
function phaseOf(intervals: readonly Interval[], spans: ReadonlyMap<string, Interval>) {
  const byAttempt = new Map<string, Interval[]>();
  for (const i of intervals) if (i.attempt) (byAttempt.get(i.attempt) ?? byAttempt.set(i.attempt, []).get(i.attempt)!).push(i);
  const marks = new Map<string, { firstCreate: number; attemptClosed: number; gradeCreate: number; gradeClosed: number }>();
  for (const [id, list] of byAttempt) {
    const first = (kind: string, end = false) => {
      const hits = list.filter((i) => i.kind === kind).map((i) => (end ? i.end : i.start));
      return hits.length ? (end ? Math.max(...hits) : Math.min(...hits)) : Number.NaN;
    };
    marks.set(id, { firstCreate: first('create:attempt'), attemptClosed: first('close:attempt', true), gradeCreate: first('create:grade'), gradeClosed: first('close:grade', true) });
  }
  return (t: number): string => {
    for (const [id, span] of spans) {
      if (t < span.start || t > span.end) continue;
      const m = marks.get(id);
      if (!m || !(t >= m.firstCreate)) return 'prepare';
      if (t >= m.gradeClosed) return 'scoring';
      if (t >= m.attemptClosed && !(t >= m.gradeCreate)) return 'prepare-grade';
      return 'open';
    }
    return 'matrix';
  };
}

async function runRound(tasks: MatrixTask[], concurrency: number): Promise<Level> {
  const load = os.loadavg()[0]!;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'crucible-bench-run-'));
  const provider = new TimedProvider();
  await provider.ping();
  const store = Store.open(path.join(dir, 'results.db'));
  timeStore(store, provider.intervals);
  const spans = new Map<string, Interval>();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  try {
    const result = await runMatrix({
      provider,
      store,
      tasks,
      agents: [{ spec: 'oracle', config: {} }],
      repeats: 1,
      concurrency,
      seed: 1,
      outDir: path.join(dir, 'trajectories'),
      runAttempt: async (options) => {
        const start = performance.now();
        try {
          return await runAttempt(options);
        } finally {
          spans.set(options.attemptId!, { kind: 'attempt', start, end: performance.now(), attempt: options.attemptId! });
        }
      },
    });
    const t1 = performance.now();
    const wallMs = t1 - t0;
    // Command time is what `exec` covers and `harness-exec` does not, as in the breakdown: at
    // concurrency 2 one attempt's diff overlapping the other's command counts as harness time,
    // which can only raise the overhead share, never hide harness work.
    const exec = provider.intervals.filter((i) => i.kind === 'exec');
    const harness = provider.intervals.filter((i) => i.kind === 'harness-exec');
    const execUnionMs = unionExceptMs(exec, harness);
    const breakdown = partition(provider.intervals, t0, t1, PRIORITY, phaseOf(provider.intervals, spans));
    const finished = result.attempts.filter((a) => a.state === 'finished');
    // Per attempt, only its own commands count: at concurrency 2 the union above also covers one
    // attempt's harness work with the other attempt's commands.
    let attemptMs = 0;
    let attemptExecMs = 0;
    for (const [id, span] of spans) {
      attemptMs += span.end - span.start;
      attemptExecMs += unionExceptMs(exec.filter((i) => i.attempt === id), harness.filter((i) => i.attempt === id));
    }
    return {
      concurrency,
      rounds: 1,
      loadAverages: [Number(load.toFixed(2))],
      attempts: finished.length,
      resolved: finished.filter((a) => a.resolved).length,
      harnessErrors: result.harnessErrors,
      wallMs,
      perMinute: finished.length / (wallMs / 60_000),
      execUnionMs,
      overheadShare: 1 - execUnionMs / wallMs,
      attemptMs,
      attemptExecMs,
      peakRssMiB: peakRss / 1048576,
      breakdownMs: Object.fromEntries([...breakdown].sort((a, b) => b[1] - a[1])),
    };
  } finally {
    clearInterval(sampler);
    store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const loaded = await loadValidTasks(args.tasks);
if (!loaded) process.exit(1);
const tasks: MatrixTask[] = [];
for (const task of loaded) tasks.push({ task, contentHash: await taskContentHash(task) });

// Materialization happens on the host before each sandbox exists (twice per attempt); its cost
// is measured here on its own so the "prepare" rows of the breakdown can be read against it.
const materializeMs: number[] = [];
for (const { task } of tasks) {
  await taskRepo(task);
  const start = performance.now();
  await taskRepo(task);
  materializeMs.push(performance.now() - start);
}
const materializeMedian = [...materializeMs].sort((a, b) => a - b)[Math.floor(materializeMs.length / 2)]!;

/** Rounds of one level pooled: totals over totals, so a share is Σ part / Σ wall. */
function pool(rounds: readonly Level[]): Level {
  const sum = (f: (r: Level) => number) => rounds.reduce((s, r) => s + f(r), 0);
  const wallMs = sum((r) => r.wallMs);
  const execUnionMs = sum((r) => r.execUnionMs);
  const breakdownMs: Record<string, number> = {};
  for (const r of rounds) for (const [k, v] of Object.entries(r.breakdownMs)) breakdownMs[k] = (breakdownMs[k] ?? 0) + v / rounds.length;
  return {
    concurrency: rounds[0]!.concurrency,
    rounds: rounds.length,
    loadAverages: rounds.flatMap((r) => r.loadAverages),
    attempts: sum((r) => r.attempts) / rounds.length,
    resolved: sum((r) => r.resolved) / rounds.length,
    harnessErrors: sum((r) => r.harnessErrors) / rounds.length,
    wallMs: wallMs / rounds.length,
    perMinute: sum((r) => r.attempts) / (wallMs / 60_000),
    execUnionMs: execUnionMs / rounds.length,
    overheadShare: 1 - execUnionMs / wallMs,
    attemptMs: sum((r) => r.attemptMs),
    attemptExecMs: sum((r) => r.attemptExecMs),
    peakRssMiB: Math.max(...rounds.map((r) => r.peakRssMiB)),
    breakdownMs,
  };
}

const rounds: Level[] = [];
for (const [i, c] of order.entries()) {
  process.stderr.write(`bench: round ${i + 1}/${order.length}: ${tasks.length} task(s) with oracle at concurrency ${c} (load ${os.loadavg()[0]!.toFixed(2)})…\n`);
  const round = await runRound(tasks, c);
  rounds.push(round);
  // Each round on stderr as it ends, so a run cut short still leaves its figures.
  process.stderr.write(`bench: round ${i + 1} done: ${JSON.stringify(round)}\n`);
}
const results = levels.map((c) => pool(rounds.filter((r) => r.concurrency === c)));
const base = results[0]!;
const maxRss = process.resourceUsage().maxRSS / 1024;

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const head = `| figure | ${results.map((r) => `concurrency ${r.concurrency}`).join(' | ')} |`;
const rule = `|---|${results.map(() => '---').join('|')}|`;
const row = (name: string, f: (r: Level) => string) => `| ${name} | ${results.map(f).join(' | ')} |`;
const figures = [
  head,
  rule,
  row('rounds (machine load average at their start)', (r) => `${r.rounds} (${r.loadAverages.join(', ')})`),
  row('attempts finished per round (resolved / harness errors)', (r) => `${r.attempts} (${r.resolved} / ${r.harnessErrors})`),
  row('wall time per round (mean)', (r) => s(r.wallMs)),
  row('attempts per minute', (r) => r.perMinute.toFixed(2)),
  row(`speed-up against concurrency ${base.concurrency}`, (r) => (base.wallMs / r.wallMs).toFixed(2)),
  row('time inside sandboxed commands per round (union of command intervals, harness execs excluded)', (r) => s(r.execUnionMs)),
  row(`harness overhead share (target ≤ ${TARGET_OVERHEAD * 100} %)`, (r) => `${pct(r.overheadShare)} ${r.overheadShare <= TARGET_OVERHEAD ? 'met' : '**missed**'}`),
  row('per-attempt overhead share (Σ attempt time outside its own commands / Σ attempt time)', (r) => pct(1 - r.attemptExecMs / r.attemptMs)),
  row('evaluator peak RSS (sampled every 50 ms)', (r) => `${r.peakRssMiB.toFixed(0)} MiB`),
].join('\n');
const kinds = [...new Set(results.flatMap((r) => Object.keys(r.breakdownMs)))].sort((a, b) => (base.breakdownMs[b] ?? 0) - (base.breakdownMs[a] ?? 0));
const breakdown = [
  `| where the wall time goes (mean per round) | ${results.map((r) => `concurrency ${r.concurrency}`).join(' | ')} |`,
  rule,
  ...kinds.map((k) => row(LABELS[k] ?? k, (r) => `${s(r.breakdownMs[k] ?? 0)} (${pct((r.breakdownMs[k] ?? 0) / r.wallMs)})`)),
].join('\n');

const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
const engine = await new TimedProvider().docker.version();
const machine = `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Linux ${os.release()}, Docker engine ${engine.Version}, Node ${process.version}`;
const notes = `Materializing a task's repository on the host (twice per attempt, before each sandbox): median ${materializeMedian.toFixed(0)} ms per call over ${tasks.length} task(s), measured separately. Process max RSS over the whole benchmark: ${maxRss.toFixed(0)} MiB.`;
process.stdout.write(`${machine}\n\n${figures}\n\n${breakdown}\n\n${notes}\n`);
process.stdout.write(
  `${JSON.stringify({ bench: 'run', date: new Date().toISOString(), machine, tasks: tasks.length, agent: 'oracle', materializeMedianMs: Math.round(materializeMedian), maxRssMiB: Math.round(maxRss), levels: results.map((r) => ({ ...r, speedup: base.wallMs / r.wallMs })), rounds })}\n`,
);

if (!args['no-doc']) {
  const docPath = path.resolve('docs', 'benchmarks.md');
  const previous = readFileSync(docPath, 'utf8');
  const section = `<!-- run-bench:start -->\n## Run matrix (\`npm run bench:run\`)\n\nMeasured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}. ${args.tasks === 'all' ? `The bundled suite (${tasks.length} tasks)` : `${tasks.length} tasks of the bundled suite (\`--tasks ${args.tasks}\`)`} with \`oracle\`, one repeat, in rounds at concurrency ${order.join(', ')} (in that order${order.length > levels.length ? ', so a drift in load hits both levels alike' : ''}), each round into a fresh database; figures pool the rounds of a level, and the speed-up is a ratio within the same run. Time inside sandboxed commands is the union of the intervals of the agent's and the task's commands on every sandbox (tool commands, setup, services, hidden tests), so overlapping commands at concurrency 2 count once, minus any time covered by the harness's own execs in a sandbox (workspace diffs, copy-out tar, applying diffs and copying hidden tests in grading, root bookkeeping: classified by call site, see \`bench/helpers/exec-origin.ts\`); the overhead share is 1 − that / wall time.\n\n${figures}\n\n${breakdown}\n\n${notes}\n<!-- run-bench:end -->`;
  const doc = previous.includes('<!-- run-bench:start -->') ? previous.replace(/<!-- run-bench:start -->[\s\S]*<!-- run-bench:end -->/, section) : `${previous.trimEnd()}\n\n${section}\n`;
  writeFileSync(docPath, doc);
}
