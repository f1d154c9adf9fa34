import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.js';
import { attemptSeed } from '../../src/run/attempt.js';
import { classifyHarnessMessage, runMatrix } from '../../src/run/matrix.js';
import type { MatrixEvent, MatrixOptions } from '../../src/run/matrix.js';
import { attemptIdFor, inShard, parseShard, planMatrix, runKey } from '../../src/run/matrix-plan.js';
import { runPool } from '../../src/run/matrix-pool.js';
import { Store } from '../../src/store/store.js';
import { fakeRunner, fakeTask, matrixCliArgs } from './matrix-helpers.js';
import type { Behaviour } from './matrix-helpers.js';

const run = promisify(execFile);
const TASKS = [fakeTask('beta'), fakeTask('alpha')];
const AGENTS = [{ spec: 'oracle', config: {} }, { spec: 'noop', config: {} }];

async function setup(plan?: (id: string, call: number) => Behaviour) {
  const dir = await mkdtemp(path.join(tmpdir(), 'crucible-matrix-'));
  const file = path.join(dir, 'results.db');
  const fake = fakeRunner(plan);
  const events: MatrixEvent[] = [];
  const options = (store: Store, extra: Partial<MatrixOptions> = {}): MatrixOptions => ({
    store,
    tasks: TASKS,
    agents: AGENTS,
    repeats: 2,
    concurrency: 2,
    seed: 5,
    outDir: path.join(dir, 'traj'),
    labels: { suite: 'unit' },
    retryDelayMs: 1,
    runAttempt: fake.run,
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return { dir, file, fake, events, options };
}

describe('the matrix plan', () => {
  it('orders tasks by id, agents by spec, repeats ascending, with stable ids and derived seeds', () => {
    const plan = planMatrix({ tasks: TASKS, agents: AGENTS, repeats: 2, seed: 5 });
    expect(plan.attempts.map((a) => `${a.taskId}/${a.agent.spec}/${a.repeat}`)).toEqual([
      'alpha/noop/1', 'alpha/noop/2', 'alpha/oracle/1', 'alpha/oracle/2',
      'beta/noop/1', 'beta/noop/2', 'beta/oracle/1', 'beta/oracle/2',
    ]);
    expect(plan.attempts.map((a) => a.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const a = plan.attempts[2]!;
    expect(a.seed).toBe(attemptSeed(5, 'oracle', 'alpha', 1));
    expect(a.id).toBe(attemptIdFor(plan.runId, 'oracle', 'alpha', 1));
    expect(a.id).toMatch(/^alpha-oracle-r1-[0-9a-f]{12}$/);
    expect(new Set(plan.attempts.map((x) => x.id)).size).toBe(8);
    // Same inputs in another order: same run, same ids.
    const again = planMatrix({ tasks: [...TASKS].reverse(), agents: [...AGENTS].reverse(), repeats: 2, seed: 5 });
    expect(again.runId).toBe(plan.runId);
    expect(again.attempts.map((x) => x.id)).toEqual(plan.attempts.map((x) => x.id));
  });

  it('changes the run key with any task hash, agent configuration, repeat count, seed or fault plan', () => {
    const base = { tasks: [{ id: 'a', contentHash: 'h' }], agents: [{ spec: 'oracle', config: {} }], repeats: 1, seed: 1, faults: { faults: [] } };
    const key = runKey(base);
    expect(runKey({ ...base })).toBe(key);
    expect(runKey({ ...base, tasks: [{ id: 'a', contentHash: 'h2' }] })).not.toBe(key);
    expect(runKey({ ...base, agents: [{ spec: 'oracle', config: { temperature: 1 } }] })).not.toBe(key);
    expect(runKey({ ...base, repeats: 2 })).not.toBe(key);
    expect(runKey({ ...base, seed: 2 })).not.toBe(key);
    expect(runKey({ ...base, faults: { faults: [{ class: 'explicit_transient', tool: 'bash' }] } })).not.toBe(key);
  });

  it('splits the matrix into disjoint shards covering it', () => {
    const plan = planMatrix({ tasks: TASKS, agents: AGENTS, repeats: 3, seed: 1 });
    const shards = [1, 2, 3].map((i) => plan.attempts.filter((a) => inShard(a.index, parseShard(`${i}/3`))).map((a) => a.id));
    expect(shards.flat().sort()).toEqual(plan.attempts.map((a) => a.id).sort());
    expect(shards[0]).toEqual(plan.attempts.filter((a) => a.index % 3 === 0).map((a) => a.id));
    expect(() => parseShard('0/2')).toThrow(/1 ≤ i ≤ n/);
    expect(() => parseShard('3/2')).toThrow(RangeError);
    expect(() => parseShard('x')).toThrow(RangeError);
  });

  it('refuses an empty matrix or the same agent twice', () => {
    expect(() => planMatrix({ tasks: [], agents: AGENTS, repeats: 1, seed: 1 })).toThrow(/no tasks/);
    expect(() => planMatrix({ tasks: TASKS, agents: [AGENTS[0]!, AGENTS[0]!], repeats: 1, seed: 1 })).toThrow(/given twice/);
    expect(() => planMatrix({ tasks: TASKS, agents: AGENTS, repeats: 0, seed: 1 })).toThrow(/--repeats/);
  });

  it('classifies harness messages', () => {
    expect(classifyHarnessMessage('IMAGE_MISSING: no image')).toMatchObject({ code: 'IMAGE_MISSING', permanent: true });
    expect(classifyHarnessMessage('SANDBOX_LOST: gone\nstack')).toEqual({ code: 'SANDBOX_LOST', permanent: false, message: 'SANDBOX_LOST: gone' });
    expect(classifyHarnessMessage('something odd')).toEqual({ permanent: false, message: 'something odd' });
  });
});

describe('the promise pool', () => {
  it('never runs more than the bound at once and runs every item', async () => {
    let now = 0;
    let peak = 0;
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      peak = Math.max(peak, ++now);
      await new Promise((r) => setTimeout(r, 3 * (n % 3)));
      now--;
      done.push(n);
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('running a matrix', () => {
  it('runs every attempt once, records outcomes and usage, and skips them all when run again', async () => {
    const { file, fake, options, events } = await setup((id) => (id.includes('noop') ? 'fail' : 'ok'));
    const store = Store.open(file);
    const first = await runMatrix(options(store));
    expect(first).toMatchObject({ skipped: 0, finished: 8, harnessErrors: 0, stopped: false });
    expect(fake.calls).toHaveLength(8);
    expect(fake.maxRunning()).toBe(2);
    expect(first.attempts.map((a) => [a.taskId, a.agentSpec, a.repeat, a.state, a.resolved])).toEqual([
      ['alpha', 'noop', 1, 'finished', false], ['alpha', 'noop', 2, 'finished', false], ['alpha', 'oracle', 1, 'finished', true], ['alpha', 'oracle', 2, 'finished', true],
      ['beta', 'noop', 1, 'finished', false], ['beta', 'noop', 2, 'finished', false], ['beta', 'oracle', 1, 'finished', true], ['beta', 'oracle', 2, 'finished', true],
    ]);
    const one = first.attempts[2]!;
    expect(one).toMatchObject({ runId: first.runId, taskContentHash: 'hash-alpha', seed: attemptSeed(5, 'oracle', 'alpha', 1), labels: { suite: 'unit' }, tokensPrompt: 10, costUsd: 0.5, imageId: 'sha256:img', agentName: 'oracle', exitStatus: 'submitted' });
    expect(one.scores.map((s) => s.name)).toEqual(['resolved', 'composite']);
    expect(store.trajectory(one.id)).toContain('"type":"header"');
    expect(store.run(first.runId)).toMatchObject({ seed: 5, repeats: 2, labels: { suite: 'unit' }, tasks: [{ id: 'alpha' }, { id: 'beta' }] });
    expect(events.filter((e) => e.type === 'attempt_end')).toHaveLength(8);

    const again = await runMatrix(options(store));
    expect(again).toMatchObject({ runId: first.runId, skipped: 8, finished: 0 });
    expect(fake.calls).toHaveLength(8);
    expect(again.attempts).toEqual(first.attempts);
    store.close();
  });

  it('redoes attempts a crash left running, keeping their first start time, and nothing else', async () => {
    const { file, fake, options } = await setup();
    const store = Store.open(file);
    const plan = planMatrix({ tasks: TASKS, agents: AGENTS, repeats: 2, seed: 5 });
    await runMatrix(options(store, { shard: { index: 1, count: 2 } }));
    const crashed = plan.attempts[1]!;
    store.ensureAttempt({ id: crashed.id, runId: plan.runId, taskId: crashed.taskId, taskKind: 'debug', taskContentHash: crashed.contentHash, agentSpec: crashed.agent.spec, agentConfig: {}, repeat: crashed.repeat, seed: crashed.seed, labels: {} });
    store.markRunning(crashed.id, '2000-01-01T00:00:00.000Z');
    const before = store.scoredAttempts({ states: ['finished'] });
    fake.calls.length = 0;
    const result = await runMatrix(options(store));
    expect(fake.calls.map((c) => c.attemptId).sort()).toEqual(plan.attempts.filter((a) => a.index % 2 === 1).map((a) => a.id).sort());
    expect(result.attempts).toHaveLength(8);
    expect(result.attempts.every((a) => a.state === 'finished')).toBe(true);
    expect(store.attempt(crashed.id)!.startedAt).toBe('2000-01-01T00:00:00.000Z');
    for (const b of before) expect(store.scoredAttempts({ runId: plan.runId }).find((a) => a.id === b.id)).toEqual(b);
    store.close();
  });

  it('retries transient harness failures up to twice, then leaves harness_error without scoring the agent', async () => {
    const { file, fake, options } = await setup((id, call) => {
      if (id.startsWith('alpha-noop-r1')) return call <= 2 ? { harnessError: 'SANDBOX_LOST: the container vanished' } : 'ok';
      if (id.startsWith('alpha-noop-r2')) return { throws: new HarnessError('PROVIDER_FAILED', 'model endpoint 503') };
      if (id.startsWith('beta-noop-r1')) return { throws: new TypeError('boom') };
      return 'ok';
    });
    const store = Store.open(file);
    const result = await runMatrix(options(store));
    const by = (prefix: string) => result.attempts.find((a) => a.id.startsWith(prefix))!;
    expect(by('alpha-noop-r1')).toMatchObject({ state: 'finished', resolved: true, harnessRetries: 2, harnessError: 'SANDBOX_LOST: the container vanished' });
    expect(by('alpha-noop-r2')).toMatchObject({ state: 'harness_error', harnessRetries: 2, harnessError: 'PROVIDER_FAILED: model endpoint 503', scores: [] });
    expect(by('alpha-noop-r2').exitStatus).toBeUndefined();
    expect(by('alpha-noop-r2').resolved).toBeUndefined();
    expect(by('beta-noop-r1')).toMatchObject({ state: 'harness_error', harnessError: 'internal error: boom' });
    expect(fake.calls.filter((c) => c.attemptId.startsWith('alpha-noop-r2'))).toHaveLength(3);
    expect(result.harnessErrors).toBe(2);
    store.close();
  });

  it('aborts on a permanent harness failure, leaving unfinished attempts pending for a later run', async () => {
    const { file, fake, options } = await setup((id) => (id.startsWith('alpha-oracle-r1') ? { harnessError: 'IMAGE_MISSING: image crucible/sandbox-default:latest is not on the engine' } : 'ok'));
    const store = Store.open(file);
    const error = await runMatrix(options(store, { concurrency: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect(error).toMatchObject({ code: 'IMAGE_MISSING', message: 'image crucible/sandbox-default:latest is not on the engine' });
    const all = store.attempts();
    expect(all.filter((a) => a.state === 'finished').map((a) => a.id.slice(0, 13))).toEqual(['alpha-noop-r1', 'alpha-noop-r2']);
    expect(all.filter((a) => a.state !== 'finished').every((a) => a.state === 'pending' && a.harnessRetries === 0)).toBe(true);
    expect(fake.calls).toHaveLength(3);
    store.close();
  });

  it('stops cleanly on its signal: in-flight attempts go back to pending and their results are dropped', async () => {
    let release: () => void = () => {};
    const hang = new Promise<void>((r) => (release = r));
    const { file, options } = await setup((id) => (id.startsWith('alpha-noop') ? { hang } : 'ok'));
    const store = Store.open(file);
    const stopper = new AbortController();
    const running = runMatrix(options(store, { signal: stopper.signal, onEvent: (e) => e.type === 'attempt_start' && e.attempt.index === 1 && setTimeout(() => stopper.abort(), 10) }));
    await new Promise((r) => setTimeout(r, 100));
    expect(store.attempts({ states: ['running'] })).toEqual([]);
    release();
    const result = await running;
    expect(result.stopped).toBe(true);
    expect(result.attempts.every((a) => a.state === 'pending')).toBe(true);
    store.close();
  });
});

describe('crucible run on the command line', () => {
  it('aborts with exit 2 and one line when the engine is unreachable', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crucible-matrix-cli-'));
    const out = await run(process.execPath, matrixCliArgs('run', '--tasks', 'mini-total', '--agent', 'oracle', '--db', path.join(dir, 'r.db')), {
      cwd: path.resolve('test/fixtures/grade-project'),
      env: { ...process.env, DOCKER_HOST: `unix://${path.join(dir, 'no-engine.sock')}` },
    }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect((out as { code: number }).code).toBe(2);
    expect((out as { stderr: string }).stderr).toMatch(/^crucible: ENGINE_UNREACHABLE: Docker engine at .*no-engine\.sock is unreachable[^\n]*\n$/);
  }, 60_000);

  it('refuses bad flags with exit 1 before touching anything', async () => {
    const cwd = path.resolve('test/fixtures/grade-project');
    const fail = (args: string[]) => run(process.execPath, matrixCliArgs('run', '--tasks', 'mini-total', ...args), { cwd }).catch((e: { code: number; stderr: string }) => e) as Promise<{ code: number; stderr: string }>;
    const [shard, agent, label] = await Promise.all([fail(['--agent', 'oracle', '--shard', '3/2']), fail(['--agent', 'gpt-magic']), fail(['--agent', 'oracle', '--label', 'nokey'])]);
    expect(shard).toMatchObject({ code: 1, stderr: expect.stringMatching(/^crucible: --shard expects i\/n/) });
    expect(agent).toMatchObject({ code: 1, stderr: expect.stringMatching(/^crucible: unknown agent "gpt-magic"; known agents: .*oracle/) });
    expect(label).toMatchObject({ code: 1, stderr: expect.stringMatching(/^crucible: --label expects key=value/) });
  }, 60_000);
});
