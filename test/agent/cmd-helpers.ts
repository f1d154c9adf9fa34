import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stub upstream received. */
export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | undefined;
}

/**
 * A tiny OpenAI-compatible upstream on 127.0.0.1: `POST /v1/chat/completions` answers one
 * completion ("stub answer", 12 prompt / 5 completion tokens), streamed as server-sent events
 * when asked (with the usage chunk only when `stream_options.include_usage` is set). Answers 401
 * unless the request carries `Authorization: Bearer <key>`.
 */
export async function stubUpstream(key: string): Promise<{ base: string; requests: StubRequest[]; close(): Promise<void> }> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.headers.authorization !== `Bearer ${key}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'bad key' } }));
        return;
      }
      if (req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'no such route' } }));
        return;
      }
      const usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 };
      if (body?.stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunk = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
        chunk({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: 'stub ' } }] });
        chunk({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'answer' }, finish_reason: 'stop' }] });
        if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) chunk({ id: 'c1', object: 'chat.completion.chunk', choices: [], usage });
        res.end('data: [DONE]\n\n');
        return;
      }
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({ id: 'c1', object: 'chat.completion', model: body?.model, choices: [{ index: 0, message: { role: 'assistant', content: 'stub answer' }, finish_reason: 'stop' }], usage }),
        );
      }, 20);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
