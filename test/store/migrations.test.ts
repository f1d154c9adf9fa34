import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION, StoreSchemaError, migrate } from '../../src/store/migrations.js';
import type { Migration } from '../../src/store/migrations.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from './helpers.js';

describe('results database migrations', () => {
  it('applies every migration once, records it, and applies nothing on the next open', async () => {
    const file = path.join(await tempDir(), 'nested', 'results.db');
    Store.open(file).close();
    Store.open(file).close();
    const db = new Database(file);
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['runs', 'attempts', 'scores', 'findings', 'artifacts', 'schema_migrations']));
    db.close();
  });

  it('applies only the missing steps, in order, each in a transaction (a failing step leaves no trace)', async () => {
    const db = new Database(path.join(await tempDir(), 'm.db'));
    const v1: Migration = { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER)' };
    const v2: Migration = { version: 2, name: 'two', sql: 'CREATE TABLE b (x INTEGER)' };
    const bad: Migration = { version: 3, name: 'bad', sql: 'CREATE TABLE c (x INTEGER); INSERT INTO nowhere VALUES (1)' };
    expect(migrate(db, 'm.db', [v1])).toEqual([1]);
    expect(migrate(db, 'm.db', [v1, v2])).toEqual([2]);
    expect(migrate(db, 'm.db', [v1, v2])).toEqual([]);
    expect(() => migrate(db, 'm.db', [v1, v2, bad])).toThrow(/nowhere/);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'c'`).get()).toBeUndefined();
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 2 });
    db.close();
  });

  it('refuses a database written by a newer schema, with a clear message', async () => {
    const file = path.join(await tempDir(), 'future.db');
    Store.open(file).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(SCHEMA_VERSION + 1, 'from the future', new Date().toISOString());
    db.close();
    expect(() => Store.open(file)).toThrow(StoreSchemaError);
    expect(() => Store.open(file)).toThrow(`${file}: results database has schema version ${SCHEMA_VERSION + 1}, newer than this Crucible understands (${SCHEMA_VERSION}); upgrade Crucible to read it`);
  });

  it('knows its own version', async () => {
    const store = Store.open(path.join(await tempDir(), 'v.db'));
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);
    store.close();
  });
});
