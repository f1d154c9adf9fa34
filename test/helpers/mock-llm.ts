import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the mock received. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The Authorization header as sent ('' when absent). */
  authorization: string;
  /** The JSON body (undefined when it was not JSON). */
  body: any;
}

/** One scripted answer. */
export type MockStep =
  /** 200 with a chat completion body ({@link toolReply} and {@link textReply} build these steps). */
  | { completion: Record<string, unknown>; delayMs?: number }
  /** Any status, e.g. `{ status: 429, headers: { 'retry-after': '0.1' } }`; the body defaults to an OpenAI-style error. */
  | { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number }
  /** Closes the connection without answering: a network error. */
  | { hangUp: true }
  /** Decides from the request (e.g. to answer what the previous tool result said). */
  | ((request: RecordedRequest) => MockStep);

/** Options of {@link startMockLlm}. */
export interface MockLlmOptions {
  script: MockStep[];
  /** Answer once the script is used up (default: a 500 saying so). */
  fallback?: MockStep;
  /** When set, requests not carrying `Bearer <apiKey>` get a 401 (no script step used). */
  apiKey?: string;
}

/** A running mock. */
export interface MockLlm {
  /** Base URL to configure, ending in `/v1`. */
  url: string;
  requests: RecordedRequest[];
  /** Chat completion requests answered from the script (not the fallback, not 401s). */
  readonly scriptUsed: number;
  /** Throws unless every request carried `Bearer <key>`. */
  assertKey(key: string): void;
  close(): Promise<void>;
}

let ids = 0;

/** Usage in the shape the API reports it. */
function usageOf(tokens: { prompt: number; completion: number } | undefined): Record<string, number> | undefined {
  return tokens ? { prompt_tokens: tokens.prompt, completion_tokens: tokens.completion, total_tokens: tokens.prompt + tokens.completion } : undefined;
}

/** A scripted tool call: `args` as an object is serialised; as a string it is sent verbatim (even broken JSON). */
export interface ScriptedCall {
  name: string;
  args: string | Record<string, unknown>;
  id?: string;
}

/** A step answering with a chat completion that asks for tool calls. */
export function toolReply(calls: ScriptedCall[], options: { text?: string; tokens?: { prompt: number; completion: number }; model?: string } = {}): { completion: Record<string, unknown> } {
  ids += 1;
  const usage = usageOf(options.tokens ?? { prompt: 100, completion: 20 });
  const completion = {
    id: `chatcmpl-mock-${ids}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: options.model ?? 'mock-model',
    choices: [
      {
        index: 0,
        finish_reason: 'tool_calls',
        message: {
          role: 'assistant',
          content: options.text ?? null,
          tool_calls: calls.map((c, i) => ({
            id: c.id ?? `call_mock_${ids}_${i + 1}`,
            type: 'function',
            function: { name: c.name, arguments: typeof c.args === 'string' ? c.args : JSON.stringify(c.args) },
          })),
        },
      },
    ],
    ...(usage ? { usage } : {}),
  };
  return { completion };
}

/** A step answering with a chat completion holding text only (no tool call). */
export function textReply(text: string, options: { tokens?: { prompt: number; completion: number }; model?: string } = {}): { completion: Record<string, unknown> } {
  ids += 1;
  const usage = usageOf(options.tokens ?? { prompt: 100, completion: 10 });
  const completion = {
    id: `chatcmpl-mock-${ids}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: options.model ?? 'mock-model',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text } }],
    ...(usage ? { usage } : {}),
  };
  return { completion };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * An OpenAI-compatible endpoint on 127.0.0.1 (a free port) that answers POST /v1/chat/completions
 * from a script, one step per request, and records every request (body and Authorization header).
 */
export async function startMockLlm(options: MockLlmOptions): Promise<MockLlm> {
  const requests: RecordedRequest[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { message: `mock LLM failed: ${(err as Error).message}`, type: 'server_error' } });
      else res.destroy();
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization ?? '', body };
    requests.push(recorded);
    if (req.method !== 'POST' || recorded.path !== '/v1/chat/completions') {
      return send(res, 404, { error: { message: `no route ${req.method} ${recorded.path}`, type: 'invalid_request_error' } });
    }
    if (options.apiKey !== undefined && recorded.authorization !== `Bearer ${options.apiKey}`) {
      return send(res, 401, { error: { message: 'Incorrect API key provided: sk-wro***********ong.', type: 'invalid_request_error', code: 'invalid_api_key' } });
    }
    let step: MockStep | undefined = next < options.script.length ? options.script[next++] : options.fallback;
    while (typeof step === 'function') step = step(recorded);
    if (!step) return send(res, 500, { error: { message: 'mock LLM script exhausted', type: 'server_error' } });
    if ('delayMs' in step && step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
    if ('hangUp' in step) {
      req.socket.destroy();
      return;
    }
    if ('completion' in step) return send(res, 200, step.completion);
    return send(res, step.status, step.body ?? { error: { message: `mock status ${step.status}`, type: step.status >= 500 ? 'server_error' : 'invalid_request_error' } }, step.headers);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get scriptUsed() {
      return Math.min(next, options.script.length);
    },
    assertKey(key: string) {
      const wrong = requests.filter((r) => r.authorization !== `Bearer ${key}`);
      if (wrong.length) throw new Error(`${wrong.length} of ${requests.length} request(s) did not carry the expected API key`);
      if (!requests.length) throw new Error('no request was made');
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
