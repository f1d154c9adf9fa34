import { closeSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Store } from '../../store/index.js';
import type { ScoredAttempt } from '../../store/types.js';
import { parseTrajectory, TrajectoryFormatError, type Trajectory } from '../../trajectory/reader.js';
import { ReportError } from '../errors.js';
import type { ReportOptions } from '../summary.js';
import { ATTEMPTS_DIR, attemptFileName, looksLikeAttemptFileName } from './attempt-file.js';
import { GENERATOR_META } from './page.js';
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

/**
 * Whether a file left in `attempts/` is a page an earlier report wrote: an attempt-shaped name
 * and the generator marker in its head. Anything else there belongs to the user and stays.
 */
function isStaleReportPage(dir: string, file: string): boolean {
  if (!looksLikeAttemptFileName(file)) return false;
  const full = path.join(dir, file);
  if (!statSync(full).isFile()) return false;
  // The marker sits in the first few hundred bytes; reading 4 KiB avoids loading big files.
  const fd = openSync(full, 'r');
  try {
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('utf8').includes(GENERATOR_META);
  } finally {
    closeSync(fd);
  }
}

function selectAttempts(store: Store, requested: readonly string[]): { runs: ReturnType<Store['runs']>; attempts: ScoredAttempt[] } {
  const runs = store.runs();
  // A run named twice (`--run a --run a`) is still one run: its attempts must count once.
  const runIds = [...new Set(requested)];
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
 * removed, so every link in the folder is current; only files with an attempt page's name and the
 * report's generator marker count as such, so the user's own files there are never touched.
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
      if (!written.has(file) && isStaleReportPage(pagesDir, file)) rmSync(path.join(pagesDir, file));
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
