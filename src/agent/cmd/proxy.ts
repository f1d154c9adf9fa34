import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessageEvent } from '../../trajectory/schema.js';
import { readBody } from '../http-body.js';

/** USD per million tokens, prompt and completion. */
export interface Price {
  prompt: number;
  completion: number;
}

/** What one metered completion adds to the trajectory. */
export type MeteredMessage = Omit<MessageEvent, 'type' | 'at'>;

/** Options of {@link MeteringProxy}. */
export interface MeteringProxyOptions {
  /** Base URL of the OpenAI-compatible upstream, e.g. `https://api.openai.com/v1`; undefined: every request fails with 502. */
  upstream: string | undefined;
  /** The real API key, added upstream as `Authorization: Bearer …` (never shown to the program). */
  apiKey: string | undefined;
  /** The per-attempt key the program must present (its `OPENAI_API_KEY`). */
  clientKey: string;
  price?: Price;
  /** Called once per completion that came back (2xx with `choices`, `output` or `usage`). */
  record(message: MeteredMessage): void;
  host?: string;
}

/** Most bytes of a request body forwarded. */
const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
/** Most bytes of a response kept for metering (the program still gets all of it). */
const MAX_METERED_BYTES = 16 * 1024 * 1024;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'authorization', 'accept-encoding', 'api-key', 'x-api-key']);
const RESPONSE_DROP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);

/**
 * Reads `price_per_million` from an agent configuration: a number (same price both ways) or
 * `{ prompt | input, completion | output }`. Undefined when absent; throws on anything else.
 */
export function parsePrice(value: unknown): Price | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && value >= 0) return { prompt: value, completion: value };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const prompt = v.prompt ?? v.input;
    const completion = v.completion ?? v.output;
    if (typeof prompt === 'number' && typeof completion === 'number' && prompt >= 0 && completion >= 0) return { prompt, completion };
  }
  throw new Error('price_per_million must be a number or { prompt, completion } (USD per million tokens)');
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : undefined;
}

/** Token counts of an OpenAI-style `usage` (chat: prompt/completion; responses: input/output). */
export function usageTokens(usage: unknown): { prompt: number; completion: number } | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const u = usage as Record<string, unknown>;
  const prompt = num(u.prompt_tokens) ?? num(u.input_tokens);
  const completion = num(u.completion_tokens) ?? num(u.output_tokens);
  if (prompt === undefined && completion === undefined) return undefined;
  return { prompt: prompt ?? 0, completion: completion ?? 0 };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p === 'string' ? p : typeof (p as { text?: unknown })?.text === 'string' ? (p as { text: string }).text : '')).join('');
  return '';
}

/** Text and usage of a non-streamed completion (chat completions, completions, responses). */
export function meterJson(body: unknown): { text: string; tokens?: { prompt: number; completion: number } } | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (!('choices' in b) && !('output' in b) && !('usage' in b)) return undefined;
  let text = '';
  if (Array.isArray(b.choices)) {
    const first = b.choices[0] as { message?: { content?: unknown }; text?: unknown } | undefined;
    text = contentText(first?.message?.content ?? first?.text);
  } else if (typeof b.output_text === 'string') {
    text = b.output_text;
  } else if (Array.isArray(b.output)) {
    text = b.output
      .filter((o) => (o as { type?: string })?.type === 'message')
      .flatMap((o) => ((o as { content?: unknown[] }).content ?? []).map((c) => ((c as { type?: string }).type === 'output_text' ? String((c as { text?: unknown }).text ?? '') : '')))
      .join('');
  }
  const tokens = usageTokens(b.usage);
  return { text, ...(tokens ? { tokens } : {}) };
}

/** Text and usage of a streamed completion (server-sent events of chunks; usage from the chunk that has it). */
export function meterSse(stream: string): { text: string; tokens?: { prompt: number; completion: number } } | undefined {
  let text = '';
  let tokens: { prompt: number; completion: number } | undefined;
  let seen = false;
  for (const line of stream.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (!data || data === '[DONE]') continue;
    let chunk: Record<string, unknown>;
    try {
      chunk = JSON.parse(data) as Record<string, unknown>;
    } catch {
      continue;
    }
    seen = true;
    if (Array.isArray(chunk.choices)) {
      const c = chunk.choices[0] as { delta?: { content?: unknown }; text?: unknown } | undefined;
      text += contentText(c?.delta?.content ?? c?.text);
    }
    if (chunk.type === 'response.output_text.delta' && typeof chunk.delta === 'string') text += chunk.delta;
    const usage = usageTokens(chunk.usage) ?? usageTokens((chunk.response as { usage?: unknown } | undefined)?.usage);
    if (usage) tokens = usage;
  }
  return seen ? { text, ...(tokens ? { tokens } : {}) } : undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function fail(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message, type: 'crucible_proxy_error', code: status } }));
}

/**
 * A metering proxy for an external program's model calls, on 127.0.0.1: forwards
 * OpenAI-compatible requests (`/v1/...`) to the configured upstream with the real key, and
 * records every completion that comes back as an assistant message with its token counts, cost
 * and latency. The program authenticates with a per-attempt dummy key; the real key never
 * leaves Crucible. Streamed chat completions get `stream_options.include_usage` so they can be
 * metered too.
 */
export class MeteringProxy {
  private constructor(
    private readonly http: HttpServer,
    private readonly aborts: AbortController,
    /** `http://127.0.0.1:PORT/v1`: the program's `OPENAI_BASE_URL`. */
    readonly url: string,
  ) {}

  /** Starts listening on a free port of `host` (127.0.0.1). */
  static async start(options: MeteringProxyOptions): Promise<MeteringProxy> {
    const host = options.host ?? '127.0.0.1';
    const aborts = new AbortController();
    const http = createServer((req, res) => {
      forward(options, aborts.signal, req, res).catch((err: unknown) => fail(res, 502, `proxy error: ${(err as Error).message}`));
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, host, () => {
        http.off('error', reject);
        resolve();
      });
    });
    return new MeteringProxy(http, aborts, `http://${host}:${(http.address() as AddressInfo).port}/v1`);
  }

  /** Stops listening and aborts requests in flight. */
  async close(): Promise<void> {
    this.aborts.abort();
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }
}

async function forward(options: MeteringProxyOptions, signal: AbortSignal, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const url = new URL(req.url ?? '/', 'http://proxy');
  if (url.pathname !== '/v1' && !url.pathname.startsWith('/v1/')) return fail(res, 404, 'not found: this proxy serves OpenAI-compatible requests under /v1/');
  const auth = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!auth || !sameSecret(auth[1]!, options.clientKey)) return fail(res, 401, 'invalid API key: use the OPENAI_API_KEY Crucible gave this program');
  if (!options.upstream) return fail(res, 502, 'no upstream model endpoint is configured (set base_url in the agent configuration, or OPENAI_BASE_URL for Crucible)');
  const target = `${options.upstream.replace(/\/+$/, '')}${url.pathname.slice('/v1'.length)}${url.search}`;

  const method = req.method ?? 'GET';
  let body: Buffer | undefined = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req, MAX_REQUEST_BYTES);
  if (method !== 'GET' && method !== 'HEAD' && !body) return fail(res, 413, `request body over ${MAX_REQUEST_BYTES} bytes`);
  if (body && /\/chat\/completions$/.test(url.pathname) && /json/i.test(req.headers['content-type'] ?? 'application/json')) {
    try {
      const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      const so = json.stream_options as Record<string, unknown> | undefined;
      if (json.stream === true && so?.include_usage === undefined) {
        json.stream_options = { ...(so ?? {}), include_usage: true };
        body = Buffer.from(JSON.stringify(json));
      }
    } catch {
      // not JSON: forwarded as is, the upstream will answer.
    }
  }

  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || HOP_BY_HOP.has(k.toLowerCase())) continue;
    headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  }
  if (options.apiKey) headers.set('authorization', `Bearer ${options.apiKey}`);

  let upstream: Response;
  try {
    upstream = await fetch(target, { method, headers, ...(body ? { body } : {}), redirect: 'manual', signal });
  } catch (err) {
    return fail(res, 502, `upstream unreachable: ${(err as Error).message}`);
  }
  const out: Record<string, string> = {};
  upstream.headers.forEach((v, k) => {
    if (!RESPONSE_DROP.has(k.toLowerCase())) out[k] = v;
  });
  res.writeHead(upstream.status, out);
  const kept: Buffer[] = [];
  let keptBytes = 0;
  if (upstream.body) {
    const reader = upstream.body.getReader();
    res.once('close', () => {
      if (!res.writableFinished) reader.cancel().catch(() => {});
    });
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch {
        res.destroy();
        return;
      }
      if (chunk.done) break;
      const buf = Buffer.from(chunk.value);
      if (keptBytes + buf.length <= MAX_METERED_BYTES) {
        kept.push(buf);
        keptBytes += buf.length;
      }
      if (!res.write(buf)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
    }
  }
  res.end();
  if (upstream.status < 200 || upstream.status >= 300) return;
  const text = Buffer.concat(kept).toString('utf8');
  const contentType = upstream.headers.get('content-type') ?? '';
  let metered: ReturnType<typeof meterJson>;
  if (contentType.includes('text/event-stream')) metered = meterSse(text);
  else {
    try {
      metered = meterJson(JSON.parse(text));
    } catch {
      metered = undefined;
    }
  }
  if (!metered) return;
  const price = options.price;
  options.record({
    role: 'assistant',
    text: metered.text,
    ...(metered.tokens ? { tokens: metered.tokens } : {}),
    ...(metered.tokens && price ? { costUsd: (metered.tokens.prompt * price.prompt + metered.tokens.completion * price.completion) / 1_000_000 } : {}),
    latencyMs: Date.now() - started,
  });
}
