import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { HarnessError } from '../../errors.js';
import { VERSION } from '../../version.js';
import type { Agent, AgentContext, AgentFactory, AgentSession } from '../types.js';
import { serveHttp, serveStdio, ToolBridge } from './server.js';
import type { HttpHandle, StdioHandle } from './server.js';

/** Time left for the last response (the `submit` result) to reach the client before the server closes. */
const FLUSH_MS = 250;

/** How the MCP agent is reached. */
export type McpServeTransport = { kind: 'stdio'; stdin?: Readable; stdout?: Writable } | { kind: 'http'; port: number; host?: string };

/** Options of {@link McpServeAgent}. */
export interface McpServeOptions {
  transport: McpServeTransport;
  /** Where the URL and the token are announced (default: stderr). */
  announce?: (line: string) => void;
  /** HTTP: after the last session is closed (DELETE), how long a new one may take before the attempt ends (default 3 s). */
  disconnectGraceMs?: number;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * An attempt driven by whoever connects over MCP: a framework, an IDE, a person. `run` serves
 * Crucible's tools until the attempt ends (submit, a limit, wall time) and returns; when the
 * client goes away first (stdin closed, or every HTTP session deleted and none reopened within
 * the grace period) it fails, which the attempt runner records as `agent_error`.
 */
export class McpServeAgent implements Agent {
  readonly name = 'mcp';
  readonly version = VERSION;
  readonly config: Record<string, unknown>;
  readonly secrets: string[];
  /** Bearer token of the HTTP transport (fresh per attempt). */
  readonly token = randomBytes(24).toString('base64url');
  private stdio: StdioHandle | undefined;
  private http: HttpHandle | undefined;

  constructor(private readonly options: McpServeOptions) {
    this.config = options.transport.kind === 'http' ? { transport: 'streamable-http', port: options.transport.port } : { transport: 'stdio' };
    this.secrets = [this.token];
  }

  /** The HTTP endpoint once serving (undefined for stdio). */
  get url(): string | undefined {
    return this.http?.url;
  }

  async run(session: AgentSession): Promise<void> {
    const bridge = new ToolBridge(session);
    const announce = this.options.announce ?? ((line: string) => process.stderr.write(`${line}\n`));
    let disconnected: Promise<void>;
    const t = this.options.transport;
    if (t.kind === 'stdio') {
      this.stdio = await serveStdio(bridge, { stdin: t.stdin, stdout: t.stdout });
      disconnected = this.stdio.disconnected;
    } else {
      try {
        this.http = await serveHttp(bridge, { token: this.token, port: t.port, host: t.host });
      } catch (err) {
        throw new HarnessError('CONFIG_INVALID', `cannot serve MCP on ${t.host ?? '127.0.0.1'}:${t.port}: ${(err as Error).message}`, { cause: err });
      }
      const http = this.http;
      disconnected = new Promise<void>((resolve) => {
        http.onIdle = () => {
          void delay(this.options.disconnectGraceMs ?? 3_000).then(() => {
            if (http.sessions === 0) resolve();
          });
        };
      });
      announce(`crucible mcp: serving task ${session.task.id} at ${http.url}`);
      announce(`crucible mcp: token ${this.token} (send it as "Authorization: Bearer <token>")`);
    }
    const how = await Promise.race([bridge.ended.then(() => 'ended' as const), disconnected.then(() => 'disconnected' as const)]);
    if (how === 'disconnected') {
      await bridge.settled();
      if (!session.ended) throw new Error('the MCP client disconnected without calling submit');
    }
    await delay(FLUSH_MS);
  }

  async close(): Promise<void> {
    await Promise.all([this.stdio?.close(), this.http?.close()]);
  }
}

/** Parses the argument of `mcp:ARG`: empty or `stdio` → stdio; `PORT`, `http` or `http:PORT` → Streamable HTTP. */
export function parseMcpArg(arg: string): McpServeTransport {
  const a = arg.trim();
  if (a === '' || a === 'stdio') return { kind: 'stdio' };
  const m = /^(?:http:?)?(\d*)$/.exec(a);
  const port = m ? Number(m[1] || '0') : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new HarnessError('CONFIG_INVALID', `mcp agent: expected \`mcp\` (stdio), \`mcp:PORT\` or \`mcp-http:PORT\`, got ${JSON.stringify(arg)}`);
  }
  return { kind: 'http', port };
}

/** Factory of `mcp` (stdio; `mcp:PORT` for HTTP): the agent is whoever connects over MCP. */
export const mcpServeAgent: AgentFactory = (ctx: AgentContext) => new McpServeAgent({ transport: parseMcpArg(ctx.arg) });

/** Factory of `mcp-http:PORT` (port 0 or none: any free port, announced on stderr). */
export const mcpHttpServeAgent: AgentFactory = (ctx: AgentContext) => {
  const t = parseMcpArg(ctx.arg || '0');
  return new McpServeAgent({ transport: t.kind === 'http' ? t : { kind: 'http', port: 0 } });
};
