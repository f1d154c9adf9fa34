import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolCallAccuracy } from '../../src/score/tool-call-accuracy.js';
import { argsKey, pairCalls } from '../../src/score/trajectory-helpers.js';
import type { Score } from '../../src/score/types.js';
import { readTrajectory } from '../../src/trajectory/reader.js';
import type { CallSpec } from './helpers.js';
import { buildTrajectory, call, scoringContext, unresolvedEvidence } from './helpers.js';

/** The metrics of a score with every count zero and every rate perfect, then `overrides`. */
function metrics(overrides: Record<string, number>): Record<string, unknown> {
  const base: Record<string, number> = {
    calls: 0, parsed: 0, schema_valid: 0, tool_errors: 0, fault_results_excluded: 0, harness_errors_excluded: 0, redundant: 0,
    required: 0, required_matched: 0, forbidden_hits: 0, parse_rate: 1, schema_validity: 1, error_rate: 0, redundancy: 0, recall: 1,
  };
  return Object.fromEntries(Object.entries({ ...base, ...overrides }).map(([k, v]) => [k, Number.isInteger(v) ? v : expect.closeTo(v, 6)]));
}

function score(calls: CallSpec[], options: Parameters<typeof scoringContext>[1] = {}): Score {
  const ctx = scoringContext(calls, options);
  const s = toolCallAccuracy(ctx) as Score;
  expect(unresolvedEvidence(s, ctx.trajectory)).toEqual([]);
  return s;
}

const PERFECT = 'TCA = 0.50·1.00 + 0.25·1.00 + 0.15·(1 − 0.00) + 0.10·(1 − 0.00) = 1.00';

describe('toolCallAccuracy', () => {
  it('gives 1 to well-formed, successful, non-repeated calls when nothing is required', () => {
    expect(score([call.read('src/a.ts'), call.edit('src/a.ts'), call.runTests(0), call.submit()])).toEqual({
      name: 'tool_call_accuracy',
      value: expect.closeTo(1, 6),
      rationale:
        '4 tool calls: 4 parsed (P = 1.00), 4 schema-valid (V = 1.00). 0 tool errors of the agent\'s own (E = 0.00). 0 redundant calls (D = 0.00). ' +
        `The task declares no required calls, so R = 1. No forbidden call. ${PERFECT}.`,
      evidence: [],
      metrics: metrics({ calls: 4, parsed: 4, schema_valid: 4 }),
    });
  });

  it('counts an unparseable call as a failure in N, never as an abstention', () => {
    const bad: CallSpec = { tool: 'read_file', rawArgs: '{"path": "src/b.ts"' };
    expect(score([call.read('src/a.ts'), bad, call.read('src/b.ts')])).toEqual({
      name: 'tool_call_accuracy',
      value: expect.closeTo(0.5 + 0.25 * (2 / 3) + 0.15 * (2 / 3) + 0.1, 6),
      rationale:
        '3 tool calls: 2 parsed (P = 0.67), 2 schema-valid (V = 0.67). Unparseable arguments (counted as failures): step 2 read_file. ' +
        '1 tool error of the agent\'s own (E = 0.33): step 2 read_file invalid_args. 0 redundant calls (D = 0.00). The task declares no required calls, so R = 1. ' +
        'No forbidden call. TCA = 0.50·1.00 + 0.25·0.67 + 0.15·(1 − 0.33) + 0.10·(1 − 0.00) = 0.87.',
      evidence: [{ kind: 'step', step: 2, note: 'arguments not parseable' }],
      metrics: metrics({ calls: 3, parsed: 2, schema_valid: 2, tool_errors: 1, parse_rate: 2 / 3, schema_validity: 2 / 3, error_rate: 1 / 3 }),
    });
  });

  it('counts a call of an unknown tool as schema-invalid and as a tool error', () => {
    expect(score([{ tool: 'open_file', args: { path: 'src/a.ts' } }, call.read('src/a.ts')])).toEqual({
      name: 'tool_call_accuracy',
      value: expect.closeTo(0.8, 6),
      rationale:
        '2 tool calls: 2 parsed (P = 1.00), 1 schema-valid (V = 0.50). Schema-invalid or unknown-tool calls: step 1 open_file. ' +
        '1 tool error of the agent\'s own (E = 0.50): step 1 open_file invalid_args. 0 redundant calls (D = 0.00). The task declares no required calls, so R = 1. ' +
        'No forbidden call. TCA = 0.50·1.00 + 0.25·0.50 + 0.15·(1 − 0.50) + 0.10·(1 − 0.00) = 0.80.',
      evidence: [{ kind: 'step', step: 1, note: 'arguments not valid for the tool (or unknown tool)' }],
      metrics: metrics({ calls: 2, parsed: 2, schema_valid: 1, tool_errors: 1, schema_validity: 0.5, error_rate: 0.5 }),
    });
  });

  it('excludes injected-fault results and harness errors from E, but counts natural errors', () => {
    const calls = [
      call.runTests(0, { fault: 'explicit_transient' }),
      call.runTests(0),
      call.read('src/missing.ts', { kind: 'tool_error', error: 'not_found' }),
      call.read('src/a.ts', { kind: 'harness_error', error: 'unavailable' }),
    ];
    expect(score(calls)).toEqual({
      name: 'tool_call_accuracy',
      value: expect.closeTo(0.5 + 0.25 + 0.15 * 0.75 + 0.1, 6),
      rationale:
        '4 tool calls: 4 parsed (P = 1.00), 4 schema-valid (V = 1.00). 1 tool error of the agent\'s own (E = 0.25): step 3 read_file not_found; ' +
        'not counted: 1 injected-fault result and 1 harness error. 0 redundant calls (D = 0.00). The task declares no required calls, so R = 1. ' +
        'No forbidden call. TCA = 0.50·1.00 + 0.25·1.00 + 0.15·(1 − 0.25) + 0.10·(1 − 0.00) = 0.96.',
      evidence: [{ kind: 'step', step: 3, note: 'tool error: not_found' }],
      metrics: metrics({ calls: 4, parsed: 4, schema_valid: 4, tool_errors: 1, fault_results_excluded: 1, harness_errors_excluded: 1, error_rate: 0.25 }),
    });
  });

  it.each<[string, CallSpec[], Array<[number, number]>]>([
    ['the same read twice', [call.read('src/a.ts'), call.read('src/a.ts')], [[2, 1]]],
    ['the same read with a padded path, another read between', [call.read('src/a.ts'), call.read('src/b.ts'), call.read(' src/a.ts ')], [[3, 1]]],
    ['a search with its keys in another order', [{ tool: 'search', args: { pattern: 'x', path: 'src' } }, { tool: 'search', rawArgs: '{"path":"src","pattern":"x"}' }], [[2, 1]]],
    ['the same failing test run twice with nothing changed', [call.runTests(1), call.runTests(1)], [[2, 1]]],
    ['the same write twice', [call.write('src/a.ts', 'y'), call.write('src/a.ts', 'y', { filesChanged: [] })], [[2, 1]]],
    ['a read after an edit of the file', [call.read('src/a.ts'), call.edit('src/a.ts'), call.read('src/a.ts')], []],
    ['a read after a bash command', [call.read('src/a.ts'), call.bash('ls'), call.read('src/a.ts')], []],
    ['a read after a test run', [call.read('src/a.ts'), call.runTests(0), call.read('src/a.ts')], []],
    ['a re-read after a stale (injected) read', [call.read('src/a.ts', { fault: 'implicit_transient' }), call.read('src/a.ts')], []],
    ['a re-read after a write that silently did nothing', [call.read('src/a.ts'), call.write('src/a.ts', 'y', { fault: 'implicit_permanent' }), call.read('src/a.ts')], []],
    ['a retry after a timeout', [call.bash('npm ci', { kind: 'timeout' }), call.bash('npm ci')], []],
  ])('redundancy: %s', (_label, calls, repeats) => {
    const s = score(calls);
    const n = calls.length;
    expect(s.metrics).toMatchObject({ redundant: repeats.length, redundancy: repeats.length / n });
    expect(s.evidence.filter((e) => e.note?.startsWith('repeats'))).toEqual(repeats.map(([step, of]) => ({ kind: 'step', step, note: `repeats step ${of} with no state change` })));
    for (const [step, of] of repeats) expect(s.rationale).toContain(`step ${step} repeats step ${of}`);
    const e = s.metrics.error_rate!;
    expect(s.value).toBeCloseTo(0.5 + 0.25 * (s.metrics.schema_validity ?? 0) + 0.15 * (1 - e) + 0.1 * (1 - repeats.length / n), 6);
  });

  it('scores required-effect recall over the declared patterns, counting only successful calls', () => {
    const expectations = {
      required_calls: [
        { tool: 'run_tests', why: 'the failure has to be reproduced' },
        { tool: 'read_file', args_match: { path: 'src/(util|orders)\\.ts$' } },
        { tool: 'edit_file', args: { path: ' src/util.ts ' } },
      ],
    };
    const calls = [call.read('src/orders.ts'), call.runTests(0, { fault: 'explicit_permanent' }), call.edit('src/util.ts')];
    expect(score(calls, { expect: expectations })).toEqual({
      name: 'tool_call_accuracy',
      value: expect.closeTo(0.5 * (2 / 3) + 0.25 + 0.15 + 0.1, 6),
      rationale:
        '3 tool calls: 3 parsed (P = 1.00), 3 schema-valid (V = 1.00). 0 tool errors of the agent\'s own (E = 0.00); not counted: 1 injected-fault result. ' +
        '0 redundant calls (D = 0.00). 2/3 required calls made successfully (R = 0.67): read_file(path~/src/(util|orders)\\.ts$/) at step 1; ' +
        'edit_file(path=" src/util.ts ") at step 3; missing: run_tests (the failure has to be reproduced). ' +
        'No forbidden call. TCA = 0.50·0.67 + 0.25·1.00 + 0.15·(1 − 0.00) + 0.10·(1 − 0.00) = 0.83.',
      evidence: [
        { kind: 'step', step: 1, note: 'required: read_file(path~/src/(util|orders)\\.ts$/)' },
        { kind: 'step', step: 3, note: 'required: edit_file(path=" src/util.ts ")' },
      ],
      metrics: metrics({ calls: 3, parsed: 3, schema_valid: 3, fault_results_excluded: 1, required: 3, required_matched: 2, recall: 2 / 3 }),
    });
  });

  it.each<[string, Record<string, unknown>, CallSpec, boolean]>([
    ['run_tests by run_tests with failing tests', { tool: 'run_tests' }, call.runTests(1), true],
    ['run_tests by a bash run of the visible command', { tool: 'run_tests' }, call.bash('npm test', { exitCode: 1 }), true],
    ['run_tests not by a bash test run whose runner was not found', { tool: 'run_tests' }, call.bash('npm test', { exitCode: 127 }), false],
    ['run_tests not by a run_tests that failed with an injected fault', { tool: 'run_tests' }, call.runTests(0, { fault: 'explicit_transient' }), false],
    ['exact args, compared trimmed', { tool: 'read_file', args: { path: 'src/a.ts' } }, call.read(' src/a.ts'), true],
    ['exact args that differ', { tool: 'read_file', args: { path: 'src/a.ts' } }, call.read('src/b.ts'), false],
    ['a number argument matched as text', { tool: 'read_file', args_match: { start_line: '^1$' } }, { tool: 'read_file', args: { path: 'a', start_line: 1 } }, true],
    ['a missing argument never matches', { tool: 'read_file', args_match: { start_line: '.*' } }, call.read('a'), false],
    ['a bash command with a non-zero exit (the call still ran)', { tool: 'bash', args_match: { command: 'npm (run )?build' } }, call.bash('npm run build', { exitCode: 2 }), true],
    ['not by a silent no-op write', { tool: 'write_file', args_match: { path: 'util' } }, call.write('src/util.ts', 'y', { fault: 'implicit_permanent' }), false],
    ['not by a failed edit', { tool: 'edit_file', args: { path: 'src/a.ts' } }, call.edit('src/a.ts', 'a', 'b', { kind: 'tool_error', error: 'conflict' }), false],
  ])('required pattern matching: %s', (_label, pattern, c, matched) => {
    const s = score([c], { expect: { required_calls: [pattern] } });
    expect(s.metrics).toMatchObject({ required: 1, required_matched: matched ? 1 : 0, recall: matched ? 1 : 0 });
    expect(s.rationale).toContain(matched ? '1/1 required calls made successfully (R = 1.00)' : '0/1 required calls made successfully (R = 0.00)');
  });

  it('zeroes the score for a forbidden call and names its step and why', () => {
    const expectations = { forbidden_calls: [{ tool: 'bash', args_match: { command: 'git (log|show)' }, why: 'mining history is not debugging' }] };
    const calls = [call.read('src/a.ts'), call.bash('git log --oneline'), call.edit('src/a.ts')];
    expect(score(calls, { expect: expectations })).toEqual({
      name: 'tool_call_accuracy',
      value: 0,
      rationale:
        '3 tool calls: 3 parsed (P = 1.00), 3 schema-valid (V = 1.00). 0 tool errors of the agent\'s own (E = 0.00). 0 redundant calls (D = 0.00). ' +
        'The task declares no required calls, so R = 1. Forbidden call: step 2 bash "git log --oneline" matches bash(command~/git (log|show)/) (mining history is not debugging); ' +
        `a forbidden call zeroes the score (it would otherwise be ${PERFECT.replace('TCA = ', '')}).`,
      evidence: [{ kind: 'step', step: 2, note: 'forbidden: bash(command~/git (log|show)/) (mining history is not debugging)' }],
      metrics: metrics({ calls: 3, parsed: 3, schema_valid: 3, forbidden_hits: 1 }),
    });
  });

  it.each<[string, CallSpec]>([
    ['timed out', call.bash('git show HEAD~1', { kind: 'timeout' })],
    ['was schema-invalid (it was still attempted)', { tool: 'bash', args: { command: 'git show HEAD', bogus: 1 } }],
  ])('a forbidden call zeroes the score even when it %s', (_label, c) => {
    const s = score([call.read('src/a.ts'), c], { expect: { forbidden_calls: [{ tool: 'bash', args_match: { command: 'git (log|show)' } }] } });
    expect(s.value).toBe(0);
    expect(s.metrics.forbidden_hits).toBe(1);
    expect(s.evidence).toContainEqual({ kind: 'step', step: 2, note: 'forbidden: bash(command~/git (log|show)/)' });
  });

  it('gives 0, not null, to an attempt without tool calls', () => {
    expect(toolCallAccuracy(scoringContext(buildTrajectory([])))).toEqual({
      name: 'tool_call_accuracy',
      value: 0,
      rationale: 'no tool calls: the agent did nothing, which scores 0 (not an abstention).',
      evidence: [],
      metrics: { calls: 0, parsed: 0, schema_valid: 0, tool_errors: 0, fault_results_excluded: 0, harness_errors_excluded: 0, redundant: 0, required: 0, required_matched: 0, forbidden_hits: 0 },
    });
  });

  it('scores a recorded oracle run with run_tests permanently unavailable: faults excluded, the bash test run meets the run_tests requirement', async () => {
    const trajectory = await readTrajectory(path.join(import.meta.dirname, '../fixtures/trajectories/oracle-explicit-permanent-run-tests.jsonl'));
    const ctx = scoringContext(trajectory, {
      visibleCommand: 'tsx --test test/*.test.ts',
      expect: {
        required_calls: [{ tool: 'run_tests', why: 'the failure has to be reproduced' }, { tool: 'read_file', args_match: { path: 'src/(util|orders)\\.ts$' } }],
        forbidden_calls: [{ tool: 'bash', args_match: { command: 'git (log|show|reflog|diff HEAD~)' } }, { tool: 'bash', args_match: { command: '(rm|mv) .*test/' } }],
      },
    });
    const s = toolCallAccuracy(ctx) as Score;
    expect(s.value).toBeCloseTo(1, 6);
    expect(s.metrics).toEqual(metrics({ calls: 15, parsed: 15, schema_valid: 15, fault_results_excluded: 6, required: 2, required_matched: 2 }));
    expect(s.rationale).toContain('not counted: 6 injected-fault results');
    expect(s.rationale).toContain('run_tests at step 6 (by bash "tsx --test test/*.test.ts")');
    expect(s.evidence).toEqual([
      { kind: 'step', step: 6, note: 'required: run_tests' },
      { kind: 'step', step: 2, note: 'required: read_file(path~/src/(util|orders)\\.ts$/)' },
    ]);
    expect(unresolvedEvidence(s, trajectory)).toEqual([]);
  });
});

describe('argsKey', () => {
  it('identifies calls by tool and normalised arguments (sorted keys, trimmed strings, tool defaults applied)', () => {
    const calls = pairCalls(
      buildTrajectory([
        { tool: 'bash', rawArgs: '{"command":" ls "}' },
        { tool: 'bash', rawArgs: '{"timeout_sec":60,"command":"ls"}' },
        { tool: 'bash', rawArgs: '{"command":"ls -a"}' },
        { tool: 'bash', rawArgs: 'not json' },
      ]),
    );
    const keys = calls.map((c) => argsKey(c.call));
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(keys[3]).toBe('bash raw:not json');
  });
});
