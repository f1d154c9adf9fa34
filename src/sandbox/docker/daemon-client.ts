import type { Duplex } from 'node:stream';
import { HarnessError } from '../../errors.js';
import { FrameDemux, LineSplitter } from './frame-demux.js';

/** An error the in-sandbox supervisor reported for one request. */
export interface DaemonFailure {
  code: string;
  message: string;
}

type Pending = {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
};

/** Evaluator-side slack on top of a request's own timeout before the sandbox counts as hung. */
const RESPONSE_GRACE_MS = 30_000;

/**
 * Talks to `sandboxd` (sandboxes/common/sandboxd.mjs) over the container's attached stdin and
 * stdout: one JSON request per line out, one JSON response per line back, matched by id.
 * Requests run concurrently. If the stream ends, every pending and later request fails with
 * `SANDBOX_LOST`: the sandbox died, which is the harness's problem, not the agent's.
 */
export class DaemonClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private lost: HarnessError | undefined;
  private readonly stderrTail: string[] = [];
  /** Resolves when the supervisor announced itself. */
  readonly ready: Promise<void>;

  constructor(
    private readonly stream: Duplex,
    private readonly label: string,
  ) {
    let markReady!: () => void;
    let failReady!: (err: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => {});
    const lines = new LineSplitter((line) => this.onLine(line, markReady));
    const demux = new FrameDemux(
      (chunk) => lines.push(chunk),
      (chunk) => this.keepStderr(chunk),
    );
    stream.on('data', (chunk: Buffer) => demux.push(chunk));
    const onEnd = (err?: Error) => {
      const why = this.stderrTail.join('').trim().split('\n').slice(-3).join(' | ');
      this.fail(new HarnessError('SANDBOX_LOST', `sandbox ${this.label} stopped answering${why ? `: ${why}` : ''}`, { cause: err }));
      failReady(this.lost!);
    };
    stream.on('end', () => onEnd());
    stream.on('close', () => onEnd());
    stream.on('error', (err) => onEnd(err));
  }

  /**
   * Sends one request and resolves with its result. Rejects with the supervisor's failure
   * (`{ code, message }` wrapped in a `DaemonRequestError`) or a `HarnessError` if the sandbox
   * is gone or silent for `timeoutMs` plus a grace period.
   */
  request<T>(op: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
    if (this.lost) return Promise.reject(this.lost);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new HarnessError('SANDBOX_UNRESPONSIVE', `sandbox ${this.label} did not answer \`${op}\` within ${timeoutMs + RESPONSE_GRACE_MS} ms`));
      }, timeoutMs + RESPONSE_GRACE_MS);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.stream.write(JSON.stringify({ id, op, ...args }) + '\n');
    });
  }

  /** Stops accepting requests; pending ones fail with `SANDBOX_LOST`. */
  close(): void {
    this.fail(new HarnessError('SANDBOX_LOST', `sandbox ${this.label} was closed`));
    this.stream.destroy();
  }

  private onLine(line: string, markReady: () => void): void {
    let message: { id?: number; ok?: boolean; result?: unknown; error?: DaemonFailure; event?: string };
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (message.event === 'ready') return markReady();
    const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id!);
    clearTimeout(waiting.timer);
    if (message.ok) waiting.resolve(message.result);
    else waiting.reject(new DaemonRequestError(message.error ?? { code: 'io', message: 'unknown failure' }));
  }

  private keepStderr(chunk: Buffer): void {
    this.stderrTail.push(chunk.toString('utf8'));
    if (this.stderrTail.length > 20) this.stderrTail.shift();
  }

  private fail(err: HarnessError): void {
    if (this.lost) return;
    this.lost = err;
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(err);
      this.pending.delete(id);
    }
  }
}

/** A request the supervisor answered with a failure, e.g. a refused path. */
export class DaemonRequestError extends Error {
  override readonly name = 'DaemonRequestError';
  readonly code: string;
  constructor(failure: DaemonFailure) {
    super(failure.message);
    this.code = failure.code;
  }
}
