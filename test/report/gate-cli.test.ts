import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gateCommand } from '../../src/cli/commands/gate.js';
import { attempt, resolvedAt, runCli, suite, writeStore } from './fixtures.js';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
let dir: string;
let db: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'crucible-gate-'));
  db = path.join(dir, 'results.db');
  writeStore(db, [
    ...suite('base', resolvedAt(60, range(0, 40)), { durationMs: 1000 }),
    ...suite('same', resolvedAt(60, range(0, 40)), { durationMs: 1000 }),
    ...suite('worse', resolvedAt(60, range(0, 20)), { durationMs: 1000 }),
    ...suite('flaky', resolvedAt(60, range(0, 40)), { durationMs: 1000 }),
    ...range(0, 3).map((i) => attempt({ agent: 'flaky', task: `h${i}`, state: 'harness_error' })),
  ]);
});

const gateArgs = (candidate: string, ...rest: string[]) => ['--db', db, '--candidate', candidate, '--baseline', 'base', ...rest];

describe('crucible gate', () => {
  it.each([
    ['pass', ['same', '--margin', '0.1'], 0, /^gate: PASS \(exit 0\)/],
    ['regression', ['worse', '--margin', '0.1'], 1, /^gate: REGRESSION \(exit 1\)[^]*FAIL +non-inferiority resolved \(margin 0\.1\)/],
    ['inconclusive at the default margin', ['same'], 2, /^gate: INCONCLUSIVE \(exit 2\)[^]*too few paired tasks for the margin: the minimum detectable difference 0\.080 exceeds 0\.03/],
    ['invalid: harness errors over the cap', ['flaky', '--margin', '0.1'], 2, /^gate: INVALID \(exit 2\)[^]*INVALID +harness errors \(candidate\): 3 of 63/],
    ['harness errors under a raised cap', ['flaky', '--margin', '0.1', '--max-harness-errors', '0.05'], 0, /^gate: PASS/],
    ['a floor', ['same', '--margin', '0.1', '--min', 'resolved=0.7', '--min', 'composite=0'], 1, /FAIL +min resolved ≥ 0\.7: candidate mean resolved 0\.667/],
  ])('%s', async (_name, args, code, output) => {
    const { stdout, stderr, exitCode } = await runCli(gateCommand(), gateArgs(...(args as [string, ...string[]])), { GITHUB_ACTIONS: undefined });
    expect(stderr).toBe('');
    expect(exitCode).toBe(code);
    expect(stdout).toMatch(output);
    expect(stdout).not.toContain('::notice');
  });

  it('reads gate.yaml, writes JUnit and annotates on GitHub Actions', async () => {
    const config = path.join(dir, 'gate.yaml');
    const junit = path.join(dir, 'junit.xml');
    await writeFile(config, 'margin: 0.1\nmetrics:\n  - name: resolved\nmin:\n  resolved: 0.5\n');
    const { stdout, exitCode } = await runCli(gateCommand(), gateArgs('worse', '--config', config, '--junit', junit), { GITHUB_ACTIONS: 'true' });
    expect(exitCode).toBe(1);
    expect(stdout).toContain('\n::error title=crucible gate fail%3A non-inferiority resolved (margin 0.1)::');
    expect(stdout).toContain('\n::error title=crucible gate%3A task t20 regressed::solved by the baseline only (baseline 1/1, candidate 0/1)\n');
    expect(stdout).toMatch(/\n::notice title=crucible gate::REGRESSION \(exit 1\): 60 paired task\(s\), 20 regressed, 2 reason\(s\) \(10 more regressed tasks not annotated\)\n$/);
    const xml = await readFile(junit, 'utf8');
    expect(xml.match(/<testcase classname="crucible\.gate\.tasks"/g)).toHaveLength(60);
    expect(xml.match(/<failure type="regression"/g)).toHaveLength(22);
    expect(xml).toContain('<testcase classname="crucible.gate.tasks" name="t20" time="1.000">');
  });

  it('prints JSON with the exit code and reasons', async () => {
    const { stdout, exitCode } = await runCli(gateCommand(), gateArgs('worse', '--margin', '0.1', '--json'));
    const json = JSON.parse(stdout);
    expect([exitCode, json.exitCode, json.verdict, json.reasons.length, json.tasks.length]).toEqual([1, 1, 'regression', 1, 60]);
  });

  it.each([
    [['same', '--min', 'speed=1'], /^crucible: Expected --min as metric=number with metric one of resolved/],
    [['same', '--margin', 'wide'], /^crucible: Expected --margin to be a number >= 0, got "wide"\n$/],
    [['same', '--max-harness-errors', '2'], /^crucible: Expected --max-harness-errors to be a number in \[0, 1\], got "2"\n$/],
    [['same', '--config', '/nonexistent/gate.yaml'], /^crucible: ENOENT: no such file or directory/],
    [['nobody'], /^crucible: "nobody" selects no attempt; agents: base, flaky, same, worse\n$/],
  ])('fails with one line and exit 2: %j', async (args, message) => {
    const { stdout, stderr, exitCode } = await runCli(gateCommand(), gateArgs(...(args as [string, ...string[]])));
    expect([stdout, exitCode]).toEqual(['', 2]);
    expect(stderr).toMatch(message);
  });

  it('rejects a bad gate.yaml naming the file and field', async () => {
    const config = path.join(dir, 'bad.yaml');
    await writeFile(config, 'metrics:\n  - name: speed\n');
    const { stderr, exitCode } = await runCli(gateCommand(), gateArgs('same', '--config', config));
    expect(exitCode).toBe(2);
    expect(stderr).toBe(`crucible: ${config}: metrics.0.name: expected a metric name: one of resolved, f2p, p2p, tool_call_accuracy, error_recovery, coherence, structure, integrity, composite, cost_usd, latency_ms\n`);
  });
});
