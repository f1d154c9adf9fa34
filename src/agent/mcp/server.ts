import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, GetPromptRequestSchema, isInitializeRequest, ListPromptsRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult, GetPromptResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolResponse } from '../../tools/dispatcher.js';
import { toolSpecs } from '../../tools/registry.js';
import { VERSION } from '../../version.js';
import type { AgentSession, TaskBrief } from '../types.js';
import { readBody } from '../http-body.js';

/** Name of the prompt holding the task's instructions. */
export const TASK_PROMPT = 'task';

/** Path of the Streamable HTTP endpoint. */
export const MCP_PATH = '/mcp';

/** Most bytes of one JSON-RPC POST body. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Most MCP sessions open at once on one HTTP server. */
const MAX_SESSIONS = 32;

/** The MCP server's `instructions`: how the tools work, then the task itself. */
export function serverInstructions(task: TaskBrief): string {
  return [
    'You are working on a software task in a repository checked out at /workspace inside a sandbox.',
    'Use the tools of this server to read, search, change and test the code; paths are relative to the repository root.',
    'Every call is recorded. When you are done, call `submit` with a summary of what you changed and whether the tests pass',
    '(or with cannotComply: true and a reason if the task cannot be done): the attempt ends there and the final diff is graded.',
    `The attempt also ends when a step or time limit is reached; after that every call answers "the attempt has ended".`,
    '',
    `Task ${task.id} (${task.kind}):`,
    '',
    task.instructions.trimEnd(),
  ].join('\n');
}

/** The MCP result of a tool call: the dispatcher's response as JSON text (and structured), `isError` when it failed. */
export function toolResult(response: ToolResponse): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(response) }],
    structuredContent: response as unknown as Record<string, unknown>,
    ...(response.ok ? {} : { isError: true }),
  };
}

/** Crucible's tools as MCP tools: name, description and the JSON Schema of the arguments. */
export function mcpTools(): Tool[] {
  return toolSpecs().map((t) => ({ name: t.name, description: t.description, inputSchema: t.parameters as Tool['inputSchema'] }));
}

/**
 * Joins MCP clients to one attempt's session. Calls are run one at a time, in arrival order (so
 * each call's recorded file changes are its own), and `ended` resolves once the attempt is over:
 * after the call that submitted or hit a limit, or when the session is aborted (wall time).
 */
export class ToolBridge {
  /** Resolves when the attempt is over (submit, a limit, abort). */
  readonly ended: Promise<void>;
  readonly instructions: string;
  private queue: Promise<unknown> = Promise.resolve();
  private finish!: () => void;
  private done = false;

  constructor(readonly session: AgentSession) {
    this.instructions = serverInstructions(session.task);
    this.ended = new Promise<void>((resolve) => {
      this.finish = () => {
        this.done = true;
        resolve();
      };
    });
    if (session.signal.aborted || session.ended) this.finish();
    else session.signal.addEventListener('abort', () => this.finish(), { once: true });
  }

  /** True once {@link ended} has resolved. */
  get isEnded(): boolean {
    return this.done;
  }

  /** Resolves once every call received so far has been answered. */
  settled(): Promise<void> {
    return this.queue.then(
      () => {},
      () => {},
    );
  }

  /** Runs one tool call through the session (after the calls before it); never throws. */
  call(name: string, args: unknown): Promise<ToolResponse> {
    const run = this.queue.then(async (): Promise<ToolResponse> => {
      try {
        return await this.session.call(name, args ?? {});
      } catch (err) {
        return { ok: false, error: { type: 'unknown', message: (err as Error).message } };
      }
    });
    this.queue = run;
    return run.then((response) => {
      if (this.session.ended) this.finish();
      return response;
    });
  }
}

/**
 * A new MCP server on a bridge: every Crucible tool (listTools), each call forwarded to the
 * session as sent, the task's instructions as `instructions` and as the prompt `task`.
 *
 * The low-level `Server` is used on purpose rather than `McpServer`: `McpServer` validates
 * arguments against the schema (and fills defaults) before the handler runs, whereas the
 * dispatcher must see the arguments exactly as the client sent them, so that an invalid call is
 * recorded as one and answered with an `invalid_args` error like for every other agent.
 */
export function createMcpServer(bridge: ToolBridge): Server {
  const server = new Server({ name: 'crucible', version: VERSION }, { capabilities: { tools: {}, prompts: {} }, instructions: bridge.instructions });
  const tools = mcpTools();
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => toolResult(await bridge.call(request.params.name, request.params.arguments ?? {})));
  server.setRequestHandler(ListPromptsRequestSchema, () => ({
    prompts: [{ name: TASK_PROMPT, description: `The task of this attempt (${bridge.session.task.id}): what to do, as a user would ask it` }],
  }));
  server.setRequestHandler(GetPromptRequestSchema, (request): GetPromptResult => {
    if (request.params.name !== TASK_PROMPT) throw new Error(`unknown prompt ${JSON.stringify(request.params.name)}; prompts: ${TASK_PROMPT}`);
    return {
      description: `Task ${bridge.session.task.id}`,
      messages: [{ role: 'user', content: { type: 'text', text: bridge.session.task.instructions } }],
    };
  });
  return server;
}

/** A running stdio server. */
export interface StdioHandle {
  /** Resolves when the client closes its end (stdin ends) or the server is closed. */
  readonly disconnected: Promise<void>;
  close(): Promise<void>;
}

/** Serves the bridge over stdio (default: this process's stdin and stdout). */
export async function serveStdio(bridge: ToolBridge, io: { stdin?: Readable; stdout?: Writable } = {}): Promise<StdioHandle> {
  const stdin = io.stdin ?? process.stdin;
  const stdout = io.stdout ?? process.stdout;
  const server = createMcpServer(bridge);
  let disconnect!: () => void;
  const disconnected = new Promise<void>((resolve) => (disconnect = resolve));
  const onEnd = () => disconnect();
  stdin.once('end', onEnd);
  stdin.once('close', onEnd);
  server.onclose = onEnd;
  await server.connect(new StdioServerTransport(stdin, stdout));
  return {
    disconnected,
    async close() {
      stdin.off('end', onEnd);
      stdin.off('close', onEnd);
      await server.close().catch(() => {});
      disconnect();
    },
  };
}

/** A running Streamable HTTP server. */
export interface HttpHandle {
  /** `http://127.0.0.1:PORT/mcp`. */
  readonly url: string;
  readonly port: number;
  /** MCP sessions open now. */
  readonly sessions: number;
  /** Called whenever the last open session is closed (DELETE by the client). */
  onIdle?: () => void;
  close(): Promise<void>;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function jsonError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: status === 401 ? -32001 : -32000, message }, id: null }));
}

/** True when the request carries `Authorization: Bearer <token>`. */
export function hasBearer(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return !!m && sameSecret(m[1]!, token);
}

/**
 * Serves the bridge over Streamable HTTP on `host` (127.0.0.1) at `/mcp`. Every request must
 * carry `Authorization: Bearer <token>` (else 401). Each `initialize` opens a new MCP session
 * (a client may reconnect); all sessions drive the same attempt.
 */
export async function serveHttp(bridge: ToolBridge, options: { token: string; port?: number; host?: string }): Promise<HttpHandle> {
  const host = options.host ?? '127.0.0.1';
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: Server }>();
  let api: HttpHandle | undefined;
  const closeSession = (id: string) => {
    if (!sessions.delete(id)) return;
    if (sessions.size === 0) api?.onIdle?.();
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (!hasBearer(req, options.token)) {
      jsonError(res, 401, 'Unauthorized: send the attempt token as `Authorization: Bearer <token>`', { 'www-authenticate': 'Bearer realm="crucible"' });
      return;
    }
    if (url.pathname !== MCP_PATH) {
      jsonError(res, 404, `not found: the MCP endpoint is ${MCP_PATH}`);
      return;
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (req.method === 'POST') {
      const body = await readBody(req, MAX_BODY_BYTES);
      if (!body) return jsonError(res, 413, `request body over ${MAX_BODY_BYTES} bytes`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return jsonError(res, 400, 'Parse error: the body is not JSON');
      }
      if (existing) return existing.transport.handleRequest(req, res, parsed);
      if (sessionId !== undefined) return jsonError(res, 404, 'Session not found: initialize a new session');
      if (!isInitializeRequest(parsed)) return jsonError(res, 400, 'Bad Request: no valid session id; send initialize first');
      if (sessions.size >= MAX_SESSIONS) return jsonError(res, 503, `too many open sessions (${MAX_SESSIONS})`);
      const server = createMcpServer(bridge);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: true,
        onsessioninitialized: (id) => {
          sessions.set(id, { transport, server });
        },
      });
      server.onclose = () => {
        if (transport.sessionId) closeSession(transport.sessionId);
      };
      await server.connect(transport);
      return transport.handleRequest(req, res, parsed);
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      if (!existing) return jsonError(res, sessionId === undefined ? 400 : 404, sessionId === undefined ? 'Bad Request: missing mcp-session-id' : 'Session not found');
      return existing.transport.handleRequest(req, res);
    }
    res.writeHead(405, { allow: 'GET, POST, DELETE' }).end();
  };

  const http: HttpServer = createServer((req, res) => {
    handler(req, res).catch((err: unknown) => jsonError(res, 500, `internal error: ${(err as Error).message}`));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  api = {
    url: `http://${host}:${port}${MCP_PATH}`,
    port,
    get sessions() {
      return sessions.size;
    },
    close(): Promise<void> {
      closed ??= (async () => {
        if (api) api.onIdle = undefined;
        const open = [...sessions.values()];
        sessions.clear();
        await Promise.all(open.map((s) => s.server.close().catch(() => {})));
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
      })();
      return closed;
    },
  };
  return api;
}
