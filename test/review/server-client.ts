import { startReviewServer, type ReviewServer } from '../../src/review/server/server.js';
import { Store } from '../../src/store/index.js';

/** A review server over one results database, with the small HTTP client the tests need. */
export interface ServerClient {
  store: Store;
  server: ReviewServer;
  /** GET a path; the body parsed as JSON, plus the raw text (for "this string must not appear" checks). */
  get(path: string): Promise<{ status: number; text: string; body: any }>;
  /** POST a verdict as the page does. */
  post(body: Record<string, unknown>): Promise<{ status: number; text: string; body: any }>;
  close(): Promise<void>;
}

async function read(res: Response): Promise<{ status: number; text: string; body: any }> {
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) };
}

/** Opens the database and starts a review server on it (port 0). */
export async function serve(db: string): Promise<ServerClient> {
  const store = Store.open(db);
  const server = await startReviewServer(store);
  return {
    store,
    server,
    get: async (p) => read(await fetch(new URL(p, server.url))),
    post: async (body) => read(await fetch(new URL('/api/reviews', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })),
    close: async () => {
      await server.close();
      store.close();
    },
  };
}
