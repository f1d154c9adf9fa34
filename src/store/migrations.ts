import type Database from 'better-sqlite3';

/** One schema step. Applied once, in order, inside a transaction; never edited after release. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Every schema version of the results database, oldest first. To change the schema, append a
 * migration with the next version: released ones are never edited, since databases in the wild
 * already ran them.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, attempts, scores, findings, artifacts',
    sql: `
      CREATE TABLE runs (
        id               TEXT PRIMARY KEY,
        created_at       TEXT NOT NULL,
        seed             INTEGER NOT NULL,
        repeats          INTEGER NOT NULL,
        tasks            TEXT NOT NULL,
        agents           TEXT NOT NULL,
        labels           TEXT NOT NULL DEFAULT '{}',
        crucible_version TEXT NOT NULL,
        git_revision     TEXT,
        shard            TEXT
      ) STRICT;

      CREATE TABLE attempts (
        id                TEXT PRIMARY KEY,
        run_id            TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        task_id           TEXT NOT NULL,
        task_kind         TEXT NOT NULL,
        task_content_hash TEXT NOT NULL,
        image_id          TEXT,
        agent_spec        TEXT NOT NULL,
        agent_name        TEXT,
        agent_version     TEXT,
        model             TEXT,
        agent_config      TEXT NOT NULL DEFAULT '{}',
        prompt_variant    TEXT,
        repeat            INTEGER NOT NULL,
        seed              INTEGER NOT NULL,
        state             TEXT NOT NULL CHECK (state IN ('pending', 'running', 'finished', 'harness_error')),
        exit_status       TEXT,
        resolved          INTEGER,
        cheated           INTEGER,
        started_at        TEXT,
        ended_at          TEXT,
        tokens_prompt     INTEGER NOT NULL DEFAULT 0,
        tokens_completion INTEGER NOT NULL DEFAULT 0,
        cost_usd          REAL NOT NULL DEFAULT 0,
        latency_ms        REAL NOT NULL DEFAULT 0,
        duration_ms       REAL,
        harness_retries   INTEGER NOT NULL DEFAULT 0,
        harness_error     TEXT,
        labels            TEXT NOT NULL DEFAULT '{}',
        UNIQUE (run_id, agent_spec, task_id, repeat)
      ) STRICT;
      CREATE INDEX attempts_by_run ON attempts(run_id, state);
      CREATE INDEX attempts_by_task ON attempts(task_id, agent_spec);

      CREATE TABLE scores (
        attempt_id     TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        ord            INTEGER NOT NULL,
        name           TEXT NOT NULL,
        value          REAL,
        not_applicable TEXT,
        passed         INTEGER,
        rationale      TEXT NOT NULL,
        evidence       TEXT NOT NULL DEFAULT '[]',
        metrics        TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (attempt_id, name)
      ) STRICT;
      CREATE INDEX scores_by_name ON scores(name);

      CREATE TABLE findings (
        attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        ord        INTEGER NOT NULL,
        finding_id TEXT NOT NULL,
        severity   TEXT NOT NULL,
        confirmed  INTEGER NOT NULL,
        message    TEXT NOT NULL,
        evidence   TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (attempt_id, ord)
      ) STRICT;

      CREATE TABLE artifacts (
        attempt_id        TEXT PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
        trajectory_gz     BLOB,
        trajectory_sha256 TEXT,
        final_diff        TEXT,
        grade             TEXT
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'expert reviews, review queue, reviewer-confirmed findings',
    // Reviews carry no foreign key to attempts: merging replaces attempt rows, and a verdict must
    // never disappear with them. `confirmed_by` tells a reviewer's confirmation from a detector's.
    sql: `
      CREATE TABLE reviews (
        id           TEXT PRIMARY KEY,
        attempt_id   TEXT NOT NULL,
        reviewer     TEXT NOT NULL,
        item         TEXT NOT NULL CHECK (item IN ('integrity', 'patch_quality', 'process_coherence')),
        verdict      TEXT NOT NULL,
        rationale    TEXT NOT NULL,
        refs         TEXT NOT NULL DEFAULT '[]',
        findings     TEXT NOT NULL DEFAULT '[]',
        blind        INTEGER NOT NULL DEFAULT 1,
        adjudication INTEGER NOT NULL DEFAULT 0,
        source       TEXT NOT NULL DEFAULT 'web',
        created_at   TEXT NOT NULL
      ) STRICT;
      CREATE INDEX reviews_by_attempt ON reviews(attempt_id, item, reviewer, created_at);

      CREATE TABLE review_queue (
        attempt_id TEXT NOT NULL,
        reason     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (attempt_id, reason)
      ) STRICT;

      ALTER TABLE findings ADD COLUMN confirmed_by TEXT;
    `,
  },
];

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** A results database this code cannot use: written by a newer Crucible, or not one at all. */
export class StoreSchemaError extends Error {
  override readonly name = 'StoreSchemaError';
}

/** The highest migration applied to `db` (0 for a new database). */
export function schemaVersion(db: Database.Database): number {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!table) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Brings `db` to {@link SCHEMA_VERSION}: each missing migration runs once, in its own immediate
 * transaction together with its `schema_migrations` row, so two processes opening the same new
 * file never apply a step twice. A database newer than this code is refused.
 * @throws StoreSchemaError when the database's version is newer than {@link SCHEMA_VERSION}.
 */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const applied: number[] = [];
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const current = schemaVersion(db);
  if (current > latest) {
    throw new StoreSchemaError(`${file}: results database has schema version ${current}, newer than this Crucible understands (${latest}); upgrade Crucible to read it`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    const step = db.transaction(() => {
      // Re-check inside the write lock: another process may have applied it meanwhile.
      const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version);
      if (done) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      applied.push(m.version);
    });
    step.immediate();
  }
  return applied;
}
