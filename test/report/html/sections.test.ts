import { describe, expect, it } from 'vitest';
import { buildDistributions } from '../../../src/report/html/distributions.js';
import { buildHeatmap, renderHeatmap } from '../../../src/report/html/heatmap.js';
import { leaderboardRows } from '../../../src/report/html/leaderboard.js';
import type { ReportInput } from '../../../src/report/html/report-input.js';
import { buildTrends } from '../../../src/report/html/trends.js';
import type { RunRecord } from '../../../src/store/types.js';
import { attempt, repeats } from '../fixtures.js';

function run(id: string, createdAt: string, labels: Record<string, string> = {}): RunRecord {
  return { id, createdAt, seed: 1, repeats: 1, tasks: [], agents: [], labels, crucibleVersion: '0.1.0' };
}

function input(attempts: ReportInput['attempts'], runs: RunRecord[] = [run('run-1', '2026-01-01T00:00:00.000Z')]): ReportInput {
  return { title: 't', generatedAt: '2026-01-01T00:00:00.000Z', source: 'x.db', runs, attempts, options: { iterations: 200 } };
}

describe('heatmap', () => {
  const attempts = [
    ...repeats({ agent: 'oracle', task: 't10' }, [true, true, false]),
    ...repeats({ agent: 'oracle', task: 't2' }, [false]),
    attempt({ agent: 'noop', task: 't2', state: 'harness_error' }),
    attempt({ agent: 'noop', task: 't2', repeat: 1, resolved: true, cheated: true }),
  ];

  it('counts resolved over finished attempts per agent and task, harness errors apart', () => {
    const map = buildHeatmap(attempts);
    expect(map.agents).toEqual(['noop', 'oracle']);
    expect(map.tasks).toEqual([{ id: 't2', kind: 'debug' }, { id: 't10', kind: 'debug' }]);
    const counts = map.cells.map((row) => row.map((cell) => cell && { n: cell.attempts.length, finished: cell.finished, resolved: cell.resolved, harnessErrors: cell.harnessErrors }));
    expect(counts).toEqual([
      [{ n: 2, finished: 1, resolved: 0, harnessErrors: 1 }, { n: 1, finished: 1, resolved: 0, harnessErrors: 0 }],
      [undefined, { n: 3, finished: 3, resolved: 2, harnessErrors: 0 }],
    ]);
  });

  it('links each cell to its first attempt and every repeat when there are several', () => {
    const markup = renderHeatmap(buildHeatmap(attempts)).value;
    expect(markup.match(/class="cell-link"/g)).toHaveLength(3);
    expect(markup.match(/class="repeat /g)).toHaveLength(5);
    expect(markup).toContain('>2/3</a>');
    expect(markup).toContain('title="attempt 2: cheated"');
    expect(markup.match(/class="cell empty"/g)).toHaveLength(1);
  });
});

describe('leaderboard', () => {
  it('ranks agents by resolved rate and never counts harness errors as failures', () => {
    const rows = leaderboardRows(
      input([
        ...repeats({ agent: 'a', task: 't1' }, [true, false]),
        ...repeats({ agent: 'b', task: 't1' }, [true]),
        attempt({ agent: 'b', task: 't1', repeat: 1, state: 'harness_error' }),
        attempt({ agent: 'c', task: 't1', state: 'pending' }),
      ]),
    );
    expect(rows.map((r) => [r.agent, r.summary.resolved.successes, r.summary.resolved.n, r.summary.harnessErrors.count, r.summary.unfinished])).toEqual([
      ['b', 1, 1, 1, 0],
      ['a', 1, 2, 0, 0],
      ['c', 0, 0, 0, 1],
    ]);
  });
});

describe('score distributions', () => {
  it('bins values over [0, 1] (1 in the last bin) and counts not-applicable apart', () => {
    const d = buildDistributions([
      attempt({ task: 't1', resolved: true, scores: { error_recovery: null, composite: 0.05 } }),
      attempt({ task: 't2', scores: { error_recovery: 1, composite: 0.55 } }),
      attempt({ task: 't3', state: 'harness_error' }),
    ]);
    expect(d.scores.map((s) => s.name)).toEqual(['resolved', 'error_recovery', 'composite']);
    const [resolved, recovery, composite] = d.scores.map((s) => s.byAgent[0]!);
    expect(resolved).toEqual({ counts: [1, 0, 0, 0, 0, 0, 0, 0, 0, 1], values: 2, notApplicable: 0, mean: 0.5 });
    expect(recovery).toEqual({ counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], values: 1, notApplicable: 1, mean: 1 });
    expect(composite!.counts).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });
});

describe('trends', () => {
  it('orders label values naturally and runs by creation time, skipping labels with one value', () => {
    const attempts = [
      ...repeats({ agent: 'a', task: 't1', labels: { version: '1.10', os: 'linux' }, runId: 'r2' }, [true, true]),
      ...repeats({ agent: 'a', task: 't1', labels: { version: '1.9', os: 'linux' }, runId: 'r1' }, [false, true]),
      ...repeats({ agent: 'b', task: 't1', labels: { version: '1.9', os: 'linux' }, runId: 'r1' }, [false]),
    ];
    const trends = buildTrends(input(attempts, [run('r2', '2026-02-01T00:00:00.000Z', { version: '1.10' }), run('r1', '2026-01-01T00:00:00.000Z', { version: '1.9' })]));
    expect(trends.map((t) => [t.title, t.categories])).toEqual([
      ['label version', ['1.9', '1.10']],
      ['run', ['2026-01-01 version=1.9', '2026-02-01 version=1.10']],
    ]);
    const byVersion = trends[0]!.series.map((s) => [s.name, s.points.map((p) => p && p.rate)]);
    expect(byVersion).toEqual([
      ['a', [0.5, 1]],
      ['b', [0, undefined]],
    ]);
  });

  it('draws no trend over the pairing labels the run matrix sets (fault plan, variant origin)', () => {
    const attempts = [
      ...repeats({ agent: 'a', task: 't1', labels: { faults: 'none', version: '1' } }, [true]),
      ...repeats({ agent: 'a', task: 't1--injection', labels: { faults: 'abc123', origin: 't1', origin_hash: 'h1', strategy: 'injection', version: '2' } }, [false]),
      ...repeats({ agent: 'a', task: 't2--rename', labels: { faults: 'none', origin: 't2', origin_hash: 'h2', strategy: 'rename', version: '2' } }, [true]),
    ];
    expect(buildTrends(input(attempts)).map((t) => t.title)).toEqual(['label version']);
  });
});
