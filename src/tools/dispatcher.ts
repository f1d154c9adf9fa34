import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isHarnessError } from '../errors.js';
import type { DockerSandbox } from '../sandbox/docker/docker-sandbox.js';
import type { Claims, ExitStatus, FileChange, ToolErrorType } from '../trajectory/schema.js';
import type { TrajectoryWriter } from '../trajectory/writer.js';
import type { FaultDecision, FaultInjector } from './faults.js';
import { TOOLS_BY_NAME } from './registry.js';
import type { PlanStep, ToolContext, ToolOutcome } from './types.js';
import { toolError } from './types.js';

/** What every adapter hands back to its agent: the result, or a typed error. Never a throw. */
export type ToolResponse = { ok: true; result: Record<string, unknown> } | { ok: false; error: { type: ToolErrorType; message: string } };

/** Limits enforced on every call. */
export interface DispatchLimits {
  steps: number;
  wallTimeMs: number;
  /** Most bytes of output shown to the agent per call. */
  outputBytes: number;
}

/** Options of a {@link Dispatcher}. */
export interface DispatcherOptions {
  sandbox: DockerSandbox;
  writer: TrajectoryWriter;
  limits: DispatchLimits;
  visibleTests: { command: string; timeoutMs: number };
  faults: FaultInjector;
  /** Milliseconds since the epoch when the attempt started (wall-time limit). */
  startedAt?: number;
}

const WRITE_TOOLS = new Set(['write_file', 'edit_file']);

function hash16(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Files whose hash differs between two manifests. */
export function changedFiles(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): FileChange[] {
  const out: FileChange[] = [];
  for (const [p, h] of after) {
    const old = before.get(p);
    if (old === undefined) out.push({ path: p, op: 'added', after: h });
    else if (old !== h) out.push({ path: p, op: 'modified', before: old, after: h });
  }
  for (const [p, h] of before) if (!after.has(p)) out.push({ path: p, op: 'deleted', before: h });
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Shortens a result the way a stale or cut-off read would look. */
function staled(outcome: ToolOutcome): ToolOutcome {
  if (!outcome.ok) return outcome;
  const half = (s: string) => s.split('\n').slice(0, Math.max(1, Math.ceil(s.split('\n').length / 2))).join('\n');
  const result = { ...outcome.result };
  if (typeof result.content === 'string') result.content = half(result.content);
  if (typeof result.stdout === 'string') result.stdout = half(result.stdout);
  if (typeof result.output === 'string') result.output = half(result.output);
  return { ...outcome, result, output: half(outcome.output) };
}

function fakeSuccess(tool: string, args: Record<string, unknown>): ToolOutcome {
  const path = String(args.path ?? '');
  if (tool === 'write_file') return { ok: true, result: { path, bytes: Buffer.byteLength(String(args.content ?? '')) }, output: `wrote ${Buffer.byteLength(String(args.content ?? ''))} bytes to ${path}` };
  return { ok: true, result: { path, line: 1 }, output: `replaced 1 occurrence in ${path} at line 1` };
}

/**
 * The one door every agent adapter goes through: validates arguments against the tool's schema,
 * enforces step / wall-time / output limits, applies the attempt's fault plan, runs the tool in
 * the sandbox, and records a `tool_call` and a `tool_result` event per call — with the files the
 * call changed (hashes before and after, `bash` included, from workspace manifests). Tool failures
 * come back as data; a harness failure ends the attempt as `harness_error`, never as the agent's.
 */
export class Dispatcher {
  private step = 0;
  private status: ExitStatus | undefined;
  private claims: Claims | undefined;
  private harnessFailure: string | undefined;
  private readonly startedAt: number;

  constructor(private readonly options: DispatcherOptions) {
    this.startedAt = options.startedAt ?? Date.now();
  }

  /** How the attempt ended, once it has (submit, a limit, a harness failure). */
  get ended(): { status: ExitStatus; claims?: Claims; error?: string } | undefined {
    if (!this.status) return undefined;
    return { status: this.status, ...(this.claims ? { claims: this.claims } : {}), ...(this.harnessFailure ? { error: this.harnessFailure } : {}) };
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.step;
  }

  /** Ends the attempt from outside (wall clock, agent crash). The first ending wins. */
  end(status: ExitStatus, error?: string): void {
    if (this.status) return;
    this.status = status;
    if (error) this.harnessFailure = error;
  }

  /**
   * Runs one tool call. `args` may be an object or the raw JSON text a model produced; text that
   * is not JSON is recorded as an unparseable call and answered with `invalid_args`.
   */
  async call(tool: string, args: unknown, callId: string = randomUUID()): Promise<ToolResponse> {
    if (this.status) return { ok: false, error: { type: 'limit', message: `the attempt has ended (${this.status}); no more tool calls are accepted` } };
    this.step += 1;
    const step = this.step;
    const startedAt = new Date();
    const rawArgs = typeof args === 'string' ? args : JSON.stringify(args ?? {});
    let parsedArgs: unknown;
    let parsed = true;
    try {
      parsedArgs = typeof args === 'string' ? JSON.parse(args || '{}') : (args ?? {});
    } catch {
      parsed = false;
    }
    const definition = TOOLS_BY_NAME.get(tool);
    const validated = parsed && definition ? definition.input.safeParse(parsedArgs) : undefined;
    const schemaValid = !!validated?.success;
    this.options.writer.write({ type: 'tool_call', step, callId, tool, rawArgs, parsed, schemaValid, ...(schemaValid ? { args: validated!.data } : {}), startedAt: startedAt.toISOString() });

    let outcome: ToolOutcome;
    let fault: FaultDecision | undefined;
    let filesChanged: FileChange[] = [];
    let harness = false;
    if (step > this.options.limits.steps) {
      outcome = toolError('limit', `step limit reached (${this.options.limits.steps} tool calls)`);
      this.status = 'step_limit';
    } else if (Date.now() - this.startedAt > this.options.limits.wallTimeMs) {
      outcome = toolError('limit', `time limit reached (${Math.round(this.options.limits.wallTimeMs / 1000)} s)`);
      this.status = 'time_limit';
    } else if (!parsed) {
      outcome = toolError('invalid_args', `arguments are not valid JSON: ${rawArgs.slice(0, 200)}`);
    } else if (!definition) {
      outcome = toolError('invalid_args', `unknown tool ${JSON.stringify(tool)}; tools: ${[...TOOLS_BY_NAME.keys()].join(', ')}`);
    } else if (!validated!.success) {
      outcome = toolError('invalid_args', `invalid arguments for ${tool}: ${z.prettifyError(validated!.error).replace(/\n/g, ' ')}`);
    } else {
      fault = this.options.faults.next(tool, WRITE_TOOLS.has(tool));
      try {
        const before = definition.readOnly ? undefined : await this.options.sandbox.manifest();
        if (fault?.action === 'error') outcome = toolError('unavailable', `${tool} is temporarily unavailable; try again later`);
        else if (fault?.action === 'noop') outcome = fakeSuccess(tool, validated!.data as Record<string, unknown>);
        else {
          outcome = await definition.run(validated!.data, this.context());
          if (fault?.action === 'stale') outcome = staled(outcome);
        }
        if (before) filesChanged = changedFiles(before, await this.options.sandbox.manifest());
      } catch (err) {
        harness = true;
        const message = isHarnessError(err) ? `${err.code}: ${err.message}` : `internal error: ${(err as Error).message}`;
        outcome = toolError('unavailable', 'the environment failed while running this tool (not your fault)');
        this.status = 'harness_error';
        this.harnessFailure = message;
      }
    }
    const output = outcome.output ?? (outcome.ok ? '' : outcome.error.message);
    const cut = Buffer.byteLength(output) > this.options.limits.outputBytes;
    const shownOutput = cut ? Buffer.from(output).subarray(0, this.options.limits.outputBytes).toString('utf8') : output;
    const kind = harness ? 'harness_error' : outcome.ok ? 'ok' : outcome.error.type === 'timeout' ? 'timeout' : 'tool_error';
    this.options.writer.write({
      type: 'tool_result',
      step,
      callId,
      tool,
      kind,
      ...(outcome.ok ? {} : { error: outcome.error }),
      ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
      output: shownOutput,
      truncated: cut,
      outputHash: hash16(output),
      ...(fault ? { fault: fault.record } : {}),
      filesChanged,
      endedAt: new Date().toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
    });
    return outcome.ok ? { ok: true, result: outcome.result } : { ok: false, error: outcome.error };
  }

  private context(): ToolContext {
    return {
      sandbox: this.options.sandbox,
      visibleTests: this.options.visibleTests,
      outputBytes: this.options.limits.outputBytes,
      onPlan: (steps: PlanStep[]) => this.options.writer.write({ type: 'plan', step: this.step, steps, at: new Date().toISOString() }),
      onSubmit: (claims: Claims) => {
        this.claims = claims;
        this.status ??= 'submitted';
      },
    };
  }
}
