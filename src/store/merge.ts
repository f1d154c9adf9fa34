import { createHash } from 'node:crypto';
import path from 'node:path';
import { canonicalJson } from '../task/content-hash.js';
import { REVIEWER_FINDING_ID, ReviewStore } from './reviews.js';
import { Store } from './store.js';
import type { AttemptRows } from './store.js';
import type { AttemptState, RunRecord } from './types.js';

/** Two databases disagree about the same run or attempt; the first one's version was kept. */
export interface MergeConflict {
  kind: 'run' | 'attempt';
  id: string;
  /** The database whose version is in the result. */
  kept: string;
  /** The database whose differing version was not copied. */
  rejected: string;
  /** Which fields differ (`scores`, `findings`, `trajectory`, `diff`, `grade` or an attempt column). */
  fields: string[];
}

/** What {@link mergeStores} did. */
export interface MergeReport {
  into: string;
  /** Runs in the merged database. */
  runs: number;
  /** Attempts in the merged database. */
  attempts: number;
  /** Attempts copied in. */
  copied: number;
  /** Duplicates with identical content (e.g. the same database given twice), not copied again. */
  identical: number;
  /** Unfinished copies (pending, running, harness error) replaced by a finished one. */
  upgraded: number;
  /** Copies not taken because the result already held a more finished one of the same attempt. */
  superseded: number;
  /** Finished attempts (or runs) with the same id and different content: reported, never overwritten. */
  conflicts: MergeConflict[];
  /** Expert reviews copied in (a review already present, by content id, is not copied again). */
  reviews: number;
}

const RANK: Record<AttemptState, number> = { pending: 0, running: 1, harness_error: 2, finished: 3 };

function digest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * Findings as the detectors left them: reviewer confirmations (and the reviewer's own finding)
 * are derived from the reviews, which merge separately, so they never make two copies differ.
 */
function detectorFindings(rows: AttemptRows['findings']): unknown[] {
  return rows
    .filter((f) => f.finding_id !== REVIEWER_FINDING_ID)
    .map(({ attempt_id: _, confirmed_by: by, ...rest }) => (by == null ? rest : { ...rest, confirmed: 0 }));
}

/** Field names whose stored content differs between two copies of an attempt. */
function differences(a: AttemptRows, b: AttemptRows): string[] {
  const out: string[] = [];
  const ra = a.attempt as unknown as Record<string, unknown>;
  const rb = b.attempt as unknown as Record<string, unknown>;
  // `cheated` follows the findings (detector confirmations, compared below, or reviewers').
  for (const key of Object.keys(ra)) if (key !== 'cheated' && canonicalJson(ra[key]) !== canonicalJson(rb[key])) out.push(key);
  const strip = <T extends { attempt_id: string }>(rows: T[]) => rows.map(({ attempt_id: _, ...rest }) => rest);
  if (digest(strip(a.scores)) !== digest(strip(b.scores))) out.push('scores');
  if (digest(detectorFindings(a.findings)) !== digest(detectorFindings(b.findings))) out.push('findings');
  const trajectoryOf = (r: AttemptRows) => r.artifact?.trajectory_sha256 ?? (r.artifact?.trajectory_gz ? createHash('sha256').update(r.artifact.trajectory_gz).digest('hex') : null);
  if (trajectoryOf(a) !== trajectoryOf(b)) out.push('trajectory');
  if ((a.artifact?.final_diff ?? null) !== (b.artifact?.final_diff ?? null)) out.push('diff');
  if ((a.artifact?.grade ?? null) !== (b.artifact?.grade ?? null)) out.push('grade');
  return out;
}

/** The run both databases describe: earliest creation, union of labels, shard kept only when equal. */
function mergeRun(kept: RunRecord, incoming: RunRecord): { run: RunRecord; fields: string[] } {
  const fields: string[] = [];
  for (const key of ['seed', 'repeats', 'tasks', 'agents'] as const) {
    if (canonicalJson(kept[key]) !== canonicalJson(incoming[key])) fields.push(key);
  }
  const labels = { ...kept.labels };
  for (const [k, v] of Object.entries(incoming.labels)) {
    if (k in labels && labels[k] !== v) fields.push(`labels.${k}`);
    else labels[k] = v;
  }
  const run: RunRecord = { ...kept, labels, createdAt: incoming.createdAt < kept.createdAt ? incoming.createdAt : kept.createdAt };
  if (kept.shard !== incoming.shard) delete run.shard;
  return { run, fields };
}

/**
 * Copies expert reviews and queue entries after the attempts, so reviewer confirmations of
 * findings are re-derived on the merged rows (a reward-hack verdict keeps confirming its finding).
 */
function copyReviews(source: Store, target: Store, report: MergeReport): void {
  const from = ReviewStore.of(source);
  const into = ReviewStore.of(target);
  report.reviews += into.add(from.all()).added;
  for (const entry of from.queue()) into.enqueue([{ attemptId: entry.attemptId, reason: entry.reason }], entry.createdAt);
}

/**
 * Copies runs, attempts, scores, findings, artifacts (trajectories, diffs, grades) and reviews of several
 * results databases into `into` (created if missing; what it already holds counts as the first
 * source). Shards of one run share its id and its attempt ids, so they combine into one run.
 * An attempt found twice is copied once: identical copies are skipped, an unfinished copy gives
 * way to a finished one, and two finished copies that differ are a conflict — the first is kept
 * and the conflict reported, never silently overwritten. Each source is merged in one
 * transaction.
 */
export function mergeStores(sources: readonly string[], into: string): MergeReport {
  const target = Store.open(into);
  const report: MergeReport = { into, runs: 0, attempts: 0, copied: 0, identical: 0, upgraded: 0, superseded: 0, conflicts: [], reviews: 0 };
  const origin = new Map<string, string>();
  const seen = new Set<string>([path.resolve(into)]);
  try {
    for (const file of sources) {
      if (seen.has(path.resolve(file))) continue;
      seen.add(path.resolve(file));
      const source = Store.open(file, { mustExist: true });
      try {
        target.transaction(() => {
          for (const run of source.runs()) {
            const existing = target.run(run.id);
            if (!existing) {
              target.upsertRun(run, { replace: true });
              origin.set(`run:${run.id}`, file);
              continue;
            }
            const merged = mergeRun(existing, run);
            target.upsertRun(merged.run, { replace: true });
            if (merged.fields.length) report.conflicts.push({ kind: 'run', id: run.id, kept: origin.get(`run:${run.id}`) ?? into, rejected: file, fields: merged.fields });
          }
          for (const id of source.attemptIds()) {
            const incoming = source.exportAttempt(id)!;
            const existing = target.exportAttempt(id);
            if (!existing) {
              target.importAttempt(incoming);
              origin.set(id, file);
              report.copied++;
              continue;
            }
            const fields = differences(existing, incoming);
            if (fields.length === 0) {
              report.identical++;
              continue;
            }
            const rankIn = RANK[incoming.attempt.state as AttemptState] ?? 0;
            const rankHave = RANK[existing.attempt.state as AttemptState] ?? 0;
            if (rankIn > rankHave) {
              target.importAttempt(incoming);
              origin.set(id, file);
              report.upgraded++;
            } else if (rankIn === RANK.finished && rankHave === RANK.finished) {
              report.conflicts.push({ kind: 'attempt', id, kept: origin.get(id) ?? into, rejected: file, fields });
            } else {
              report.superseded++;
            }
          }
          copyReviews(source, target, report);
        });
      } finally {
        source.close();
      }
    }
    report.runs = target.runs().length;
    report.attempts = target.attemptIds().length;
    return report;
  } finally {
    target.close();
  }
}
