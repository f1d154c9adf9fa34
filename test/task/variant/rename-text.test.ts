import { describe, expect, it } from 'vitest';
import { hasWord, renameDeep, renameText } from '../../../src/task/variant/rename.js';
import { reservedNames, splitWords, synonymName } from '../../../src/task/variant/rename-words.js';

const fixed = () => 0;

describe('renameText', () => {
  const mapping = new Map([['clean', 'scrub'], ['OrderService', 'PurchaseManager']]);

  it('replaces whole identifiers only', () => {
    expect(renameText('clean(x); cleaner(x); x.clean; unclean; clean_up; $clean; "clean"', mapping)).toBe('scrub(x); cleaner(x); x.scrub; unclean; clean_up; $clean; "scrub"');
  });

  it('keeps a patch applicable: context, removed and added lines change like the file', () => {
    const patch = '@@ -1,2 +1,2 @@ class OrderService {\n const a = clean(b);\n-  return clean(c);\n+  return clean(c.trim());\n';
    expect(renameText(patch, mapping)).toBe('@@ -1,2 +1,2 @@ class PurchaseManager {\n const a = scrub(b);\n-  return scrub(c);\n+  return scrub(c.trim());\n');
  });

  it('renameDeep rewrites every string of a task fragment', () => {
    expect(renameDeep({ ids: ['OrderService > clean works'], n: 3, nested: { s: 'clean' } }, mapping)).toEqual({ ids: ['PurchaseManager > scrub works'], n: 3, nested: { s: 'scrub' } });
    expect(hasWord('a.clean()', 'clean')).toBe(true);
    expect(hasWord('cleanly', 'clean')).toBe(false);
  });
});

describe('synonymName', () => {
  it.each([
    ['clean', 'scrub'],
    ['normalizeSku', 'canonicalizeCode'],
    ['OrderService', 'PurchaseManager'],
    ['parse_duration', 'decode_duration'],
    ['SKU_PATTERN', 'CODE_PATTERN'],
    ['pad2', 'corePad2'],
    ['Widget', 'CoreWidget'],
    ['xyz_thing', 'core_xyz_thing'],
  ])('%s → %s (casing kept)', (from, to) => {
    expect(synonymName(from, fixed)).toBe(to);
  });

  it('splits identifiers into words', () => {
    expect(splitWords('parseHTTPHeader')).toEqual(['parse', 'HTTP', 'Header']);
    expect(splitWords('is_leap_year')).toEqual(['is', 'leap', 'year']);
  });
});

describe('reservedNames', () => {
  it('reserves keywords, prototype members, Python builtins and exports of imported Node modules', () => {
    const reserved = reservedNames(['node:http', 'node:fs/promises', './local.js']);
    for (const n of ['trim', 'toUpperCase', 'forEach', 'createServer', 'request', 'readFile', 'isinstance', 'assertEqual', 'describe']) expect(reserved.has(n)).toBe(true);
    expect(reserved.has('checkCoupon')).toBe(false);
    expect(reservedNames([]).has('createServer')).toBe(false);
  });
});
