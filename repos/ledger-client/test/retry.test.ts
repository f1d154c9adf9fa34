import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionError, InvalidResponseError, NotFoundError, RateLimitError, ServerError, TimeoutError } from '../src/errors.js';
import { RetryPolicy, parseRetryAfter } from '../src/retry.js';

const init = (status: number, code: string) => ({ status, code, message: code });
const GET = { method: 'GET', idempotent: true };
const PLAIN_POST = { method: 'POST', idempotent: false };

describe('parseRetryAfter', () => {
  test('parses delta-seconds into milliseconds', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter(' 0 '), 0);
  });

  test('parses HTTP dates relative to now and clamps past dates to zero', () => {
    const now = Date.parse('2024-02-01T10:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Feb 2024 10:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Thu, 01 Feb 2024 09:00:00 GMT', now), 0);
  });

  test('returns null for missing or invalid values', () => {
    assert.equal(parseRetryAfter(null), null);
    assert.equal(parseRetryAfter(''), null);
    assert.equal(parseRetryAfter('soon'), null);
    assert.equal(parseRetryAfter('-1'), null);
  });
});

describe('RetryPolicy decisions', () => {
  const policy = new RetryPolicy({ maxRetries: 2 });

  test('rate limits are retried even for non-idempotent requests', () => {
    assert.equal(policy.shouldRetry(new RateLimitError(init(429, 'rate_limited'), 1000), 1, PLAIN_POST), true);
  });

  test('rate limit asking to wait longer than maxRetryAfterMs is not retried', () => {
    const err = new RateLimitError(init(429, 'rate_limited'), 61_000);
    assert.equal(policy.shouldRetry(err, 1, GET), false);
  });

  test('server errors, timeouts and broken responses are retried only when idempotent', () => {
    const errors = [
      new ServerError(init(503, 'unavailable'), null),
      new TimeoutError(100, 'http://x'),
      new ConnectionError('reset'),
      new InvalidResponseError('bad json', 200, null, '{'),
    ];
    for (const err of errors) {
      assert.equal(policy.shouldRetry(err, 1, GET), true, err.name);
      assert.equal(policy.shouldRetry(err, 1, PLAIN_POST), false, err.name);
    }
    assert.equal(policy.shouldRetry(new ServerError(init(501, 'http_501'), null), 1, GET), false);
  });

  test('client errors are never retried and attempts are capped by maxRetries', () => {
    assert.equal(policy.shouldRetry(new NotFoundError(init(404, 'not_found')), 1, GET), false);
    assert.equal(policy.shouldRetry(new TimeoutError(100, 'http://x'), 2, GET), true);
    assert.equal(policy.shouldRetry(new TimeoutError(100, 'http://x'), 3, GET), false);
  });
});

describe('RetryPolicy delays', () => {
  test('exponential backoff doubles and is capped without jitter', () => {
    const policy = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 500, jitter: false });
    const err = new TimeoutError(1, 'http://x');
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => policy.delayFor(n, err)), [100, 200, 400, 500, 500]);
  });

  test('equal jitter keeps the delay between half and full backoff', () => {
    const low = new RetryPolicy({ baseDelayMs: 400, random: () => 0 });
    const high = new RetryPolicy({ baseDelayMs: 400, random: () => 0.999999 });
    const err = new ConnectionError('x');
    assert.equal(low.delayFor(2, err), 400);
    assert.equal(high.delayFor(2, err), 800);
  });

  test('Retry-After from the server wins over the backoff', () => {
    const policy = new RetryPolicy({ baseDelayMs: 100, jitter: false });
    assert.equal(policy.delayFor(3, new RateLimitError(init(429, 'rate_limited'), 2000)), 2000);
    assert.equal(policy.delayFor(1, new ServerError(init(503, 'unavailable'), 0)), 0);
    assert.equal(policy.delayFor(1, new RateLimitError(init(429, 'rate_limited'), null)), 100);
  });
});
