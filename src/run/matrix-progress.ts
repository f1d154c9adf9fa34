import { Listr } from 'listr2';
import type { ScoredAttempt } from '../store/types.js';
import type { MatrixEvent } from './matrix.js';
import type { PlannedAttempt } from './matrix-plan.js';

/** Shows a matrix run to a person. */
export interface MatrixProgress {
  onEvent(event: MatrixEvent): void;
  /** Ends the display (idempotent). */
  close(): Promise<void>;
}

function composite(record: ScoredAttempt): string {
  const v = record.scores.find((s) => s.name === 'composite')?.value;
  return v === undefined || v === null ? 'n/a' : v.toFixed(3);
}

/** `task agent #repeat status resolved composite (duration)` for a finished attempt. */
export function finishedLine(a: PlannedAttempt, record: ScoredAttempt): string {
  const resolved = record.resolved === undefined ? 'ungraded' : record.resolved ? 'resolved' : 'unresolved';
  const secs = record.durationMs === undefined ? '' : ` (${(record.durationMs / 1000).toFixed(1)}s)`;
  return `${a.taskId}  ${a.agent.spec}  #${a.repeat}  ${record.exitStatus ?? '?'}  ${resolved}${record.cheated ? ' CHEATED' : ''}  composite ${composite(record)}${secs}`;
}

function harnessLine(e: Extract<MatrixEvent, { type: 'harness_error' }>): string {
  const what = e.final ? `harness_error after ${e.maxRetries} retries` : `harness error, retry ${e.retry}/${e.maxRetries}`;
  return `${e.attempt.taskId}  ${e.attempt.agent.spec}  #${e.attempt.repeat}  ${what}: ${e.message}`;
}

interface Tally {
  total: number;
  done: number;
  resolved: number;
  harnessErrors: number;
  running: Set<string>;
}

function tally(t: Tally, e: MatrixEvent): void {
  if (e.type === 'start') {
    t.total = e.total;
    t.done = e.alreadyFinished;
  } else if (e.type === 'attempt_start') t.running.add(e.attempt.id);
  else if (e.type === 'attempt_end') {
    t.running.delete(e.attempt.id);
    t.done++;
    if (e.record.resolved) t.resolved++;
  } else if (e.type === 'harness_error') {
    t.running.delete(e.attempt.id);
    if (e.final) t.harnessErrors++;
  }
}

/**
 * Plain lines for logs and pipes: one at the start and one per finished attempt (task, agent,
 * repeat, exit status, resolved, composite) on `out`; harness errors and warnings on `err`.
 */
export function plainProgress(out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): MatrixProgress {
  return {
    onEvent(e) {
      if (e.type === 'start') {
        out.write(`run ${e.runId.slice(0, 12)}: ${e.total} attempt(s), ${e.alreadyFinished} already finished, ${e.todo} to run, ${e.concurrency} at a time\n`);
      } else if (e.type === 'attempt_end') out.write(`${finishedLine(e.attempt, e.record)}\n`);
      else if (e.type === 'harness_error') err.write(`${harnessLine(e)}\n`);
      else if (e.type === 'warning') err.write(`crucible: warning: ${e.message}\n`);
    },
    async close() {},
  };
}

/**
 * A live display for a terminal (listr2): one line with the counts and what is running, and
 * below it the last finished attempts.
 */
export function liveProgress(): MatrixProgress {
  const t: Tally = { total: 0, done: 0, resolved: 0, harnessErrors: 0, running: new Set() };
  let runId = '';
  let setTitle: ((title: string) => void) | undefined;
  let setOutput: ((line: string) => void) | undefined;
  let finish: (() => void) | undefined;
  const pendingLines: string[] = [];
  const ended = new Promise<void>((resolve) => (finish = resolve));
  const title = () =>
    `run ${runId.slice(0, 12)}: ${t.done}/${t.total} finished, ${t.running.size} running · ${t.resolved} resolved · ${t.harnessErrors} harness error(s)`;
  const listr = new Listr(
    [
      {
        title: 'starting',
        task: async (_ctx, task) => {
          setTitle = (s) => (task.title = s);
          setOutput = (s) => (task.output = s);
          setTitle(title());
          for (const line of pendingLines.splice(0)) setOutput(line);
          await ended;
          setTitle(title());
        },
        rendererOptions: { outputBar: 8, persistentOutput: true },
      },
    ],
    { registerSignalListeners: false, exitOnError: false, rendererOptions: { collapseErrors: false } },
  );
  const running = listr.run().catch(() => undefined);
  let closed = false;
  return {
    onEvent(e) {
      tally(t, e);
      if (e.type === 'start') runId = e.runId;
      const line =
        e.type === 'attempt_end' ? finishedLine(e.attempt, e.record) : e.type === 'harness_error' ? harnessLine(e) : e.type === 'warning' ? `warning: ${e.message.split('\n')[0]}` : undefined;
      if (line !== undefined) {
        if (setOutput) setOutput(line);
        else pendingLines.push(line);
      }
      setTitle?.(title());
    },
    async close() {
      if (closed) return;
      closed = true;
      finish?.();
      await running;
    },
  };
}
