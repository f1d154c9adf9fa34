import { LedgerError } from './errors.js';

export interface Page<T> {
  data: T[];
  /** Cursor of the next page, or null on the last page. */
  nextCursor: string | null;
}

/** Wire format of a list response. */
export interface RawPage<R> {
  data: R[];
  next_cursor: string | null;
}

export type PageFetcher<T> = (cursor: string | undefined) => Promise<Page<T>>;

/**
 * Lazily walks a cursor-paginated collection. Iterate it with `for await`,
 * walk whole pages with `pages()`, or collect with `toArray()`.
 */
export class Paginator<T> implements AsyncIterable<T> {
  constructor(private readonly fetchPage: PageFetcher<T>) {}

  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let cursor: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.fetchPage(cursor);
      yield page;
      if (page.nextCursor === null || page.nextCursor === '') return;
      if (seen.has(page.nextCursor)) {
        throw new LedgerError(`pagination loop: cursor ${page.nextCursor} was returned twice`);
      }
      seen.add(page.nextCursor);
      cursor = page.nextCursor;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) {
      yield* page.data;
    }
  }

  /** Collect items, stopping after `max` items if given. */
  async toArray(max: number = Infinity): Promise<T[]> {
    const items: T[] = [];
    if (max <= 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= max) break;
    }
    return items;
  }
}

export function mapPage<R, T>(raw: RawPage<R>, map: (item: R) => T): Page<T> {
  return { data: raw.data.map(map), nextCursor: raw.next_cursor ?? null };
}
