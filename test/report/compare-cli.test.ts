import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareCommand } from '../../src/cli/commands/compare.js';
import { attempt, repeats, resolvedAt, runCli, suite, writeStore } from './fixtures.js';

let db: string;

beforeAll(async () => {
  db = path.join(await mkdtemp(path.join(tmpdir(), 'crucible-compare-')), 'results.db');
  writeStore(db, [
    ...suite('oracle', resolvedAt(6, [0, 1, 2, 3, 4, 5]), { cost: 0, latency: 0, scores: { composite: 1 }, labels: { version: '1.3' } }),
    ...suite('openai:gpt-x', resolvedAt(6, [0, 1, 2, 3]), { cost: 0.02, latency: 900, scores: { composite: 0.7 }, labels: { version: '1.4' } }),
    attempt({ agent: 'openai:gpt-x', task: 'other', hash: 'changed', labels: { version: '1.4' } }),
    attempt({ agent: 'oracle', task: 'other', labels: { version: '1.3' } }),
    ...repeats({ agent: 'noop', task: 'elsewhere' }, [false]),
  ]);
});

describe('crucible compare', () => {
  it('prints the paired comparison read from the database', async () => {
    const { stdout, stderr, exitCode } = await runCli(compareCommand(), ['--db', db, 'oracle', 'openai:gpt-x']);
    expect([stderr, exitCode]).toEqual(['', 0]);
    expect(stdout).toContain('A = oracle: 7 finished attempt(s) on 7 task(s)');
    expect(stdout).toContain('Paired on 6 task(s) with identical task id, content hash and image; 1 excluded.');
    expect(stdout).toMatch(/\n  resolved +6 +1\.000 +0\.667 +−0\.333 +\[−0\.\d+, {2}0\.000\] +0\.500 \(McNemar\)/);
    expect(stdout).toContain('McNemar (K = 1): b = 2 solved only by A, c = 0 solved only by B, p = 0.5000');
    expect(stdout).toContain('Solved only by A (2): t04, t05');
    expect(stdout).toContain('  other [both]: content hash differs: hash-other (A) vs changed (B)');
  });

  it('selects by label and prints JSON', async () => {
    const { stdout, exitCode } = await runCli(compareCommand(), ['--db', db, 'version=1.3', 'version=1.4', '--json', '--seed', '5']);
    expect(exitCode).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.pairedTasks).toBe(6);
    expect(json.mcnemar).toEqual({ b: 2, c: 0, p: 0.5 });
    expect(json.metrics.map((m: { metric: string }) => m.metric)).toEqual(['resolved', 'composite', 'cost_usd', 'latency_ms']);
    expect(json.flips.onlyA.map((f: { task: string }) => f.task)).toEqual(['t04', 't05']);
    expect(json.a.agents).toEqual(['oracle']);
  });

  it.each([
    [['oracle', 'noop'], /^crucible: nothing to compare: no task was run by both A \(oracle\) and B \(noop\)/],
    [['oracle', 'claude'], /^crucible: "claude" selects no attempt; agents: noop, openai:gpt-x, oracle; labels: version=1\.3, version=1\.4\n$/],
    [['oracle', 'noop', '--seed', '-1'], /^crucible: Expected --seed to be a non-negative integer, got "-1"\n$/],
    [['oracle', 'noop', '--iterations', '0'], /^crucible: Expected --iterations to be an integer >= 1, got "0"\n$/],
  ])('fails with one line and exit 2: %j', async (args, message) => {
    const { stdout, stderr, exitCode } = await runCli(compareCommand(), ['--db', db, ...args]);
    expect([stdout, exitCode]).toEqual(['', 2]);
    expect(stderr).toMatch(message);
  });

  it('refuses a database that does not exist', async () => {
    const { stderr, exitCode } = await runCli(compareCommand(), ['--db', path.join(path.dirname(db), 'missing.db'), 'a', 'b']);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/^crucible: .*missing\.db: no such results database\n$/);
  });
});
