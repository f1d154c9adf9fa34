import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { attemptFileName } from '../../../src/report/html/attempt-file.js';
import { writeReport } from '../../../src/report/html/write-report.js';
import { Store } from '../../../src/store/index.js';
import { buildSyntheticDb, type SyntheticDb } from '../../helpers/synthetic-db.js';

let dir: string;
let db: SyntheticDb;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'crucible-html-'));
  db = buildSyntheticDb(path.join(dir, 'results.db'), { agents: ['oracle', 'openai:gpt-x'], tasks: 3, repeats: 2, versions: ['1.9', '1.10'] });
});

function hrefs(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/href="([^"#][^"]*)"/g)].map((m) => decodeURIComponent(m[1]!));
}

describe('writeReport', () => {
  it('writes index.html and one page per attempt, every link resolving to a file it wrote', () => {
    const out = path.join(dir, 'all');
    const result = writeReport({ db: db.file, out, now: () => new Date('2026-03-01T00:00:00Z'), options: { iterations: 200 } });
    expect(result).toEqual({ indexFile: path.join(out, 'index.html'), indexBytes: readFileSync(path.join(out, 'index.html')).length, attemptPages: 24 });
    expect(readdirSync(path.join(out, 'attempts')).sort()).toEqual(db.attemptIds.map(attemptFileName).sort());
    const links = hrefs(result.indexFile).filter((h) => !h.startsWith('data:'));
    // Each attempt is linked from its heatmap cell (as a repeat) and from the attempt list.
    expect(new Set(links).size).toBe(24);
    for (const link of links) expect(existsSync(path.join(out, link))).toBe(true);
    const page = path.join(out, 'attempts', attemptFileName(db.attemptIds[0]!));
    expect(hrefs(page).filter((h) => !h.startsWith('data:'))).toEqual(['../index.html']);
    expect(readFileSync(result.indexFile, 'utf8')).toContain('generated 2026-03-01T00:00:00.000Z');
  });

  it('keeps only the selected runs and removes pages an earlier report left behind', () => {
    const out = path.join(dir, 'one-run');
    writeReport({ db: db.file, out, options: { iterations: 100 } });
    writeFileSync(path.join(out, 'attempts', 'notes.txt'), 'kept: not a page');
    const result = writeReport({ db: db.file, out, runIds: ['run-v1.10'], options: { iterations: 100 } });
    expect(result.attemptPages).toBe(12);
    const expected = db.attemptIds.filter((id) => id.startsWith('run-v1.10:')).map(attemptFileName);
    expect(readdirSync(path.join(out, 'attempts')).sort()).toEqual([...expected, 'notes.txt'].sort());
    expect(readFileSync(result.indexFile, 'utf8')).toContain('12 attempt(s) in 1 run(s)');
  });

  it('counts a run named twice once', () => {
    const once = writeReport({ db: db.file, out: path.join(dir, 'once'), runIds: ['run-v1.10'], options: { iterations: 100 } });
    const twice = writeReport({ db: db.file, out: path.join(dir, 'twice'), runIds: ['run-v1.10', 'run-v1.10'], options: { iterations: 100 } });
    expect(twice.attemptPages).toBe(12);
    expect(readFileSync(twice.indexFile, 'utf8')).toContain('12 attempt(s) in 1 run(s)');
    expect(readFileSync(twice.indexFile, 'utf8')).not.toContain('24 attempt(s)');
    expect(once.attemptPages).toBe(twice.attemptPages);
  });

  it('never deletes HTML it did not write, even when the name looks like an attempt page', () => {
    const out = path.join(dir, 'user-folder');
    writeReport({ db: db.file, out, options: { iterations: 100 } });
    const stale = attemptFileName(db.attemptIds.find((id) => id.startsWith('run-v1.9:'))!);
    writeFileSync(path.join(out, 'attempts', 'my-notes.html'), '<!DOCTYPE html><title>mine</title>');
    writeFileSync(path.join(out, 'attempts', 'weird name!.html'), '<meta name="generator" content="crucible-report">');
    writeReport({ db: db.file, out, runIds: ['run-v1.10'], options: { iterations: 100 } });
    const left = readdirSync(path.join(out, 'attempts'));
    expect(left).toContain('my-notes.html');
    expect(left).toContain('weird name!.html');
    expect(left).not.toContain(stale);
    expect(readFileSync(path.join(out, 'attempts', left.find((f) => f !== 'my-notes.html' && f !== 'weird name!.html')!), 'utf8')).toContain('<meta name="generator" content="crucible-report">');
  });

  it('names an unknown run and the runs that exist', () => {
    expect(() => writeReport({ db: db.file, out: path.join(dir, 'x'), runIds: ['run-v2'] })).toThrow(`${db.file}: no run "run-v2"; runs in the database: run-v1.9, run-v1.10`);
  });

  it('refuses a database that does not exist and writes nothing', () => {
    const missing = path.join(dir, 'missing.db');
    expect(() => writeReport({ db: missing, out: path.join(dir, 'never') })).toThrow(`${missing}: no such results database`);
    expect(existsSync(path.join(dir, 'never'))).toBe(false);
    expect(existsSync(missing)).toBe(false);
  });

  it('writes a report saying so for a database without attempts', () => {
    const empty = path.join(dir, 'empty.db');
    Store.open(empty).close();
    const result = writeReport({ db: empty, out: path.join(dir, 'empty') });
    expect(result.attemptPages).toBe(0);
    const index = readFileSync(result.indexFile, 'utf8');
    expect(index).toContain('0 attempt(s) in 0 run(s)');
    expect(index).toContain('<section id="attempts"><h2>Attempts</h2><p>No attempt.</p></section>');
    expect(index).toContain('<p>No finished attempt.</p>');
  });
});
