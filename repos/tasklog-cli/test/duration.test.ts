import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatHours, parseDuration, roundMinutes } from '../src/duration.js';
import { UsageError } from '../src/errors.js';

describe('parseDuration', () => {
  test('plain numbers and minute units are minutes', () => {
    assert.equal(parseDuration('90'), 90);
    assert.equal(parseDuration('90m'), 90);
    assert.equal(parseDuration(' 90 min '), 90);
    assert.equal(parseDuration('45 minutes'), 45);
  });

  test('combines hours and minutes with or without spaces and a trailing bare number', () => {
    assert.equal(parseDuration('1h30m'), 90);
    assert.equal(parseDuration('1h 30m'), 90);
    assert.equal(parseDuration('1h30'), 90);
    assert.equal(parseDuration('2 hours 15 minutes'), 135);
    assert.equal(parseDuration('2H'), 120);
  });

  test('fractional hours round half up to whole minutes', () => {
    assert.equal(parseDuration('1.5h'), 90);
    assert.equal(parseDuration('1.25h'), 75);
    assert.equal(parseDuration('0.1h'), 6);
    assert.equal(parseDuration('1.01h'), 61);
    assert.equal(parseDuration('2.675h'), 161);
  });

  test('accepts h:mm and rejects minutes of 60 or more', () => {
    assert.equal(parseDuration('1:30'), 90);
    assert.equal(parseDuration('0:05'), 5);
    assert.equal(parseDuration('10:00'), 600);
    assert.throws(() => parseDuration('1:75'), UsageError);
    assert.throws(() => parseDuration('1:60'), UsageError);
  });

  test('rejects empty, unknown, repeated, out-of-order and fractional-minute input', () => {
    for (const bad of ['', '   ', 'abc', 'h', '1x', '1m1h', '1h1h', '30m 20m', '1.5m', '30 20', '1.5']) {
      assert.throws(() => parseDuration(bad), UsageError, `expected "${bad}" to be rejected`);
    }
  });
});

describe('formatDuration', () => {
  test('uses the shortest form', () => {
    assert.equal(formatDuration(0), '0m');
    assert.equal(formatDuration(45), '45m');
    assert.equal(formatDuration(60), '1h');
    assert.equal(formatDuration(90), '1h30m');
    assert.equal(formatDuration(1505), '25h5m');
  });

  test('rejects negative and fractional minutes', () => {
    assert.throws(() => formatDuration(-1), RangeError);
    assert.throws(() => formatDuration(1.5), RangeError);
  });

  test('parsing a formatted duration gives back the same minutes', () => {
    for (let minutes = 0; minutes <= 1500; minutes += 7) {
      assert.equal(parseDuration(formatDuration(minutes)), minutes);
    }
  });

  test('formatHours shows two decimals', () => {
    assert.equal(formatHours(90), '1.50');
    assert.equal(formatHours(5), '0.08');
    assert.equal(formatHours(0), '0.00');
  });
});

describe('roundMinutes', () => {
  test('rounds to the nearest step with the midpoint going up', () => {
    assert.equal(roundMinutes(7, 15), 0);
    assert.equal(roundMinutes(8, 15), 15);
    assert.equal(roundMinutes(22, 15), 15);
    assert.equal(roundMinutes(23, 15), 30);
    assert.equal(roundMinutes(5, 10), 10);
    assert.equal(roundMinutes(0, 15), 0);
  });

  test('a step of one leaves minutes unchanged', () => {
    assert.equal(roundMinutes(37, 1), 37);
  });
});
