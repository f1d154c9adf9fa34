import { AsyncLocalStorage } from 'node:async_hooks';
import { DockerProvider } from '../../src/sandbox/docker/docker-provider.js';
import type { DockerSandbox } from '../../src/sandbox/docker/docker-sandbox.js';
import type { Sandbox, SandboxSpec } from '../../src/sandbox/types.js';
import type { Store } from '../../src/store/store.js';
import { HARNESS_METHODS, execOrigin } from './exec-origin.js';
import type { ExecOrigin } from './exec-origin.js';
import type { Interval } from './intervals.js';

/** Which matrix attempt a sandbox serves: grading sandboxes are named `<attemptId>-grade`. */
function attemptOf(spec: SandboxSpec): { attempt?: string; purpose: 'attempt' | 'grade' } {
  const id = spec.attemptId;
  if (id?.endsWith('-grade')) return { attempt: id.slice(0, -'-grade'.length), purpose: 'grade' };
  return { ...(id ? { attempt: id } : {}), purpose: 'attempt' };
}

/** Supervisor requests other than commands: file operations, process control, copies. */
const REQUEST_METHODS = ['readFile', 'writeFile', 'listDir', 'stat', 'copyIn', 'copyInPrivate', 'killAgentProcesses', 'manifest', 'agentProcesses'] as const;

/**
 * A DockerProvider that records how long every sandbox operation takes, without changing
 * production code: `create` is timed around the real one, and each sandbox it returns has its
 * methods wrapped on the instance. `exec` goes through `execBytes` inside DockerSandbox, so
 * wrapping `execBytes` times every command once; each is recorded as `exec` (a command of the
 * agent or the task) or `harness-exec` (the harness's own work in the sandbox) by who asked for
 * it (see exec-origin.ts). The harness methods themselves are spans of `harness-exec` as well.
 */
export class TimedProvider extends DockerProvider {
  /** Every timed span, in the order they ended. */
  readonly intervals: Interval[] = [];

  /** Who asked for the exec now running: set around harness methods and each `exec` call, read by `execBytes`. */
  private readonly origin = new AsyncLocalStorage<ExecOrigin>();

  /** Times `fn` as a span of `kind`, also when it throws. */
  async time<T>(kind: string, attempt: string | undefined, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.intervals.push({ kind, start, end: performance.now(), ...(attempt ? { attempt } : {}) });
    }
  }

  override async create(spec: SandboxSpec): Promise<Sandbox> {
    const { attempt, purpose } = attemptOf(spec);
    const sandbox = (await this.time(`create:${purpose}`, attempt, () => super.create(spec))) as DockerSandbox;
    const execBytes = sandbox.execBytes.bind(sandbox);
    sandbox.execBytes = (cmd, opts) => this.time(this.origin.getStore() === 'harness' ? 'harness-exec' : 'exec', attempt, () => execBytes(cmd, opts));
    // Callers of `exec` outside the sandbox (grading's plumbing, tools, setup) are told apart by
    // their stack frame; inside a harness method the method's own mark wins.
    const exec = sandbox.exec.bind(sandbox);
    sandbox.exec = (cmd, opts) => {
      const origin = this.origin.getStore() ?? execOrigin(new Error().stack ?? '', cmd, opts?.user);
      return this.origin.run(origin, () => exec(cmd, opts));
    };
    for (const name of HARNESS_METHODS) {
      const original = (sandbox[name] as (...args: unknown[]) => Promise<unknown>).bind(sandbox);
      (sandbox as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => this.origin.run('harness', () => this.time('harness-exec', attempt, () => original(...args)));
    }
    for (const name of REQUEST_METHODS) {
      const original = (sandbox[name] as (...args: unknown[]) => Promise<unknown>).bind(sandbox);
      (sandbox as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => this.time('request', attempt, () => original(...args));
    }
    const close = sandbox.close.bind(sandbox);
    sandbox.close = () => this.time(`close:${purpose}`, attempt, close);
    return sandbox;
  }
}

/** Store methods that write (or read back) the results database during a matrix run. */
const STORE_METHODS = ['upsertRun', 'ensureAttempt', 'markRunning', 'finishAttempt', 'recordHarnessError', 'releaseAttempts', 'scoredAttempts', 'run'] as const;

/** Wraps the store's methods on the instance so that time spent in SQLite is recorded as `db`. */
export function timeStore(store: Store, into: Interval[]): void {
  for (const name of STORE_METHODS) {
    const original = (store[name] as (...args: unknown[]) => unknown).bind(store);
    (store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const start = performance.now();
      try {
        return original(...args);
      } finally {
        into.push({ kind: 'db', start, end: performance.now() });
      }
    };
  }
}
