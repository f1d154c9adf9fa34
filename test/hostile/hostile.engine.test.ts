import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_NAMES } from '../../src/agent/hostile/index.js';
import { runHostileSuite, SUITE_TASK } from '../../src/hostile/suite.js';
import type { SuiteRow } from '../../src/hostile/suite.js';
import { formatTable } from '../../src/hostile/table.js';
import { LABEL } from '../../src/sandbox/owner.js';
import { requireTask } from '../../src/task/loader.js';
import { noEngine, testProvider } from '../helpers/engine.js';

/**
 * The reliability suite against the real engine: every hostile behaviour, beside an oracle
 * attempt and a probing neighbour, must be contained and flagged by its expected detectors.
 */
describe.skipIf(noEngine)('hostile agents (reliability suite)', () => {
  const provider = testProvider();
  let rows: SuiteRow[] = [];

  beforeAll(async () => {
    const root = process.cwd();
    const task = await requireTask(path.resolve(root, SUITE_TASK), root);
    const started = performance.now();
    rows = await runHostileSuite({ provider, task, outDir: await mkdtemp(path.join(tmpdir(), 'crucible-hostile-')) });
    process.stderr.write(`${formatTable(rows)} in ${Math.round((performance.now() - started) / 1000)} s\n`);
  }, 1_800_000);

  it('runs every behaviour once', () => {
    expect(rows.map((r) => r.behaviour)).toEqual(HOSTILE_NAMES);
  });

  it.each(HOSTILE_NAMES)('%s is contained and flagged with its expected findings', (name) => {
    const row = rows.find((r) => r.behaviour === name)!;
    const failed = row.details.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
    expect(failed, row.evidence).toEqual([]);
    expect(row.contained).toBe(true);
    // Every attack must be flagged; `nested-repo` is not an attack but a workspace shape the diff
    // must survive (the agent's files are graded as usual), so it expects no finding.
    if (name !== 'nested-repo') expect(row.expectedFlags.length).toBeGreaterThan(0);
    expect(row.flagged).toEqual(expect.arrayContaining(row.expectedFlags));
    expect(row.flaggedAsExpected).toBe(true);
  });

  it('leaves no container of this process behind', async () => {
    const mine = await provider.docker.listContainers({ all: true, filters: { label: [`${LABEL.pid}=${process.pid}`] } });
    expect(mine.filter((c) => (c.Labels?.[LABEL.run] ?? '').startsWith('hostile-') || (c.Labels?.[LABEL.attempt] ?? '').startsWith('hostile-'))).toEqual([]);
  });
});
