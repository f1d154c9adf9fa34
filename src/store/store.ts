import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { Finding, Score } from '../score/types.js';
import type { ExitStatus } from '../trajectory/schema.js';
import { migrate, schemaVersion } from './migrations.js';
import {
  attemptToRow,
  findingToRow,
  insertSql,
  rowToAttempt,
  rowToFinding,
  rowToRun,
  rowToScore,
  runToRow,
  scoreToRow,
} from './rows.js';
import type { ArtifactRow, AttemptRow, FindingRow, RunRow, ScoreRow } from './rows.js';
import { summarizeTrajectory } from './trajectory-summary.js';
import type { AttemptFilter, AttemptRecord, RunRecord, ScoredAttempt } from './types.js';

/** Misuse of the results database: an unknown attempt, finishing one twice, a missing file. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

/** Options of {@link Store.open}. */
export interface StoreOpenOptions {
  /** Refuse to create the file: for inputs such as merge sources (default false). */
  mustExist?: boolean;
  /** How long a write waits for another process's lock (default 10 s). */
  busyTimeoutMs?: number;
}

/** An attempt as first recorded: what the matrix knows before it runs. Measured fields default to zero. */
export type NewAttempt = Omit<AttemptRecord, 'state' | 'tokensPrompt' | 'tokensCompletion' | 'costUsd' | 'latencyMs' | 'harnessRetries'> &
  Partial<Pick<AttemptRecord, 'tokensPrompt' | 'tokensCompletion' | 'costUsd' | 'latencyMs' | 'harnessRetries'>>;

/** Everything known when an attempt ends with a result about the agent (not a harness error). */
export interface FinishData {
  exitStatus: ExitStatus;
  resolved?: boolean;
  cheated?: boolean;
  /** Used only when the attempt has no start time yet. */
  startedAt?: string;
  /** Default: now. */
  endedAt?: string;
  /** Wall time including grading (ms). */
  durationMs?: number;
  /** The trajectory as written (JSONL text); stored gzip-compressed, provenance and usage read from it. */
  trajectory?: string;
  /** The final diff, byte-identical to what was graded. */
  diff?: string;
  /** The grade result (stored as JSON). */
  grade?: unknown;
  scores?: Score[];
  findings?: Finding[];
}

/** The stored artifacts of an attempt; `trajectory` is the decompressed JSONL text. */
export interface AttemptArtifacts {
  trajectory?: string;
  trajectorySha256?: string;
  diff?: string;
  grade?: unknown;
}

/** An attempt's rows exactly as stored: what merging copies between databases. */
export interface AttemptRows {
  attempt: AttemptRow;
  scores: ScoreRow[];
  findings: FindingRow[];
  artifact?: ArtifactRow;
}

/**
 * The results database: one SQLite file (WAL, foreign keys on) holding runs, attempts, scores,
 * integrity findings and each attempt's trajectory (gzip), final diff and grade, so a database
 * is self-contained. Writes are synchronous and each public mutation is one transaction, so a
 * crash at any moment leaves every attempt either as it was or fully updated.
 */
export class Store {
  private constructor(
    private readonly db: Database.Database,
    /** The database file. */
    readonly file: string,
  ) {}

  /**
   * Opens (creating it and its folder unless `mustExist`) and migrates a results database.
   * @throws StoreSchemaError when the file was written by a newer Crucible.
   * @throws StoreError when `mustExist` and the file does not exist.
   */
  static open(file: string, options: StoreOpenOptions = {}): Store {
    if (options.mustExist && !existsSync(file)) throw new StoreError(`${file}: no such results database`);
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file, { fileMustExist: options.mustExist ?? false, timeout: options.busyTimeoutMs ?? 10_000 });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, file);
    } catch (err) {
      db.close();
      throw err;
    }
    return new Store(db, file);
  }

  /** The open connection, for companion modules that keep their own tables (reviews.ts). */
  get connection(): Database.Database {
    return this.db;
  }

  /** The schema version of this database (see migrations.ts). */
  schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** Runs `fn` in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Inserts a run, or updates an existing one's labels, version, revision and shard; its
   * creation time is kept unless `replace` (then every field is overwritten, as merging does).
   */
  upsertRun(run: RunRecord, options: { replace?: boolean } = {}): void {
    const row = runToRow(run);
    const cols = Object.keys(row).filter((c) => c !== 'id' && (options.replace || (c !== 'created_at' && c !== 'seed' && c !== 'repeats' && c !== 'tasks' && c !== 'agents')));
    this.db.prepare(`${insertSql('runs', row)} ON CONFLICT(id) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')}`).run(row);
  }

  /** A run by id, or undefined. */
  run(id: string): RunRecord | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row && rowToRun(row);
  }

  /** Every run, oldest first. */
  runs(): RunRecord[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY created_at, id').all() as RunRow[]).map(rowToRun);
  }

  /** Inserts the attempt as `pending` when its id is new; returns what is stored either way. */
  ensureAttempt(record: NewAttempt): AttemptRecord {
    const row = attemptToRow({
      tokensPrompt: 0,
      tokensCompletion: 0,
      costUsd: 0,
      latencyMs: 0,
      harnessRetries: 0,
      ...record,
      state: 'pending',
    });
    this.db.prepare(insertSql('attempts', row, 'INSERT OR IGNORE')).run(row);
    return this.requireAttempt(record.id);
  }

  /** One attempt by id, or undefined. */
  attempt(id: string): AttemptRecord | undefined {
    const row = this.db.prepare('SELECT * FROM attempts WHERE id = ?').get(id) as AttemptRow | undefined;
    return row && rowToAttempt(row);
  }

  private requireAttempt(id: string): AttemptRecord {
    const a = this.attempt(id);
    if (!a) throw new StoreError(`no attempt ${id} in ${this.file}`);
    return a;
  }

  /**
   * Marks an attempt as running. An existing start time is kept (a redone attempt keeps the
   * time it was first started). A finished attempt is never touched.
   */
  markRunning(id: string, startedAt: string): void {
    const info = this.db
      .prepare(`UPDATE attempts SET state = 'running', started_at = COALESCE(started_at, ?) WHERE id = ? AND state != 'finished'`)
      .run(startedAt, id);
    if (info.changes === 0) {
      const a = this.requireAttempt(id);
      throw new StoreError(`attempt ${id} is ${a.state}; it cannot be started again`);
    }
  }

  /**
   * Records an attempt's outcome in one transaction: exit status, resolved, cheated, provenance
   * (agent name and version, model, prompt variant, agent configuration, image id) from the
   * trajectory header, tokens / cost / latency summed over its messages, duration, scores,
   * findings, the compressed trajectory, the final diff and the grade.
   * @throws StoreError when the attempt does not exist or is already finished.
   */
  finishAttempt(id: string, data: FinishData): AttemptRecord {
    this.transaction(() => {
      const before = this.requireAttempt(id);
      if (before.state === 'finished') throw new StoreError(`attempt ${id} is already finished; refusing to record it twice`);
      const t = data.trajectory === undefined ? undefined : summarizeTrajectory(data.trajectory);
      const after: AttemptRecord = {
        ...before,
        state: 'finished',
        exitStatus: data.exitStatus,
        resolved: data.resolved,
        cheated: data.cheated,
        startedAt: before.startedAt ?? data.startedAt,
        endedAt: data.endedAt ?? new Date().toISOString(),
        durationMs: data.durationMs,
        agentName: t?.agentName ?? before.agentName,
        agentVersion: t?.agentVersion ?? before.agentVersion,
        model: t?.model ?? before.model,
        promptVariant: t?.promptVariant ?? before.promptVariant,
        agentConfig: t?.agentConfig ?? before.agentConfig,
        imageId: t?.imageId ?? before.imageId,
        tokensPrompt: t?.tokensPrompt ?? before.tokensPrompt,
        tokensCompletion: t?.tokensCompletion ?? before.tokensCompletion,
        costUsd: t?.costUsd ?? before.costUsd,
        latencyMs: t?.latencyMs ?? before.latencyMs,
      };
      this.replaceAttemptRow(attemptToRow(after));
      this.writeScores(id, data.scores ?? [], data.findings ?? []);
      this.writeArtifacts(id, data);
    });
    return this.requireAttempt(id);
  }

  private replaceAttemptRow(row: AttemptRow): void {
    const cols = Object.keys(row).filter((c) => c !== 'id');
    this.db.prepare(`UPDATE attempts SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run(row);
  }

  private writeScores(id: string, scores: Score[], findings: Finding[]): void {
    this.db.prepare('DELETE FROM scores WHERE attempt_id = ?').run(id);
    this.db.prepare('DELETE FROM findings WHERE attempt_id = ?').run(id);
    scores.forEach((s, i) => {
      const row = scoreToRow(id, s, i);
      this.db.prepare(insertSql('scores', row)).run(row);
    });
    findings.forEach((f, i) => {
      const row = findingToRow(id, f, i);
      this.db.prepare(insertSql('findings', row)).run(row);
    });
  }

  private writeArtifacts(id: string, data: FinishData): void {
    const row: ArtifactRow = {
      attempt_id: id,
      trajectory_gz: data.trajectory === undefined ? null : gzipSync(Buffer.from(data.trajectory, 'utf8')),
      trajectory_sha256: data.trajectory === undefined ? null : createHash('sha256').update(data.trajectory).digest('hex'),
      final_diff: data.diff ?? null,
      grade: data.grade === undefined ? null : JSON.stringify(data.grade),
    };
    this.db.prepare(insertSql('artifacts', row, 'INSERT OR REPLACE')).run(row);
  }

  /**
   * Records a harness failure of an attempt (never a result about the agent). Not final: the
   * attempt goes back to `pending` and `harnessRetries` counts one more retry. Final: the
   * attempt is left in state `harness_error` with the message (the retry count is unchanged,
   * since this failure is not retried).
   */
  recordHarnessError(id: string, message: string, options: { final: boolean }): AttemptRecord {
    const sql = options.final
      ? `UPDATE attempts SET state = 'harness_error', harness_error = ?, ended_at = ? WHERE id = ? AND state != 'finished'`
      : `UPDATE attempts SET state = 'pending', harness_error = ?, harness_retries = harness_retries + 1, ended_at = ? WHERE id = ? AND state != 'finished'`;
    const info = this.db.prepare(sql).run(message, options.final ? new Date().toISOString() : null, id);
    if (info.changes === 0) {
      const a = this.requireAttempt(id);
      throw new StoreError(`attempt ${id} is ${a.state}; a harness error cannot be recorded on it`);
    }
    return this.requireAttempt(id);
  }

  /**
   * Puts a run's `running` attempts (left by a crash or kill) back to `pending`, so that
   * resuming redoes them. Returns how many there were.
   */
  resetUnfinished(runId: string): number {
    return this.db.prepare(`UPDATE attempts SET state = 'pending' WHERE run_id = ? AND state = 'running'`).run(runId).changes;
  }

  /** Puts the given `running` attempts back to `pending` (for a clean stop). */
  releaseAttempts(ids: readonly string[]): void {
    const stmt = this.db.prepare(`UPDATE attempts SET state = 'pending' WHERE id = ? AND state = 'running'`);
    this.transaction(() => ids.forEach((id) => stmt.run(id)));
  }

  /** Attempts matching `filter`, ordered by run, task, agent and repeat. */
  attempts(filter: AttemptFilter = {}): AttemptRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.runId !== undefined) {
      where.push('run_id = ?');
      params.push(filter.runId);
    }
    if (filter.agentSpec !== undefined) {
      where.push('agent_spec = ?');
      params.push(filter.agentSpec);
    }
    if (filter.taskId !== undefined) {
      where.push('task_id = ?');
      params.push(filter.taskId);
    }
    if (filter.states) {
      if (filter.states.length === 0) return [];
      where.push(`state IN (${filter.states.map(() => '?').join(', ')})`);
      params.push(...filter.states);
    }
    for (const [key, value] of Object.entries(filter.labels ?? {})) {
      where.push(`EXISTS (SELECT 1 FROM json_each(attempts.labels) WHERE json_each.key = ? AND json_each.value = ?)`);
      params.push(key, value);
    }
    const sql = `SELECT * FROM attempts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY run_id, task_id, agent_spec, repeat`;
    return (this.db.prepare(sql).all(...params) as AttemptRow[]).map(rowToAttempt);
  }

  /** Attempts matching `filter` with their scores (in scoring order) and findings. */
  scoredAttempts(filter: AttemptFilter = {}): ScoredAttempt[] {
    const scores = this.db.prepare('SELECT * FROM scores WHERE attempt_id = ? ORDER BY ord');
    const findings = this.db.prepare('SELECT * FROM findings WHERE attempt_id = ? ORDER BY ord');
    return this.attempts(filter).map((a) => ({
      ...a,
      scores: (scores.all(a.id) as ScoreRow[]).map(rowToScore),
      findings: (findings.all(a.id) as FindingRow[]).map(rowToFinding),
    }));
  }

  /** The attempt's trajectory (JSONL text, decompressed), or undefined when none was stored. */
  trajectory(attemptId: string): string | undefined {
    const row = this.db.prepare('SELECT trajectory_gz FROM artifacts WHERE attempt_id = ?').get(attemptId) as Pick<ArtifactRow, 'trajectory_gz'> | undefined;
    return row?.trajectory_gz ? gunzipSync(row.trajectory_gz).toString('utf8') : undefined;
  }

  /** The attempt's stored trajectory, final diff and grade. */
  artifacts(attemptId: string): AttemptArtifacts | undefined {
    const row = this.db.prepare('SELECT * FROM artifacts WHERE attempt_id = ?').get(attemptId) as ArtifactRow | undefined;
    if (!row) return undefined;
    return {
      ...(row.trajectory_gz ? { trajectory: gunzipSync(row.trajectory_gz).toString('utf8') } : {}),
      ...(row.trajectory_sha256 ? { trajectorySha256: row.trajectory_sha256 } : {}),
      ...(row.final_diff !== null ? { diff: row.final_diff } : {}),
      ...(row.grade !== null ? { grade: JSON.parse(row.grade) as unknown } : {}),
    };
  }

  /** Every attempt id of the database, in storage order (for merging). */
  attemptIds(): string[] {
    return (this.db.prepare('SELECT id FROM attempts ORDER BY run_id, task_id, agent_spec, repeat').all() as Array<{ id: string }>).map((r) => r.id);
  }

  /** An attempt's rows exactly as stored (for merging). */
  exportAttempt(id: string): AttemptRows | undefined {
    const attempt = this.db.prepare('SELECT * FROM attempts WHERE id = ?').get(id) as AttemptRow | undefined;
    if (!attempt) return undefined;
    const artifact = this.db.prepare('SELECT * FROM artifacts WHERE attempt_id = ?').get(id) as ArtifactRow | undefined;
    return {
      attempt,
      scores: this.db.prepare('SELECT * FROM scores WHERE attempt_id = ? ORDER BY ord').all(id) as ScoreRow[],
      findings: this.db.prepare('SELECT * FROM findings WHERE attempt_id = ? ORDER BY ord').all(id) as FindingRow[],
      ...(artifact ? { artifact } : {}),
    };
  }

  /**
   * Writes an attempt's rows as exported from another database, replacing whatever this one
   * holds under that id (for merging; the run must exist here first).
   */
  importAttempt(rows: AttemptRows): void {
    this.transaction(() => {
      const id = rows.attempt.id;
      this.db.prepare('DELETE FROM attempts WHERE id = ?').run(id);
      this.db.prepare(insertSql('attempts', rows.attempt)).run(rows.attempt);
      for (const s of rows.scores) this.db.prepare(insertSql('scores', s)).run({ ...s, attempt_id: id });
      for (const f of rows.findings) this.db.prepare(insertSql('findings', f)).run({ ...f, attempt_id: id });
      if (rows.artifact) this.db.prepare(insertSql('artifacts', rows.artifact)).run({ ...rows.artifact, attempt_id: id });
    });
  }

  /** Closes the database (checkpointing the WAL). */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
