import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from '../../store/store.js';
import { ReviewApi } from './api.js';

/** The loopback address the review server binds to; it never listens on another interface. */
export const REVIEW_HOST = '127.0.0.1';

/** A running review server. */
export interface ReviewServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  /** The underlying server (for tests that inspect the bound address). */
  server: Server;
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts the review page and API for a results database on 127.0.0.1 (port 0 = any free one).
 * The store stays owned by the caller: closing the server does not close it.
 */
export async function startReviewServer(store: Store, options: { port?: number } = {}): Promise<ReviewServer> {
  let port = 0;
  const api = new ReviewApi(store, () => port);
  const server = createServer((req, res) => void api.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, REVIEW_HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${REVIEW_HOST}:${port}/`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
