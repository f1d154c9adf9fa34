import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../../src/cli/commands/report.js';
import { buildSyntheticDb, type SyntheticDb } from '../../helpers/synthetic-db.js';
import { runCli } from '../fixtures.js';

let dir: string;
let db: SyntheticDb;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'crucible-report-cli-'));
  db = buildSyntheticDb(path.join(dir, 'results.db'), { agents: ['oracle', 'noop'], tasks: 2, repeats: 1, versions: ['1'] });
});

describe('crucible report', () => {
  it('writes the report and prints the path of index.html', async () => {
    const out = path.join(dir, 'report');
    const { stdout, stderr, exitCode } = await runCli(reportCommand(), ['--db', db.file, '--out', out, '--title', 'Nightly']);
    expect({ stdout, stderr, exitCode }).toEqual({ stdout: `${path.join(out, 'index.html')}\n`, stderr: '', exitCode: 0 });
    expect(readdirSync(path.join(out, 'attempts'))).toHaveLength(db.attemptIds.length);
  });

  it('fails with one line naming a missing database, exit 2', async () => {
    const missing = path.join(dir, 'nope.db');
    const { stdout, stderr, exitCode } = await runCli(reportCommand(), ['--db', missing, '--out', path.join(dir, 'r2')]);
    expect({ stdout, stderr, exitCode }).toEqual({ stdout: '', stderr: `crucible: ${missing}: no such results database\n`, exitCode: 2 });
    expect(existsSync(path.join(dir, 'r2'))).toBe(false);
  });

  it('fails with one line naming an unknown --run, exit 2', async () => {
    const { stderr, exitCode } = await runCli(reportCommand(), ['--db', db.file, '--out', path.join(dir, 'r3'), '--run', 'run-v1', '--run', 'zzz']);
    expect(exitCode).toBe(2);
    expect(stderr).toBe(`crucible: ${db.file}: no run "zzz"; runs in the database: run-v1\n`);
  });
});
