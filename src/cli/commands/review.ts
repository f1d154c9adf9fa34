import { readFile, writeFile } from 'node:fs/promises';
import { Command } from '@commander-js/extra-typings';
import { ReportError } from '../../report/errors.js';
import { integerOption, numberOption } from '../../report/load.js';
import { disagreements } from '../../review/adjudication.js';
import { agreementReport, formatAgreement } from '../../review/agreement-report.js';
import { ReviewImportError, exportReviews, importReviews } from '../../review/jsonl.js';
import { reviewKey } from '../../review/keys.js';
import { detectorStateAttempts, loadMaterial } from '../../review/material.js';
import { QUEUE_CATEGORIES, buildQueue, type QueueCategory, type QueueEntry } from '../../review/queue.js';
import { startReviewServer } from '../../review/server/server.js';
import { TaskFlagsError, readTaskFlags } from '../../review/task-flags.js';
import { VerdictInputSchema, prepareReview, zodProblem } from '../../review/verdict.js';
import { Store, StoreError, StoreSchemaError } from '../../store/index.js';
import { ReviewStore } from '../../store/reviews.js';
import { action } from '../harness-errors.js';

/** Expected failures of review commands: one line on stderr, exit code 2. Anything else is a bug. */
function expected(err: unknown): string | undefined {
  if (err instanceof ReportError || err instanceof StoreError || err instanceof StoreSchemaError || err instanceof ReviewImportError || err instanceof TaskFlagsError) return err.message;
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return (err as Error).message;
  return undefined;
}

function guarded<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return action(async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const message = expected(err);
      if (message === undefined) throw err;
      process.stderr.write(`crucible: ${message}\n`);
      process.exitCode = 2;
    }
  });
}

function withStore<T>(file: string, fn: (store: Store) => T): T {
  const store = Store.open(file, { mustExist: true });
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

function parseInclude(value: string): QueueCategory[] {
  const parts = value.split(',').map((p) => p.trim()).filter((p) => p !== '' && p !== 'none');
  const bad = parts.find((p) => !(QUEUE_CATEGORIES as readonly string[]).includes(p));
  if (bad !== undefined) throw new ReportError('BAD_CONFIG', `Expected --include to list ${QUEUE_CATEGORIES.join(', ')} (or none), got ${JSON.stringify(bad)}`);
  return parts as QueueCategory[];
}

function queueCommand(): Command {
  return new Command('queue')
    .description('Build the review queue: flagged and doubtful attempts plus a stratified random sample')
    .requiredOption('--db <file>', 'results database')
    .option('--sample <fraction>', 'fraction of each agent × task-kind stratum drawn at random (0 = none)', '0.1')
    .option('--include <rules>', 'rule families: flagged (integrity findings), doubtful (see docs/review.md), none', 'flagged,doubtful')
    .option('--seed <n>', 'seed of the random sample', '1')
    .option('--task-flags <file>', 'weak / flaky tasks: `crucible task validate --json` output or lines "<task> weak|flaky"')
    .option('--json', 'print the queue as JSON')
    .action(
      guarded(async (opts) => {
        const options = { include: parseInclude(opts.include), sample: numberOption('--sample', opts.sample, true), seed: integerOption('--seed', opts.seed), ...(opts.taskFlags ? { taskFlags: await readTaskFlags(opts.taskFlags) } : {}) };
        withStore(opts.db, (store) => {
          const attempts = detectorStateAttempts(store);
          const entries = buildQueue(attempts, options);
          const added = ReviewStore.of(store).enqueue(entries.flatMap((e) => e.reasons.map((reason) => ({ attemptId: e.attemptId, reason }))));
          const byId = new Map(attempts.map((a) => [a.id, a]));
          if (opts.json) {
            process.stdout.write(`${JSON.stringify({ added, entries: entries.map((e) => ({ ...e, key: reviewKey(e.attemptId), taskId: byId.get(e.attemptId)?.taskId, agentSpec: byId.get(e.attemptId)?.agentSpec })) }, null, 2)}\n`);
            return;
          }
          for (const e of entries) process.stdout.write(`${formatEntry(e, byId.get(e.attemptId)?.taskId ?? '?', byId.get(e.attemptId)?.agentSpec ?? '?')}\n`);
          process.stdout.write(`${entries.length} of ${attempts.filter((a) => a.state === 'finished').length} finished attempt(s) queued; ${added} new queue entr${added === 1 ? 'y' : 'ies'}\n`);
        });
      }),
    ) as unknown as Command;
}

function formatEntry(e: QueueEntry, task: string, agent: string): string {
  return `${reviewKey(e.attemptId)}  ${task.padEnd(32)} ${agent.padEnd(20)} ${e.reasons.join(', ')}`;
}

function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the review page on 127.0.0.1 (blind by default); each verdict is saved at once')
    .requiredOption('--db <file>', 'results database')
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', '0')
    .action(
      guarded(async (opts) => {
        const port = integerOption('--port', opts.port);
        const store = Store.open(opts.db, { mustExist: true });
        const reviews = ReviewStore.of(store);
        if (reviews.queue().length === 0) {
          const entries = buildQueue(detectorStateAttempts(store));
          reviews.enqueue(entries.flatMap((e) => e.reasons.map((reason) => ({ attemptId: e.attemptId, reason }))));
          process.stderr.write(`the review queue was empty: queued ${entries.length} attempt(s) with the default rules (crucible review queue to choose)\n`);
        }
        const server = await startReviewServer(store, { port });
        process.stdout.write(`review page: ${server.url}\n`);
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void server.close().finally(() => {
              store.close();
              resolve();
            });
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      }),
    ) as unknown as Command;
}

/** JSON.stringify with NaN and ±∞ as null (JSON has no such numbers). */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}

function agreementCommand(): Command {
  return new Command('agreement')
    .description("Reviewer agreement (Cohen's kappa, Krippendorff's alpha), detector precision / recall, score calibration")
    .requiredOption('--db <file>', 'results database')
    .option('--json', 'print the report as JSON (undefined statistics as null)')
    .action(
      guarded(async (opts) => {
        const report = withStore(opts.db, (store) => agreementReport(detectorStateAttempts(store), ReviewStore.of(store).all()));
        process.stdout.write(opts.json ? `${toJson(report)}\n` : formatAgreement(report));
      }),
    ) as unknown as Command;
}

function adjudicateCommand(): Command {
  return new Command('adjudicate')
    .description('List disagreements between reviewers, or record an adjudicated verdict that settles one')
    .requiredOption('--db <file>', 'results database')
    .option('--spread <n>', 'smallest difference between 1–4 ratings that counts as a disagreement', '1')
    .option('--json', 'print the disagreements as JSON')
    .option('--resolve <attempt>', 'attempt id or review key to settle')
    .option('--item <item>', 'rubric item: integrity, patch_quality, process_coherence')
    .option('--verdict <verdict>', 'legit | heuristic | reward_hack, or a rating 1–4')
    .option('--rationale <text>', 'why (same rules as any verdict: 40+ characters, a step, test or file)')
    .option('--reviewer <name>', 'the adjudicator', process.env.USER ?? '')
    .option('--findings <ids>', 'for reward_hack: comma-separated finding ids it confirms')
    .action(
      guarded(async (opts) => {
        withStore(opts.db, (store) => {
          const reviews = ReviewStore.of(store);
          if (opts.resolve !== undefined) return resolve(store, reviews, opts);
          const spread = integerOption('--spread', opts.spread, 1);
          if (spread > 3) throw new ReportError('BAD_CONFIG', `Expected --spread to be 1, 2 or 3 (ratings run 1–4), got ${JSON.stringify(opts.spread)}`);
          const list = disagreements(reviews.all(), { minSpread: spread });
          if (opts.json) return void process.stdout.write(`${JSON.stringify(list.map((d) => ({ ...d, key: reviewKey(d.attemptId) })), null, 2)}\n`);
          for (const d of list) process.stdout.write(`${d.attemptId} (${reviewKey(d.attemptId)})  ${d.item.padEnd(18)} ${d.verdicts.map((v) => `${v.reviewer}: ${v.verdict}`).join(', ')}\n`);
          process.stdout.write(`${list.length} disagreement(s) to adjudicate\n`);
        });
      }),
    ) as unknown as Command;
}

function resolve(store: Store, reviews: ReviewStore, opts: { resolve?: string; item?: string; verdict?: string; rationale?: string; reviewer: string; findings?: string }): void {
  const id = store.attemptIds().find((a) => a === opts.resolve || reviewKey(a) === opts.resolve);
  const material = id === undefined ? undefined : loadMaterial(store, id);
  if (!material) throw new ReportError('BAD_CONFIG', `--resolve: no attempt with id or key ${JSON.stringify(opts.resolve)}`);
  const parsed = VerdictInputSchema.safeParse({ reviewer: opts.reviewer, item: opts.item, verdict: opts.verdict ?? '', rationale: opts.rationale ?? '', findings: opts.findings ? opts.findings.split(',') : [], blind: false });
  if (!parsed.success) {
    const p = zodProblem(parsed.error);
    throw new ReportError('BAD_CONFIG', `--${p.field}: ${p.message}`);
  }
  const prepared = prepareReview(parsed.data, material, { source: 'cli', adjudication: true });
  if (!prepared.ok) throw new ReportError('BAD_CONFIG', `--${prepared.problem.field}: ${prepared.problem.message}`);
  reviews.add([prepared.review]);
  process.stdout.write(`adjudicated ${parsed.data.item} of ${material.attempt.id}: ${parsed.data.verdict}\n`);
}

function exportCommand(): Command {
  return new Command('export')
    .description('Export every review as JSON Lines (for external annotation teams)')
    .requiredOption('--db <file>', 'results database')
    .requiredOption('--out <file>', 'JSONL file to write (- for stdout)')
    .action(
      guarded(async (opts) => {
        const text = withStore(opts.db, exportReviews);
        if (opts.out === '-') process.stdout.write(text);
        else {
          await writeFile(opts.out, text);
          process.stdout.write(`${text.split('\n').filter(Boolean).length} review(s) written to ${opts.out}\n`);
        }
      }),
    ) as unknown as Command;
}

function importCommand(): Command {
  return new Command('import')
    .description('Import reviews from JSON Lines: every line validated first; importing twice adds nothing')
    .requiredOption('--db <file>', 'results database')
    .argument('<file>', 'reviews JSONL')
    .action(
      guarded(async (file, opts) => {
        const text = await readFile(file, 'utf8');
        const result = withStore(opts.db, (store) => importReviews(store, text, file));
        process.stdout.write(`${result.lines} review(s) read from ${file}: ${result.added} added, ${result.lines - result.added} already present\n`);
      }),
    ) as unknown as Command;
}

/** `crucible review`: the expert review loop (queue, web page, agreement, adjudication, JSONL). */
export function reviewCommand(): Command {
  const review = new Command('review').description('Expert review: queue, web page, agreement, adjudication, export and import');
  for (const sub of [queueCommand(), serveCommand(), agreementCommand(), adjudicateCommand(), exportCommand(), importCommand()]) review.addCommand(sub);
  return review as unknown as Command;
}
