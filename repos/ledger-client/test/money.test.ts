import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMoney, minorUnitDigits, parseMoney, sumAmounts } from '../src/money.js';

describe('money formatting', () => {
  test('formatMoney uses currency digits and groups thousands', () => {
    assert.equal(formatMoney(123456, 'USD'), '1,234.56 USD');
    assert.equal(formatMoney(5, 'EUR'), '0.05 EUR');
    assert.equal(formatMoney(1500, 'JPY'), '1,500 JPY');
    assert.equal(formatMoney(1234, 'KWD'), '1.234 KWD');
    assert.equal(formatMoney(100000000, 'GBP', { thousandsSeparator: '' }), '1000000.00 GBP');
  });

  test('formatMoney puts the sign before the symbol for negative amounts', () => {
    assert.equal(formatMoney(-2500, 'USD', { symbol: true }), '-$25.00');
    assert.equal(formatMoney(-7, 'EUR'), '-0.07 EUR');
    assert.equal(formatMoney(0, 'JPY', { symbol: true }), '¥0');
    assert.equal(formatMoney(1, 'KWD', { symbol: true }), '0.001 KWD');
  });

  test('formatMoney rejects fractional amounts and unknown currencies', () => {
    assert.throws(() => formatMoney(12.5, 'USD'), RangeError);
    assert.throws(() => formatMoney(100, 'XXX'), /unsupported currency/);
    assert.throws(() => minorUnitDigits('usd'), RangeError);
  });
});

describe('money parsing', () => {
  test('parseMoney converts decimal strings to minor units without float error', () => {
    assert.equal(parseMoney('1,234.56', 'USD'), 123456);
    assert.equal(parseMoney('0.1', 'USD'), 10);
    assert.equal(parseMoney('19.99', 'EUR'), 1999);
    assert.equal(parseMoney(' -5 ', 'USD'), -500);
    assert.equal(parseMoney('1500', 'JPY'), 1500);
    assert.equal(parseMoney('1.5', 'KWD'), 1500);
    assert.equal(parseMoney('-0.00', 'USD'), 0);
  });

  test('parseMoney refuses extra decimals and garbage', () => {
    assert.throws(() => parseMoney('1.234', 'USD'), /at most 2 decimal places/);
    assert.throws(() => parseMoney('1.5', 'JPY'), /at most 0 decimal places/);
    assert.throws(() => parseMoney('12abc', 'USD'), /not a decimal amount/);
    assert.throws(() => parseMoney('', 'USD'), RangeError);
  });

  test('sumAmounts adds same-currency amounts and rejects mixed currencies', () => {
    assert.equal(sumAmounts([{ amount: 100, currency: 'USD' }, { amount: -30, currency: 'USD' }], 'USD'), 70);
    assert.throws(() => sumAmounts([{ amount: 1, currency: 'EUR' }], 'USD'), /cannot add EUR/);
  });
});
