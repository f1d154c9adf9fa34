import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LedgerError } from '../src/errors.js';
import { Paginator, mapPage, type Page } from '../src/pagination.js';

function pagesOf(pages: Array<Page<number>>) {
  const cursors: Array<string | undefined> = [];
  const paginator = new Paginator<number>(async (cursor) => {
    cursors.push(cursor);
    const index = cursor === undefined ? 0 : Number(cursor.slice(1));
    return pages[index]!;
  });
  return { paginator, cursors };
}

describe('Paginator', () => {
  test('iterates items across pages following next cursors', async () => {
    const { paginator, cursors } = pagesOf([
      { data: [1, 2], nextCursor: 'c1' },
      { data: [3], nextCursor: 'c2' },
      { data: [4, 5], nextCursor: null },
    ]);
    const items: number[] = [];
    for await (const n of paginator) items.push(n);
    assert.deepEqual(items, [1, 2, 3, 4, 5]);
    assert.deepEqual(cursors, [undefined, 'c1', 'c2']);
  });

  test('toArray stops fetching once max items are collected', async () => {
    const { paginator, cursors } = pagesOf([
      { data: [1, 2], nextCursor: 'c1' },
      { data: [3, 4], nextCursor: 'c2' },
      { data: [5], nextCursor: null },
    ]);
    assert.deepEqual(await paginator.toArray(3), [1, 2, 3]);
    assert.equal(cursors.length, 2);
    assert.deepEqual(await paginator.toArray(0), []);
  });

  test('pages() yields whole pages including an empty last page', async () => {
    const { paginator } = pagesOf([{ data: [1], nextCursor: 'c1' }, { data: [], nextCursor: null }]);
    const sizes: number[] = [];
    for await (const page of paginator.pages()) sizes.push(page.data.length);
    assert.deepEqual(sizes, [1, 0]);
  });

  test('a cursor returned twice is reported instead of looping forever', async () => {
    const paginator = new Paginator<number>(async () => ({ data: [1], nextCursor: 'same' }));
    await assert.rejects(paginator.toArray(), (err: unknown) => err instanceof LedgerError && /pagination loop/.test(err.message));
  });

  test('mapPage converts items and the snake_case cursor', () => {
    assert.deepEqual(mapPage({ data: [1, 2], next_cursor: 'x' }, (n) => n * 10), { data: [10, 20], nextCursor: 'x' });
  });
});
