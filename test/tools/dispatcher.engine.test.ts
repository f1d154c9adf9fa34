import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerSandbox } from '../../src/sandbox/docker/docker-sandbox.js';
import { materializeRepo } from '../../src/sandbox/materialize.js';
import { Dispatcher } from '../../src/tools/dispatcher.js';
import { FaultInjector } from '../../src/tools/faults.js';
import type { FaultPlan, ToolResultEvent } from '../../src/trajectory/schema.js';
import { TrajectoryWriter } from '../../src/trajectory/writer.js';
import { engineImage, noEngine, testProvider } from '../helpers/engine.js';

const REPO = path.resolve('test/fixtures/grade-project/repos/mini');

describe.skipIf(noEngine)('tools through the dispatcher, against a real sandbox', () => {
  let sandbox: DockerSandbox;
  let writer: TrajectoryWriter;
  let dispatcher: Dispatcher;
  const lastResult = () => writer.events.filter((e): e is ToolResultEvent => e.type === 'tool_result').at(-1)!;

  async function fresh(faults: FaultPlan = { faults: [] }, steps = 100) {
    writer = new TrajectoryWriter(path.join(await mkdtemp(path.join(tmpdir(), 'crucible-traj-')), 't.jsonl'));
    dispatcher = new Dispatcher({
      sandbox,
      writer,
      limits: { steps, wallTimeMs: 600_000, outputBytes: 4096 },
      visibleTests: { command: 'tsx --test test/*.test.ts', timeoutMs: 120_000 },
      faults: new FaultInjector(faults, 7),
    });
  }

  beforeAll(async () => {
    sandbox = (await testProvider().create({ image: engineImage, repo: await materializeRepo({ dir: REPO }) })) as DockerSandbox;
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('read_file reads whole files and line ranges; missing and outside paths are typed errors', async () => {
    await fresh();
    const whole = await dispatcher.call('read_file', { path: 'src/total.ts' });
    expect(whole).toMatchObject({ ok: true, result: { path: 'src/total.ts', start_line: 1, total_lines: 7 } });
    const part = await dispatcher.call('read_file', { path: 'src/total.ts', start_line: 2, end_line: 2 });
    expect(part).toMatchObject({ ok: true, result: { content: 'export function total(prices: number[]): number {' } });
    expect(await dispatcher.call('read_file', { path: 'nope.ts' })).toMatchObject({ ok: false, error: { type: 'not_found' } });
    expect(await dispatcher.call('read_file', { path: '../etc/passwd' })).toMatchObject({ ok: false, error: { type: 'permission' } });
    expect(await dispatcher.call('read_file', { path: 'src/total.ts', start_line: 3, end_line: 1 })).toMatchObject({ ok: false, error: { type: 'invalid_args' } });
  });

  it('write_file and edit_file change files and record which, with hashes before and after', async () => {
    await fresh();
    expect(await dispatcher.call('write_file', { path: 'notes/a.txt', content: 'one two two\n' })).toMatchObject({ ok: true });
    expect(lastResult().filesChanged).toEqual([{ path: 'notes/a.txt', op: 'added', after: expect.stringMatching(/^[0-9a-f]{16}$/) }]);
    expect(await dispatcher.call('edit_file', { path: 'notes/a.txt', old_string: 'two', new_string: '2' })).toEqual({ ok: false, error: { type: 'conflict', message: 'old_string occurs 2 times in notes/a.txt; it must occur exactly once (include more surrounding lines)' } });
    expect(await dispatcher.call('edit_file', { path: 'notes/a.txt', old_string: 'three', new_string: '3' })).toMatchObject({ ok: false, error: { type: 'conflict', message: expect.stringContaining('occurs 0 times') } });
    expect(await dispatcher.call('edit_file', { path: 'notes/a.txt', old_string: 'one', new_string: '1' })).toEqual({ ok: true, result: { path: 'notes/a.txt', line: 1 } });
    const change = lastResult().filesChanged[0]!;
    expect(change).toMatchObject({ path: 'notes/a.txt', op: 'modified' });
    expect(change.before).not.toBe(change.after);
  });

  it('sees a change made through bash (sed -i) as a change of that file, and a deletion', async () => {
    await fresh();
    expect(await dispatcher.call('bash', { command: "sed -i 's/sum += p/sum += p * 1/' src/total.ts && rm notes/a.txt" })).toMatchObject({ ok: true, result: { exit_code: 0 } });
    expect(lastResult().filesChanged.map((f) => [f.path, f.op])).toEqual([['notes/a.txt', 'deleted'], ['src/total.ts', 'modified']]);
  });

  it('bash reports exit codes as results and a timeout as a typed error; run_tests reports failing tests as a result', async () => {
    await fresh();
    expect(await dispatcher.call('bash', { command: 'echo hi; exit 3' })).toMatchObject({ ok: true, result: { exit_code: 3, stdout: 'hi\n' } });
    expect(await dispatcher.call('bash', { command: 'sleep 30', timeout_sec: 1 })).toMatchObject({ ok: false, error: { type: 'timeout' } });
    expect(lastResult().kind).toBe('timeout');
    const tests = await dispatcher.call('run_tests', {});
    expect(tests).toMatchObject({ ok: true, result: { passed: true, exit_code: 0 } });
    expect(lastResult().kind).toBe('ok');
  });

  it('list_dir, search and git_diff answer from the workspace; search stays inside it', async () => {
    await fresh();
    expect(await dispatcher.call('list_dir', {})).toMatchObject({ ok: true, result: { entries: expect.arrayContaining([{ name: 'src', type: 'dir', size: expect.any(Number) }]) } });
    expect(await dispatcher.call('search', { pattern: 'sum \\+=', glob: '*.ts' })).toMatchObject({ ok: true, result: { matches: ['src/total.ts:4:  for (const p of prices) sum += p * 1;'], total: 1 } });
    expect(await dispatcher.call('search', { pattern: '(', path: '.' })).toMatchObject({ ok: false, error: { type: 'invalid_args' } });
    expect(await dispatcher.call('search', { pattern: 'root', path: '../etc' })).toMatchObject({ ok: false, error: { type: 'permission' } });
    const diff = await dispatcher.call('git_diff', {});
    expect(diff).toMatchObject({ ok: true, result: { diff: expect.stringContaining('+  for (const p of prices) sum += p * 1;') } });
  });

  it('records unparseable, unknown and schema-invalid calls and answers them with invalid_args', async () => {
    await fresh();
    expect(await dispatcher.call('read_file', '{"path": ')).toMatchObject({ ok: false, error: { type: 'invalid_args', message: expect.stringMatching(/^arguments are not valid JSON/) } });
    expect(await dispatcher.call('rm_rf', {})).toMatchObject({ ok: false, error: { type: 'invalid_args', message: expect.stringMatching(/^unknown tool "rm_rf"; tools: read_file, write_file/) } });
    expect(await dispatcher.call('read_file', { file: 'x' })).toMatchObject({ ok: false, error: { type: 'invalid_args' } });
    const calls = writer.events.filter((e) => e.type === 'tool_call').map((e) => e.type === 'tool_call' && [e.tool, e.parsed, e.schemaValid]);
    expect(calls).toEqual([['read_file', false, false], ['rm_rf', true, false], ['read_file', true, false]]);
  });

  it('plan is recorded; submit ends the attempt and later calls are refused', async () => {
    await fresh();
    await dispatcher.call('plan', { steps: [{ text: 'look', status: 'done' }, { text: 'fix' }] });
    expect(writer.events.find((e) => e.type === 'plan')).toMatchObject({ steps: [{ id: '1', text: 'look', status: 'done' }, { id: '2', text: 'fix', status: 'pending' }] });
    await dispatcher.call('submit', { summary: 'done', testsPass: true });
    expect(dispatcher.ended).toEqual({ status: 'submitted', claims: { summary: 'done', testsPass: true } });
    expect(await dispatcher.call('read_file', { path: 'src/total.ts' })).toMatchObject({ ok: false, error: { type: 'limit', message: expect.stringContaining('the attempt has ended (submitted)') } });
  });

  it('enforces the step limit', async () => {
    await fresh({ faults: [] }, 2);
    await dispatcher.call('list_dir', {});
    await dispatcher.call('list_dir', {});
    expect(await dispatcher.call('list_dir', {})).toMatchObject({ ok: false, error: { type: 'limit', message: 'step limit reached (2 tool calls)' } });
    expect(dispatcher.ended?.status).toBe('step_limit');
  });

  it.each([
    ['explicit_transient', 'read_file', 2, [true, false, true, true]],
    ['explicit_permanent', 'read_file', 2, [true, false, false, false]],
  ] as const)('%s on %s from call %d fails exactly there', async (cls, tool, at, okPattern) => {
    await fresh({ faults: [{ class: cls, tool, at }] });
    const oks = [];
    for (let i = 0; i < 4; i++) oks.push((await dispatcher.call(tool, { path: 'src/total.ts' })).ok);
    expect(oks).toEqual(okPattern);
    const faults = writer.events.filter((e): e is ToolResultEvent => e.type === 'tool_result').map((e) => e.fault?.class ?? null);
    expect(faults).toEqual(okPattern.map((ok) => (ok ? null : cls)));
  });

  it('implicit faults: a stale read once, then a silent no-op write from the planned call on', async () => {
    await fresh({ faults: [{ class: 'implicit_transient', tool: 'read_file', at: 1 }, { class: 'implicit_permanent', tool: 'write_file', at: 2 }] });
    const stale = await dispatcher.call('read_file', { path: 'src/total.ts' });
    const full = await dispatcher.call('read_file', { path: 'src/total.ts' });
    expect(stale.ok && full.ok && String(stale.result.content).length < String(full.result.content).length).toBe(true);
    await dispatcher.call('write_file', { path: 'w.txt', content: 'first' });
    expect(await dispatcher.call('write_file', { path: 'w.txt', content: 'second' })).toMatchObject({ ok: true });
    expect((await sandbox.readFile('w.txt')).data.toString()).toBe('first');
    const results = writer.events.filter((e): e is ToolResultEvent => e.type === 'tool_result');
    expect(results.map((r) => r.fault?.class ?? null)).toEqual(['implicit_transient', null, null, 'implicit_permanent']);
    expect(results[3]!.filesChanged).toEqual([]);
  });
});
