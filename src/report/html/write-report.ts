import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Store } from '../../store/index.js';
import type { ScoredAttempt } from '../../store/types.js';
import { parseTrajectory, TrajectoryFormatError, type Trajectory } from '../../trajectory/reader.js';
import { ReportError } from '../errors.js';
import type { ReportOptions } from '../summary.js';
import { ATTEMPTS_DIR, attemptFileName } from './attempt-file.js';
import { renderAttempt } from './render-attempt.js';
import { renderIndex } from './render-index.js';

/** What {@link writeReport} needs. */
export interface WriteReportOptions {
  /** The results database; it must exist. */
  db: string;
  /** The report folder (created when missing): `index.html` and `attempts/<id>.html`. */
  out: string;
  /** Page title (default "Crucible report"). */
  title?: string;
  /** Only these runs (all when absent or empty). */
  runIds?: readonly string[];
  /** Bootstrap settings of the leaderboard intervals. */
  options?: ReportOptions;
  /** Clock for the "generated" line (tests pin it). */
  now?: () => Date;
}

/** What was written. */
export interface WriteReportResult {
  indexFile: string;
  indexBytes: number;
  /** Attempt pages written (one per attempt). */
  attemptPages: number;
}

function readTrajectory(text: string | undefined, attemptId: string): { trajectory?: Trajectory; trajectoryError?: string } {
  if (text === undefined) return {};
  try {
    return { trajectory: parseTrajectory(text, `trajectory of ${attemptId}`) };
  } catch (err) {
    // One unreadable trajectory must not cost the whole report: its page shows it raw instead.
    if (err instanceof TrajectoryFormatError) return { trajectoryError: err.message };
    throw err;
  }
}

function selectAttempts(store: Store, runIds: readonly string[]): { runs: ReturnType<Store['runs']>; attempts: ScoredAttempt[] } {
  const runs = store.runs();
  if (runIds.length === 0) return { runs, attempts: store.scoredAttempts() };
  const known = new Set(runs.map((r) => r.id));
  const missing = runIds.filter((id) => !known.has(id));
  if (missing.length > 0) {
    const list = runs.map((r) => r.id).join(', ') || 'none';
    throw new ReportError('NO_MATCH', `${store.file}: no run ${missing.map((id) => JSON.stringify(id)).join(', ')}; runs in the database: ${list}`);
  }
  const wanted = new Set(runIds);
  return { runs: runs.filter((r) => wanted.has(r.id)), attempts: runIds.flatMap((runId) => store.scoredAttempts({ runId })) };
}

/**
 * Writes a self-contained static HTML report of a results database: `index.html` (leaderboard,
 * heatmap, score distributions, cost / quality, trends, runs, attempt list) and one page per
 * attempt under `attempts/`. Pages load nothing and run no script, so they open offline from
 * file://. Attempt pages left in `attempts/` by an earlier report and no longer produced are
 * removed, so every link in the folder is current.
 *
 * @throws StoreError when the database does not exist; ReportError `NO_MATCH` for an unknown run id.
 */
export function writeReport(options: WriteReportOptions): WriteReportResult {
  const store = Store.open(options.db, { mustExist: true });
  try {
    const { runs, attempts } = selectAttempts(store, options.runIds ?? []);
    const pagesDir = path.join(options.out, ATTEMPTS_DIR);
    mkdirSync(pagesDir, { recursive: true });
    const written = new Set<string>();
    for (const attempt of attempts) {
      const artifacts = store.artifacts(attempt.id);
      const file = attemptFileName(attempt.id);
      const pageHtml = renderAttempt({ attempt, ...(artifacts ? { artifacts } : {}), ...readTrajectory(artifacts?.trajectory, attempt.id), indexHref: '../index.html' });
      writeFileSync(path.join(pagesDir, file), pageHtml);
      written.add(file);
    }
    for (const file of readdirSync(pagesDir)) {
      if (file.endsWith('.html') && !written.has(file)) rmSync(path.join(pagesDir, file));
    }
    const index = renderIndex({
      title: options.title ?? 'Crucible report',
      generatedAt: (options.now?.() ?? new Date()).toISOString(),
      source: options.db,
      runs,
      attempts,
      ...(options.options ? { options: options.options } : {}),
    });
    const indexFile = path.join(options.out, 'index.html');
    writeFileSync(indexFile, index);
    return { indexFile, indexBytes: Buffer.byteLength(index), attemptPages: written.size };
  } finally {
    store.close();
  }
}
