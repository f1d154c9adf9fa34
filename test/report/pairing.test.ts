import { describe, expect, it, test } from 'vitest';
import { ReportError } from '../../src/report/errors.js';
import { pairSelections, parseSelector, select, selectorFilter } from '../../src/report/pairing.js';
import { attempt, repeats } from './fixtures.js';

describe('parseSelector', () => {
  test.each([
    ['oracle', { text: 'oracle', kind: 'agent', agentSpec: 'oracle' }],
    ['openai:gpt-x', { text: 'openai:gpt-x', kind: 'agent', agentSpec: 'openai:gpt-x' }],
    ['cmd:"node a.js --x=1"', { text: 'cmd:"node a.js --x=1"', kind: 'agent', agentSpec: 'cmd:"node a.js --x=1"' }],
    ['version=1.4', { text: 'version=1.4', kind: 'labels', labels: { version: '1.4' } }],
    ['version=1.4,prompt=v2', { text: 'version=1.4,prompt=v2', kind: 'labels', labels: { version: '1.4', prompt: 'v2' } }],
  ])('%s', (text, expected) => {
    expect(parseSelector(text)).toEqual(expected);
  });

  test.each([
    ['', /empty string/],
    ['version=1.4,oops', /Expected every part of the label selector "version=1.4,oops" to be key=value, got "oops"/],
  ])('rejects %j', (text, message) => {
    expect(() => parseSelector(text)).toThrow(message);
  });

  it('turns into the store filter', () => {
    expect(selectorFilter(parseSelector('oracle'))).toEqual({ agentSpec: 'oracle' });
    expect(selectorFilter(parseSelector('version=1.4'))).toEqual({ labels: { version: '1.4' } });
  });
});

describe('select', () => {
  const all = [
    attempt({ agent: 'oracle', task: 'a', resolved: true, labels: { version: '1.4' } }),
    attempt({ agent: 'oracle', task: 'b', state: 'harness_error', labels: { version: '1.4' } }),
    attempt({ agent: 'oracle', task: 'c', state: 'running' }),
    attempt({ agent: 'noop', task: 'a', labels: { version: '1.3' } }),
  ];

  it('keeps finished attempts as results and counts harness errors and unfinished ones apart', () => {
    const s = select(all, 'oracle');
    expect(s.finished.map((a) => a.taskId)).toEqual(['a']);
    expect(s.harnessErrors.map((a) => a.taskId)).toEqual(['b']);
    expect(s.unfinished).toBe(1);
  });

  it('selects by label', () => {
    expect(select(all, 'version=1.4').finished.map((a) => `${a.agentSpec}/${a.taskId}`)).toEqual(['oracle/a']);
  });

  it('names what exists when nothing matches', () => {
    expect(() => select(all, 'openai:gpt-x')).toThrow('"openai:gpt-x" selects no attempt; agents: noop, oracle; labels: version=1.3, version=1.4');
  });
});

describe('pairSelections', () => {
  const baseline = select(
    [
      ...repeats({ agent: 'A', task: 'same' }, [true, false]),
      attempt({ agent: 'A', task: 'hash', hash: 'a1b2c3d4e5f6a7b8' }),
      attempt({ agent: 'A', task: 'image', image: 'sha256:1111111111111111' }),
      attempt({ agent: 'A', task: 'only-base' }),
      attempt({ agent: 'A', task: 'broken' }),
      attempt({ agent: 'A', task: 'unknown-image', image: null }),
    ],
    'A',
  );
  const candidate = select(
    [
      ...repeats({ agent: 'B', task: 'same' }, [true, true, true]),
      attempt({ agent: 'B', task: 'hash', hash: 'c3d4e5f6a7b8c9d0' }),
      attempt({ agent: 'B', task: 'image', image: 'sha256:2222222222222222' }),
      attempt({ agent: 'B', task: 'only-cand' }),
      attempt({ agent: 'B', task: 'broken', state: 'harness_error' }),
      attempt({ agent: 'B', task: 'broken', repeat: 1, state: 'harness_error' }),
      attempt({ agent: 'B', task: 'unknown-image', image: null }),
    ],
    'B',
  );

  it('pairs only identical (task id, content hash, image id), with every repeat of each side', () => {
    const { pairs } = pairSelections(baseline, candidate);
    expect(pairs.map((p) => [p.name, p.baseline.length, p.candidate.length, p.imageId])).toEqual([
      ['same', 2, 3, 'sha256:image-1'],
      ['unknown-image', 1, 1, undefined],
    ]);
  });

  it('lists every excluded task with its side and reason', () => {
    expect(pairSelections(baseline, candidate).excluded).toEqual([
      { taskId: 'broken', side: 'baseline', reason: 'only in baseline; candidate had 2 harness error(s) on it' },
      { taskId: 'hash', side: 'both', reason: 'content hash differs: a1b2c3d4e5f6… (baseline) vs c3d4e5f6a7b8… (candidate)' },
      { taskId: 'image', side: 'both', reason: 'image differs: 111111111111… (baseline) vs 222222222222… (candidate)' },
      { taskId: 'only-base', side: 'baseline', reason: 'only in baseline' },
      { taskId: 'only-cand', side: 'candidate', reason: 'only in candidate' },
    ]);
  });

  it('pairs the common variant of a task run on several contents and excludes the rest', () => {
    const a = select([attempt({ agent: 'A', task: 't', hash: 'old-hash' }), attempt({ agent: 'A', task: 't', hash: 'new-hash' })], 'A');
    const b = select([attempt({ agent: 'B', task: 't', hash: 'new-hash' })], 'B');
    const { pairs, excluded } = pairSelections(a, b, { baseline: 'A', candidate: 'B' });
    expect(pairs.map((p) => [p.name, p.contentHash])).toEqual([['t', 'new-hash']]);
    expect(excluded).toEqual([{ taskId: 't', side: 'baseline', reason: 'content hash old-hash with image image-1 was not run by B' }]);
  });

  it('names a task paired under two contents by id@hash', () => {
    const a = select([attempt({ agent: 'A', task: 't', hash: 'h1' }), attempt({ agent: 'A', task: 't', hash: 'h2' })], 'A');
    const b = select([attempt({ agent: 'B', task: 't', hash: 'h1' }), attempt({ agent: 'B', task: 't', hash: 'h2' })], 'B');
    expect(pairSelections(a, b).pairs.map((p) => p.name)).toEqual(['t@h1/image-1', 't@h2/image-1']);
  });

  it('refuses when nothing overlaps, with the first reasons', () => {
    const a = select([attempt({ agent: 'A', task: 'x', hash: 'h-old' })], 'A');
    const b = select([attempt({ agent: 'B', task: 'x', hash: 'h-new' }), attempt({ agent: 'B', task: 'y' })], 'B');
    let error: unknown;
    try {
      pairSelections(a, b);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ReportError);
    expect((error as ReportError).code).toBe('NO_OVERLAP');
    expect((error as ReportError).message).toBe(
      'nothing to compare: no task was run by both baseline (A) and candidate (B) with the same content hash and image; 2 task(s) excluded, e.g. x: content hash differs: h-old (baseline) vs h-new (candidate); y: only in candidate',
    );
  });

  it('excludes a task only one side attempted, all harness errors, on that side', () => {
    const a = select([attempt({ agent: 'A', task: 'x' })], 'A');
    const b = select([attempt({ agent: 'B', task: 'x' }), attempt({ agent: 'B', task: 'y', state: 'harness_error' })], 'B');
    expect(pairSelections(a, b).excluded).toEqual([{ taskId: 'y', side: 'candidate', reason: 'no finished attempt on either side; candidate had 1 harness error(s) on it' }]);
  });

  it('refuses when one side has harness errors only', () => {
    const a = select([attempt({ agent: 'A', task: 'x' })], 'A');
    const b = select([attempt({ agent: 'B', task: 'x', state: 'harness_error' })], 'B');
    expect(() => pairSelections(a, b)).toThrow(/x: only in baseline; candidate had 1 harness error\(s\) on it/);
  });
});
