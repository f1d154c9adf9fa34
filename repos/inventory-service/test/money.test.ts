import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allocate, divRound, formatCents, parseCents, percentOf } from '../src/money.js';

describe('divRound', () => {
  test('rounds halves away from zero in both directions and never returns -0', () => {
    assert.equal(divRound(5, 2), 3);
    assert.equal(divRound(7, 2), 4);
    assert.equal(divRound(4, 3), 1);
    assert.equal(divRound(-5, 2), -3);
    assert.equal(divRound(5, -2), -3);
    assert.ok(Object.is(divRound(-1, 3), 0));
  });

  test('throws on division by zero', () => {
    assert.throws(() => divRound(1, 0), RangeError);
  });
});

describe('percentOf', () => {
  test('applies basis points with half-up rounding', () => {
    assert.equal(percentOf(1999, 2000), 400);
    assert.equal(percentOf(250, 500), 13);
    assert.equal(percentOf(0, 2000), 0);
    assert.throws(() => percentOf(10.5, 100), RangeError);
  });
});

describe('allocate', () => {
  test('parts always sum to the total with leftovers to the earliest buckets', () => {
    assert.deepEqual(allocate(100, [1, 1, 1]), [34, 33, 33]);
  });

  test('gives leftover cents to the largest remainders', () => {
    assert.deepEqual(allocate(10, [1, 2, 3]), [2, 3, 5]);
    assert.deepEqual(allocate(1000, [500, 300, 200]), [500, 300, 200]);
  });

  test('zero weights receive nothing and a non-zero total needs some weight', () => {
    assert.deepEqual(allocate(7, [0, 3, 0, 4]), [0, 3, 0, 4]);
    assert.deepEqual(allocate(0, [0, 0]), [0, 0]);
    assert.throws(() => allocate(5, [0, 0]), RangeError);
  });

  test('negative totals mirror positive allocation', () => {
    assert.deepEqual(allocate(-100, [1, 1, 1]), [-34, -33, -33]);
  });
});

describe('formatCents and parseCents', () => {
  test('formats with thousands separators and a leading minus', () => {
    assert.equal(formatCents(123456), '$1,234.56');
    assert.equal(formatCents(-5), '-$0.05');
    assert.equal(formatCents(0), '$0.00');
  });

  test('parses up to two decimals and rejects anything else', () => {
    assert.equal(parseCents('12'), 1200);
    assert.equal(parseCents('12.5'), 1250);
    assert.equal(parseCents(' 0.05 '), 5);
    assert.equal(parseCents('-0.05'), -5);
    assert.throws(() => parseCents('1.234'), RangeError);
    assert.throws(() => parseCents('abc'), RangeError);
    assert.throws(() => parseCents(''), RangeError);
  });
});
