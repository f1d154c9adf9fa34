import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../src/clock.js';
import { EventLog } from '../src/events.js';
import { InMemoryRepository } from '../src/repository.js';

describe('EventLog', () => {
  test('assigns gap-free sequence numbers and clock timestamps', () => {
    const clock = manualClock('2024-05-01T00:00:00Z');
    const log = new EventLog(clock);
    log.append('a.one', 'X');
    clock.advance(1500);
    const second = log.append('a.two', 'Y', { n: 1 });
    assert.equal(second.seq, 2);
    assert.equal(second.at, '2024-05-01T00:00:01.500Z');
    assert.deepEqual(log.all().map((e) => e.seq), [1, 2]);
  });

  test('type wildcards match a whole family but not look-alike prefixes', () => {
    const log = new EventLog(manualClock('2024-05-01T00:00:00Z'));
    log.append('order.created', 'O1');
    log.append('orders.archived', 'O1');
    log.append('order', 'O1');
    log.append('order.cancelled', 'O1');
    assert.deepEqual(log.ofType('order.*').map((e) => e.type), ['order.created', 'order.cancelled']);
    assert.equal(log.ofType('order').length, 1);
  });

  test('since returns only events strictly after the given sequence number', () => {
    const log = new EventLog(manualClock('2024-05-01T00:00:00Z'));
    for (const t of ['a', 'b', 'c']) log.append(t, 'X');
    assert.deepEqual(log.since(1).map((e) => e.type), ['b', 'c']);
    assert.deepEqual(log.since(0).length, 3);
    assert.deepEqual(log.since(3), []);
  });

  test('subscribers are notified until they unsubscribe and events are frozen', () => {
    const log = new EventLog(manualClock('2024-05-01T00:00:00Z'));
    const seen: string[] = [];
    const unsubscribe = log.subscribe((e) => seen.push(e.type));
    log.append('first', 'X', { qty: 1 });
    unsubscribe();
    log.append('second', 'X');
    assert.deepEqual(seen, ['first']);
    const [first] = log.all();
    assert.ok(Object.isFrozen(first));
    assert.ok(Object.isFrozen(first?.data));
  });

  test('audit trail lines include sequence, timestamp, type and data', () => {
    const log = new EventLog(manualClock('2024-05-01T00:00:00Z'));
    log.append('order.created', 'O1', { lines: 2 });
    log.append('order.created', 'O2');
    assert.deepEqual(log.auditTrail('O1'), ['#1 2024-05-01T00:00:00.000Z order.created {"lines":2}']);
  });
});

describe('InMemoryRepository', () => {
  interface Doc {
    id: string;
    tags: string[];
  }

  test('rejects duplicate ids and unknown lookups', () => {
    const repo = new InMemoryRepository<Doc>();
    repo.insert({ id: 'a', tags: [] });
    assert.throws(() => repo.insert({ id: 'a', tags: [] }), { code: 'DUPLICATE' });
    assert.throws(() => repo.get('b'), { code: 'NOT_FOUND' });
    assert.equal(repo.find('b'), undefined);
    assert.equal(repo.size, 1);
  });

  test('a throwing update leaves the stored entity untouched', () => {
    const repo = new InMemoryRepository<Doc>();
    repo.insert({ id: 'a', tags: ['x'] });
    assert.throws(() =>
      repo.update('a', (d) => {
        d.tags.push('y');
        throw new Error('boom');
      }),
    );
    assert.deepEqual(repo.get('a').tags, ['x']);
    assert.throws(() => repo.update('a', (d) => (d.id = 'b')), { code: 'VALIDATION' });
  });

  test('inserted values are copied so later caller mutations are not stored', () => {
    const repo = new InMemoryRepository<Doc>();
    const doc = { id: 'a', tags: ['x'] };
    repo.insert(doc);
    doc.tags.push('y');
    assert.deepEqual(repo.get('a').tags, ['x']);
    assert.equal(repo.size, 1);
  });
});
