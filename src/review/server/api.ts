import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../agent/http-body.js';
import { REVIEW_ITEMS, ReviewStore, latestVerdicts, type ReviewRecord } from '../../store/reviews.js';
import type { Store } from '../../store/store.js';
import { reviewKey } from '../keys.js';
import { loadMaterial } from '../material.js';
import { VerdictInputSchema, prepareReview, zodProblem } from '../verdict.js';
import { attemptView, identityTokens, redact, reviewView } from '../view.js';
import { reviewPage } from './page.js';

/** Largest request body accepted (a verdict with a long rationale fits many times over). */
const MAX_BODY_BYTES = 64 * 1024;

/** One queued attempt as the page lists it: no attempt id, no agent. */
export interface QueueItemView {
  key: string;
  task: { id: string; kind: string };
  reasons: string[];
  /** Rubric items the asking reviewer has already judged. */
  reviewed: string[];
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(text);
}

function fail(res: ServerResponse, status: number, field: string, message: string): void {
  send(res, status, { error: { field, message } });
}

/**
 * The review server's routes over one results database:
 * - `GET /` — the review page;
 * - `GET /api/queue?reviewer=NAME` — queued attempts by opaque key, ordered by key (which mixes
 *   agents), with the items NAME already judged;
 * - `GET /api/attempts/:key?reviewer=NAME[&unblind=1]` — the attempt view (blind by default);
 * - `POST /api/reviews` — one verdict `{ key, reviewer, item, verdict, rationale, findings?, blind? }`,
 *   validated, then written in its own transaction before the 201 answer; 400 names the field.
 *   `blind: true` is stored as false when this server has served that attempt unblinded to that
 *   reviewer (or to a request naming no reviewer): `blind` records whether the identity was ever
 *   seen, not the page's current toggle.
 * Requests must name this server in `Host` (127.0.0.1 or localhost with its port), which stops
 * DNS-rebinding pages; a POST must be JSON and, when it carries an `Origin`, come from this server.
 */
export class ReviewApi {
  private readonly reviews: ReviewStore;
  /** `reviewer\0key` of every attempt served unblinded since the server started ('' = no reviewer named). */
  private readonly revealed = new Set<string>();

  constructor(private readonly store: Store, private readonly port: () => number) {
    this.reviews = ReviewStore.of(store);
  }

  private allowedHosts(): Set<string> {
    const port = this.port();
    return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  }

  /** Answers one request. Never throws: an unexpected failure is a 500 with its message. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (!this.allowedHosts().has(req.headers.host ?? '')) return fail(res, 403, 'host', `this server only answers requests addressed to ${[...this.allowedHosts()].join(' or ')}`);
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (req.method === 'GET' && url.pathname === '/') return this.page(res);
      // Browsers ask for an icon on their own; an empty answer keeps their console clean.
      if (req.method === 'GET' && url.pathname === '/favicon.ico') return void res.writeHead(204).end();
      if (req.method === 'GET' && url.pathname === '/api/queue') return send(res, 200, { entries: this.queue(url.searchParams.get('reviewer') ?? '') });
      const match = /^\/api\/attempts\/([0-9a-f]{12})$/.exec(url.pathname);
      if (req.method === 'GET' && match) return this.attempt(res, match[1]!, url.searchParams);
      if (req.method === 'POST' && url.pathname === '/api/reviews') return await this.post(req, res);
      if (['/', '/api/queue', '/api/reviews'].includes(url.pathname) || match) return fail(res, 405, 'method', `${req.method} is not allowed on ${url.pathname}`);
      return fail(res, 404, 'path', `no such resource: ${url.pathname}`);
    } catch (err) {
      fail(res, 500, 'server', (err as Error).message);
    }
  }

  private page(res: ServerResponse): void {
    const { html, nonce } = reviewPage();
    send(res, 200, html, { 'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'` });
  }

  /** Attempt id by opaque key, over every attempt of the database. */
  private keys(): Map<string, string> {
    return new Map(this.store.attemptIds().map((id) => [reviewKey(id), id]));
  }

  private queue(reviewer: string): QueueItemView[] {
    const reasons = new Map<string, string[]>();
    for (const q of this.reviews.queue()) reasons.set(q.attemptId, [...(reasons.get(q.attemptId) ?? []), q.reason]);
    const mine = latestVerdicts(this.reviews.all()).filter((r) => r.reviewer === reviewer);
    return [...reasons]
      .flatMap(([id, list]) => {
        const a = this.store.attempt(id);
        if (!a) return [];
        return [{ key: reviewKey(id), task: { id: a.taskId, kind: a.taskKind }, reasons: list, reviewed: REVIEW_ITEMS.filter((item) => mine.some((r) => r.attemptId === id && r.item === item)) }];
      })
      .sort((x, y) => (x.key < y.key ? -1 : 1));
  }

  private attempt(res: ServerResponse, key: string, params: URLSearchParams): void {
    const id = this.keys().get(key);
    const material = id === undefined ? undefined : loadMaterial(this.store, id);
    if (!id || !material) return fail(res, 404, 'key', `no attempt with key ${key}`);
    const reviewer = params.get('reviewer') ?? '';
    const reviews = reviewer ? latestVerdicts(this.reviews.all({ attemptId: id })).filter((r) => r.reviewer === reviewer) : [];
    const reasons = this.reviews.queue().filter((q) => q.attemptId === id).map((q) => q.reason);
    const blind = params.get('unblind') !== '1';
    if (!blind) this.revealed.add(`${reviewer.trim()}\0${key}`);
    send(res, 200, attemptView(material, { blind, reasons, reviews }));
  }

  private async post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin;
    if (origin !== undefined && !this.allowedHosts().has(origin.replace(/^http:\/\//, ''))) return fail(res, 403, 'origin', `requests from ${origin} are refused`);
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return fail(res, 415, 'content-type', 'expected application/json');
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body) return fail(res, 413, '(body)', `expected at most ${MAX_BODY_BYTES} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (err) {
      return fail(res, 400, '(body)', `not JSON: ${(err as Error).message}`);
    }
    const { key, ...rest } = (json && typeof json === 'object' ? json : {}) as { key?: unknown };
    const id = typeof key === 'string' ? this.keys().get(key) : undefined;
    const material = id === undefined ? undefined : loadMaterial(this.store, id);
    if (!material) return fail(res, typeof key === 'string' ? 404 : 400, 'key', typeof key === 'string' ? `no attempt with key ${key}` : 'expected the attempt key as a string');
    const parsed = VerdictInputSchema.safeParse(rest);
    if (!parsed.success) {
      const p = zodProblem(parsed.error);
      return fail(res, 400, p.field, p.message);
    }
    // Once seen, the identity cannot be unseen: the toggle's state at save time is not the truth.
    const seen = this.revealed.has(`${parsed.data.reviewer}\0${key as string}`) || this.revealed.has(`\0${key as string}`);
    const input = seen ? { ...parsed.data, blind: false } : parsed.data;
    const prepared = prepareReview(input, material, { source: 'web' });
    if (!prepared.ok) return fail(res, 400, prepared.problem.field, prepared.problem.message);
    const [record] = this.reviews.add([prepared.review]).records as [ReviewRecord];
    // A blind page gets its verdict back redacted like everything else it shows (references hold real paths).
    const review = record.blind ? redact(reviewView(record), identityTokens(material.attempt)) : reviewView(record);
    send(res, 201, { review });
  }
}
