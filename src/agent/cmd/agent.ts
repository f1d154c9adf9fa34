import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { HarnessError } from '../../errors.js';
import { VERSION } from '../../version.js';
import { serveHttp, ToolBridge } from '../mcp/server.js';
import type { HttpHandle } from '../mcp/server.js';
import type { Agent, AgentContext, AgentFactory, AgentSession } from '../types.js';
import { checkIsolation, hiddenPaths, isolatedCommand, PROGRAM_GID, PROGRAM_UID } from './isolation.js';
import { MeteringProxy, parsePrice } from './proxy.js';
import type { Price } from './proxy.js';

/** Upstream used when neither `base_url` nor `OPENAI_BASE_URL` is set. */
export const DEFAULT_UPSTREAM = 'https://api.openai.com/v1';

/**
 * Configuration of a `cmd:` agent (`--agent-config`, all optional). Unknown keys are refused, so a
 * typo cannot silently run a different experiment; `limits` and `prompt_variant` are read by the
 * attempt runner.
 */
export const CmdConfigSchema = z.strictObject({
  /** OpenAI-compatible upstream of the metering proxy (default `OPENAI_BASE_URL`, then OpenAI). */
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  /** Environment variable of Crucible holding the real upstream key (default `OPENAI_API_KEY`). */
  api_key_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
  /** USD per million tokens: a number, or `{ prompt, completion }`. */
  price_per_million: z.unknown().optional(),
  /** Model name recorded in the trajectory header (informative). */
  model: z.string().optional(),
  /** Seconds the program may keep running after the attempt ended before it is killed (default 2). */
  grace_sec: z.number().nonnegative().max(600).optional(),
  /** Most bytes of program output kept in the log (default 1 MiB). */
  log_bytes: z.number().int().positive().optional(),
  /** Extra environment variables for the program (recorded in the trajectory header: no secrets here). */
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'), z.string()).optional(),
  /** Read by the attempt runner (tighter step / wall-time limits). */
  limits: z.unknown().optional(),
  /** Read by the attempt runner (label recorded in the header). */
  prompt_variant: z.string().optional(),
});
export type CmdConfig = z.infer<typeof CmdConfigSchema>;

/** Options of {@link CmdAgent}, resolved by {@link cmdAgent}. */
export interface CmdAgentOptions {
  command: string;
  taskId: string;
  hidden: string[];
  upstream: string | undefined;
  apiKey: string | undefined;
  price: Price | undefined;
  model?: string;
  graceMs: number;
  logFile: string;
  logBytes: number;
  env: Record<string, string>;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Folder of the installed MCP SDK (what `CRUCIBLE_SDK_PATH` points at), if it can be found. */
export function sdkPath(): string | undefined {
  try {
    let dir = path.dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/sdk/client/index.js'));
    for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const pkg = path.join(dir, 'package.json');
      if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === '@modelcontextprotocol/sdk') return dir;
    }
  } catch {
    // not installed where Node can find it
  }
  return undefined;
}

/** Appends program output to a file up to a bound, then notes the cut once and drops the rest. */
class BoundedLog {
  private readonly fd: number;
  private written = 0;
  private cut = false;
  private open = true;

  constructor(
    readonly file: string,
    private readonly limit: number,
  ) {
    this.fd = openSync(file, 'w', 0o600);
  }

  write(chunk: Buffer | string): void {
    if (this.cut || !this.open) return;
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const room = this.limit - this.written;
    if (buf.length > room) {
      if (room > 0) writeSync(this.fd, buf.subarray(0, room));
      writeSync(this.fd, `\n[crucible: output cut after ${this.limit} bytes]\n`);
      this.written = this.limit;
      this.cut = true;
      return;
    }
    writeSync(this.fd, buf);
    this.written += buf.length;
  }

  /** A line from Crucible itself (not counted against the bound). */
  note(line: string): void {
    if (this.open) writeSync(this.fd, `[crucible ${new Date().toISOString()}] ${line}\n`);
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    closeSync(this.fd);
  }
}

function describeExit(e: { code: number | null; signal: NodeJS.Signals | null }): string {
  return e.signal ? `signal ${e.signal}` : `exit code ${e.code}`;
}

/**
 * An external program as the agent (`cmd:"COMMAND"`). For one attempt it gets Crucible's tools
 * over MCP (Streamable HTTP on 127.0.0.1, per-attempt bearer token) and a metering proxy for its
 * model calls, and runs as `nobody` in a private mount namespace where the project's tasks (and
 * git metadata) are covered by empty tmpfs, so hidden tests and reference solutions cannot be
 * read. The attempt ends when the program exits (without submit: `agent_error`) or on
 * submit / a limit, after which the program gets a short grace and is killed.
 */
export class CmdAgent implements Agent {
  readonly name = 'cmd';
  readonly version = VERSION;
  readonly model?: string;
  readonly config: Record<string, unknown>;
  readonly secrets: string[];
  private readonly token = randomBytes(24).toString('base64url');
  private readonly clientKey = `crucible-${randomBytes(16).toString('hex')}`;
  private http: HttpHandle | undefined;
  private proxy: MeteringProxy | undefined;
  private child: ChildProcess | undefined;
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  private log: BoundedLog | undefined;
  private workDir: string | undefined;
  private closed = false;

  constructor(private readonly options: CmdAgentOptions) {
    if (options.model) this.model = options.model;
    let upstream: string | undefined;
    if (options.upstream) {
      const u = new URL(options.upstream);
      u.username = '';
      u.password = '';
      upstream = u.toString();
    }
    this.config = {
      command: options.command,
      transport: 'streamable-http',
      upstream: upstream ?? null,
      ...(options.price ? { price_per_million: options.price } : {}),
      grace_sec: options.graceMs / 1000,
      log: options.logFile,
      ...(Object.keys(options.env).length ? { env: options.env } : {}),
      isolation: { uid: PROGRAM_UID, gid: PROGRAM_GID, hidden: options.hidden },
    };
    this.secrets = [this.token, ...(options.apiKey ? [options.apiKey] : [])];
  }

  /** The program's log (stdout and stderr, bounded). */
  get logFile(): string {
    return this.options.logFile;
  }

  async run(session: AgentSession): Promise<void> {
    const o = this.options;
    const bridge = new ToolBridge(session);
    this.log = new BoundedLog(o.logFile, o.logBytes);
    this.http = await serveHttp(bridge, { token: this.token });
    this.proxy = await MeteringProxy.start({
      upstream: o.upstream,
      apiKey: o.apiKey,
      clientKey: this.clientKey,
      price: o.price,
      record: (m) => {
        if (!this.closed) session.message(m);
      },
    });
    this.workDir = await mkdtemp(path.join(tmpdir(), 'crucible-agent-'));
    const instructionsFile = path.join(this.workDir, 'instructions.md');
    await writeFile(instructionsFile, session.task.instructions);
    await chown(instructionsFile, PROGRAM_UID, PROGRAM_GID);
    await chown(this.workDir, PROGRAM_UID, PROGRAM_GID);
    await chmod(this.workDir, 0o700);

    const sdk = sdkPath();
    const env: Record<string, string> = {
      PATH: `${path.dirname(process.execPath)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      HOME: this.workDir,
      TMPDIR: this.workDir,
      LANG: process.env.LANG ?? 'C.UTF-8',
      ...o.env,
      CRUCIBLE_MCP_URL: this.http.url,
      CRUCIBLE_MCP_TOKEN: this.token,
      CRUCIBLE_TASK_ID: session.task.id,
      CRUCIBLE_TASK_KIND: session.task.kind,
      CRUCIBLE_SEED: String(session.seed),
      CRUCIBLE_INSTRUCTIONS_FILE: instructionsFile,
      OPENAI_BASE_URL: this.proxy.url,
      OPENAI_API_KEY: this.clientKey,
      ...(sdk ? { CRUCIBLE_SDK_PATH: sdk } : {}),
    };
    const { file, args } = isolatedCommand(o.command, o.hidden);
    this.log.note(`running ${JSON.stringify(o.command)} for task ${session.task.id} as uid ${PROGRAM_UID} in ${this.workDir}`);
    const child = spawn(file, args, { cwd: this.workDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const log = this.log;
    child.stdout?.on('data', (c: Buffer) => log.write(c));
    child.stderr?.on('data', (c: Buffer) => log.write(c));
    this.exited = new Promise((resolve, reject) => {
      child.once('error', (err) => reject(new HarnessError('CONFIG_INVALID', `cannot start the program: ${err.message}`, { cause: err })));
      child.once('exit', (code, signal) => {
        if (!this.closed) log.note(`program ended with ${describeExit({ code, signal })}`);
        resolve({ code, signal });
      });
    });

    const first = await Promise.race([this.exited.then((e) => ({ kind: 'exit' as const, e })), bridge.ended.then(() => ({ kind: 'ended' as const }))]);
    if (first.kind === 'exit') {
      await bridge.settled();
      if (!session.ended) throw new Error(`the program ended (${describeExit(first.e)}) without calling submit; its output is in ${o.logFile}`);
      return;
    }
    // Submitted or out of limits: the program may finish on its own, briefly, then it is killed.
    const done = await Promise.race([this.exited.then(() => true), delay(o.graceMs).then(() => false)]);
    if (!done) {
      this.log.note(`the attempt ended; program still running after ${o.graceMs} ms: killing it`);
      await this.kill();
    }
  }

  /** Ends the program's whole process tree: SIGTERM to its group, SIGKILL a second later. */
  private async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        // already gone
      }
    };
    const gone = this.exited!.then(
      () => true,
      () => true,
    );
    signal('SIGTERM');
    if (await Promise.race([gone, delay(1_000).then(() => false)])) return;
    signal('SIGKILL');
    await Promise.race([gone, delay(5_000)]);
  }

  async close(): Promise<void> {
    await this.kill();
    this.closed = true;
    await Promise.all([this.http?.close(), this.proxy?.close()]);
    this.log?.close();
    if (this.workDir) await rm(this.workDir, { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * Factory of `cmd:"COMMAND"`. Checks first that the program can be isolated here (root,
 * util-linux namespaces) and fails with `CONFIG_INVALID` otherwise; the program's log goes to a
 * fresh temporary folder, named in the agent configuration (`log`).
 */
export const cmdAgent: AgentFactory = async (ctx: AgentContext): Promise<Agent> => {
  const command = ctx.arg.trim();
  if (!command) throw new HarnessError('CONFIG_INVALID', 'cmd agent needs a command, e.g. cmd:"node /path/to/agent.mjs"');
  const parsed = CmdConfigSchema.safeParse(ctx.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HarnessError('CONFIG_INVALID', `cmd agent configuration: field \`${issue.path.join('.')}\`: ${issue.message}`);
  }
  const cfg = parsed.data;
  let price: Price | undefined;
  try {
    price = parsePrice(cfg.price_per_million);
  } catch (err) {
    throw new HarnessError('CONFIG_INVALID', `cmd agent configuration: ${(err as Error).message}`);
  }
  // Trajectories go to ./.crucible/ by default: make sure it exists now, so that it is covered too.
  mkdirSync(path.join(process.cwd(), '.crucible'), { recursive: true });
  const hidden = hiddenPaths(ctx.task);
  checkIsolation(hidden);
  const logDir = await mkdtemp(path.join(tmpdir(), 'crucible-cmd-'));
  const keyEnv = cfg.api_key_env ?? 'OPENAI_API_KEY';
  if (cfg.api_key_env && !process.env[keyEnv]) throw new HarnessError('ENV_MISSING', `the environment variable ${keyEnv} (api_key_env) is not set`);
  return new CmdAgent({
    command,
    taskId: ctx.task.definition.id,
    hidden,
    upstream: cfg.base_url ?? process.env.OPENAI_BASE_URL ?? DEFAULT_UPSTREAM,
    apiKey: process.env[keyEnv] || undefined,
    price,
    ...(cfg.model ? { model: cfg.model } : {}),
    graceMs: Math.round((cfg.grace_sec ?? 2) * 1000),
    logFile: path.join(logDir, `${ctx.task.definition.id}.agent.log`),
    logBytes: cfg.log_bytes ?? 1024 * 1024,
    env: cfg.env ?? {},
  });
};
