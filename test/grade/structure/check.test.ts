import { describe, expect, it } from 'vitest';

import { checkStructure } from '../../../src/grade/structure/index.js';
import type { StructureResult } from '../../../src/grade/structure/index.js';
import type { StructureAssertion } from '../../../src/task/schema.js';
import { memoryTrees, readFixture } from './helpers.js';

const PRICING = 'src/pricing.ts';
const base = { [PRICING]: readFixture('pricing.base.ts') };
const elided = { [PRICING]: readFixture('pricing.elided.ts') };
const BROKEN = 'export function priceOrder(\n  return 1;\n}\n';
const KNOWN = '.ts, .mts, .cts, .tsx, .js, .mjs, .cjs, .jsx, .py';

/** Runs one assertion against in-memory trees. */
async function check(assertion: StructureAssertion, baseTree: Record<string, string>, finalTree: Record<string, string>): Promise<StructureResult> {
  const [result] = await checkStructure([assertion], memoryTrees(baseTree, finalTree));
  if (result === undefined) throw new Error('no result');
  return result;
}

describe('symbol_present', () => {
  it.each<[string, string, Record<string, string>, boolean, string]>([
    ['a method', 'Cart.total', base, true, '`Cart.total` is a method at lines 46–48 in src/pricing.ts'],
    ['an interface', 'LineItem', base, true, '`LineItem` is an interface at lines 6–10 in src/pricing.ts'],
    ['a one-line arrow function', 'clean', base, true, '`clean` is a function at line 37 in src/pricing.ts'],
    ['a removed function', 'clean', elided, false, '`clean` is missing from src/pricing.ts'],
    ['a method asked for by its bare name', 'total', base, false, '`total` is missing from src/pricing.ts; similar: `Cart.total` (method, lines 46–48)'],
    ['a method of the wrong class', 'Order.add', base, false, '`Order.add` is missing from src/pricing.ts; similar: `Cart.add` (method, lines 42–44)'],
    ['a missing file', 'priceOrder', {}, false, '`priceOrder` is missing: src/pricing.ts does not exist in the final tree'],
    [
      'an unparseable file',
      'priceOrder',
      { [PRICING]: BROKEN },
      false,
      '`priceOrder` cannot be checked: src/pricing.ts in the final tree could not be parsed (syntax error at line 1)',
    ],
  ])('%s', async (_name, symbol, finalTree, passed, detail) => {
    const result = await check({ check: 'symbol_present', file: PRICING, symbol }, {}, finalTree);
    expect(result).toMatchObject({ passed, detail });
  });

  it('points at every declaration of a symbol declared twice', async () => {
    const source = 'export class Box {\n  get size() { return 1; }\n  set size(v) {}\n}\n';
    const result = await check({ check: 'symbol_present', file: 'src/box.ts', symbol: 'Box.size' }, {}, { 'src/box.ts': source });
    expect(result).toEqual({
      assertion: { check: 'symbol_present', file: 'src/box.ts', symbol: 'Box.size' },
      passed: true,
      detail: '`Box.size` is a method at line 2 (and 1 more declaration) in src/box.ts',
      evidence: [
        { file: 'src/box.ts', line: 2, symbol: 'Box.size' },
        { file: 'src/box.ts', line: 3, symbol: 'Box.size' },
      ],
    });
  });

  it('fails on an unsupported language', async () => {
    const result = await check({ check: 'symbol_present', file: 'lib/cart.rb', symbol: 'Cart' }, {}, { 'lib/cart.rb': 'class Cart; end' });
    expect(result).toMatchObject({ passed: false, detail: `\`Cart\` cannot be checked: lib/cart.rb is not in a supported language (${KNOWN})` });
  });

  it('finds Python methods by Class.method', async () => {
    const result = await check({ check: 'symbol_present', file: 'pkg/inventory.py', symbol: 'Inventory.low' }, {}, { 'pkg/inventory.py': readFixture('inventory.final.py') });
    expect(result).toMatchObject({
      passed: true,
      detail: '`Inventory.low` is a method at lines 18–20 in pkg/inventory.py',
      evidence: [{ file: 'pkg/inventory.py', line: 18, symbol: 'Inventory.low' }],
    });
  });
});

describe('symbol_absent', () => {
  it.each<[string, string, Record<string, string>, boolean, string]>([
    ['a removed function', 'clean', elided, true, '`clean` is absent from src/pricing.ts'],
    ['a deleted file', 'clean', {}, true, '`clean` is absent: src/pricing.ts does not exist in the final tree'],
    ['a function still there', 'clean', base, false, '`clean` is still in src/pricing.ts: function at line 37'],
    ['a method still there', 'Cart.add', base, false, '`Cart.add` is still in src/pricing.ts: method at lines 42–44'],
    [
      'an unparseable file',
      'clean',
      { [PRICING]: BROKEN },
      false,
      '`clean` cannot be checked: src/pricing.ts in the final tree could not be parsed (syntax error at line 1)',
    ],
  ])('%s', async (_name, symbol, finalTree, passed, detail) => {
    const result = await check({ check: 'symbol_absent', file: PRICING, symbol }, {}, finalTree);
    expect(result).toMatchObject({ passed, detail });
  });

  it('gives the line of the symbol that should be gone', async () => {
    const result = await check({ check: 'symbol_absent', file: PRICING, symbol: 'clean' }, {}, base);
    expect(result.evidence).toEqual([{ file: PRICING, line: 37, symbol: 'clean' }]);
  });
});

describe('size_preserved', () => {
  const ADD = 'export function add(a, b) { return a + b; }\n';
  const cases: Array<[string, StructureAssertion, Record<string, string>, Record<string, string>, boolean, string]> = [
    [
      'a body moved into a comment',
      { check: 'size_preserved', from: { file: PRICING, symbol: 'priceOrder' }, to: { file: PRICING, symbol: 'priceOrder' }, tolerance: 0.1 },
      base,
      elided,
      false,
      '`priceOrder` in src/pricing.ts has 24 nodes, originally 113 (\u221278.8%, tolerance 10%)',
    ],
    [
      'a function moved into a class in another file',
      {
        check: 'size_preserved',
        from: { file: PRICING, symbol: 'priceOrder' },
        to: { file: 'src/price-calculator.ts', symbol: 'PriceCalculator.price' },
        tolerance: 0.1,
      },
      base,
      { 'src/price-calculator.ts': readFixture('price-calculator.final.ts') },
      true,
      '`PriceCalculator.price` in src/price-calculator.ts has 113 nodes, originally 113 as `priceOrder` in src/pricing.ts (±0.0%, tolerance 10%)',
    ],
    [
      'a Python function renamed with its body commented out',
      { check: 'size_preserved', from: { file: 'pkg/inventory.py', symbol: 'restock' }, to: { file: 'pkg/inventory.py', symbol: 'replenish' }, tolerance: 0.25 },
      { 'pkg/inventory.py': readFixture('inventory.base.py') },
      { 'pkg/inventory.py': readFixture('inventory.final.py') },
      false,
      '`replenish` in pkg/inventory.py has 20 nodes, originally 54 as `restock` in pkg/inventory.py (\u221263.0%, tolerance 25%)',
    ],
    [
      'growth within the tolerance',
      { check: 'size_preserved', from: { file: 'a.js', symbol: 'add' }, to: { file: 'a.js', symbol: 'add' }, tolerance: 0.5 },
      { 'a.js': ADD },
      { 'a.js': 'export function add(a, b) {\n  const s = a + b;\n  return s;\n}\n' },
      true,
      '`add` in a.js has 14 nodes, originally 10 (+40.0%, tolerance 50%)',
    ],
    [
      'a change exactly at the tolerance',
      { check: 'size_preserved', from: { file: 'a.js', symbol: 'add' }, to: { file: 'a.js', symbol: 'add' }, tolerance: 0.1 },
      { 'a.js': ADD },
      { 'a.js': 'export function add(a, b) { return (a + b); }\n' },
      false,
      '`add` in a.js has 11 nodes, originally 10 (+10.0%, tolerance 10%)',
    ],
    [
      'no change with a tolerance of 0',
      { check: 'size_preserved', from: { file: 'a.js', symbol: 'add' }, to: { file: 'a.js', symbol: 'add' }, tolerance: 0 },
      { 'a.js': ADD },
      { 'a.js': '// reformatted\nexport function add(a, b) {\n  return a + b; // sum\n}\n' },
      true,
      '`add` in a.js has 10 nodes, originally 10 (±0.0%, tolerance 0%)',
    ],
    [
      'a getter and setter counted together',
      { check: 'size_preserved', from: { file: 'b.ts', symbol: 'Box.size' }, to: { file: 'b.ts', symbol: 'Box.size' }, tolerance: 0.1 },
      { 'b.ts': 'class Box {\n  get size() { return this.n; }\n  set size(v) { this.n = v; }\n}\n' },
      { 'b.ts': 'class Box {\n  get size() { return this.n; }\n  set size(v) {}\n}\n' },
      false,
      '`Box.size` in b.ts has 14 nodes in 2 declarations, originally 20 (\u221230.0%, tolerance 10%)',
    ],
    [
      'a file missing from the base tree',
      { check: 'size_preserved', from: { file: PRICING, symbol: 'priceOrder' }, to: { file: PRICING, symbol: 'priceOrder' }, tolerance: 0.1 },
      {},
      base,
      false,
      '`priceOrder` cannot be measured: src/pricing.ts does not exist in the base tree',
    ],
    [
      'a symbol missing from the base tree',
      { check: 'size_preserved', from: { file: PRICING, symbol: 'priceOrders' }, to: { file: PRICING, symbol: 'priceOrder' }, tolerance: 0.1 },
      base,
      base,
      false,
      '`priceOrders` cannot be measured: it is not in src/pricing.ts in the base tree',
    ],
    [
      'a file missing from the final tree',
      { check: 'size_preserved', from: { file: PRICING, symbol: 'priceOrder' }, to: { file: PRICING, symbol: 'priceOrder' }, tolerance: 0.1 },
      base,
      {},
      false,
      '`priceOrder` is missing: src/pricing.ts does not exist in the final tree (originally 113 nodes)',
    ],
    [
      'a symbol missing from the final tree',
      { check: 'size_preserved', from: { file: PRICING, symbol: 'clean' }, to: { file: PRICING, symbol: 'clean' }, tolerance: 0.1 },
      base,
      elided,
      false,
      '`clean` is missing from src/pricing.ts in the final tree (originally 19 nodes)',
    ],
    [
      'an unparseable final file',
      { check: 'size_preserved', from: { file: PRICING, symbol: 'priceOrder' }, to: { file: PRICING, symbol: 'priceOrder' }, tolerance: 0.1 },
      base,
      { [PRICING]: BROKEN },
      false,
      '`priceOrder` cannot be measured: src/pricing.ts in the final tree could not be parsed (syntax error at line 1)',
    ],
    [
      'an unparseable base file',
      { check: 'size_preserved', from: { file: PRICING, symbol: 'priceOrder' }, to: { file: PRICING, symbol: 'priceOrder' }, tolerance: 0.1 },
      { [PRICING]: BROKEN },
      base,
      false,
      '`priceOrder` cannot be measured: src/pricing.ts in the base tree could not be parsed (syntax error at line 1)',
    ],
  ];

  it.each(cases)('%s', async (_name, assertion, baseTree, finalTree, passed, detail) => {
    expect(await check(assertion, baseTree, finalTree)).toMatchObject({ passed, detail });
  });

  it('gives the base symbol first, then the final one, as evidence', async () => {
    const result = await check(
      { check: 'size_preserved', from: { file: PRICING, symbol: 'priceOrder' }, to: { file: 'src/price-calculator.ts', symbol: 'PriceCalculator.price' }, tolerance: 0.1 },
      base,
      { 'src/price-calculator.ts': readFixture('price-calculator.final.ts') },
    );
    expect(result.evidence).toEqual([
      { file: PRICING, line: 23, symbol: 'priceOrder' },
      { file: 'src/price-calculator.ts', line: 8, symbol: 'PriceCalculator.price' },
    ]);
  });
});

describe('exports_unchanged', () => {
  const many = Array.from({ length: 12 }, (_, i) => `export const n${String(i).padStart(2, '0')} = ${i};`).join('\n');
  it.each<[string, string[], Record<string, string>, Record<string, string>, boolean, string]>([
    ['the same module', [], base, base, true, 'exports of src/pricing.ts unchanged (9 names)'],
    ['a rename', [], base, elided, false, 'exports of src/pricing.ts changed: removed `clean`, added `normalizeSku`'],
    ['a rename the task allows', ['normalizeSku', 'clean'], base, elided, true, 'exports of src/pricing.ts unchanged (8 names, ignoring `clean` and `normalizeSku`)'],
    [
      'a changed star re-export',
      [],
      { [PRICING]: "export * from './a.js';\nexport const x = 1;\n" },
      { [PRICING]: "export * from './b.js';\nexport const x = 1;\n" },
      false,
      'exports of src/pricing.ts changed: removed `* from ./a.js`, added `* from ./b.js`',
    ],
    [
      'names that became re-exports',
      [],
      { [PRICING]: 'export const a = 1;\nexport function b() {}\n' },
      { [PRICING]: "export { a, b } from './impl.js';\n" },
      true,
      'exports of src/pricing.ts unchanged (2 names)',
    ],
    [
      'several removals',
      [],
      { [PRICING]: 'export const a = 1, b = 2, c = 3, d = 4;\n' },
      { [PRICING]: 'export const d = 4;\n' },
      false,
      'exports of src/pricing.ts changed: removed `a`, `b` and `c`',
    ],
    [
      'more changes than are listed',
      [],
      { [PRICING]: many },
      { [PRICING]: '' },
      false,
      'exports of src/pricing.ts changed: removed `n00`, `n01`, `n02`, `n03`, `n04`, `n05`, `n06`, `n07`, `n08`, `n09` and 2 more',
    ],
    [
      'a deleted file',
      [],
      { [PRICING]: 'export const a = 1;\nexport default a;\n' },
      {},
      false,
      'exports of src/pricing.ts changed: src/pricing.ts does not exist in the final tree (it exported `a` and `default`)',
    ],
    ['a file missing from the base tree', [], {}, base, false, 'exports of src/pricing.ts cannot be compared: src/pricing.ts does not exist in the base tree'],
    [
      'an unparseable final file',
      [],
      base,
      { [PRICING]: BROKEN },
      false,
      'exports of src/pricing.ts cannot be compared: src/pricing.ts in the final tree could not be parsed (syntax error at line 1)',
    ],
  ])('%s', async (_name, except, baseTree, finalTree, passed, detail) => {
    expect(await check({ check: 'exports_unchanged', file: PRICING, except }, baseTree, finalTree)).toMatchObject({ passed, detail });
  });

  it('points removed names at base lines and added names at final lines', async () => {
    const result = await check({ check: 'exports_unchanged', file: PRICING, except: [] }, base, elided);
    expect(result.evidence).toEqual([
      { file: PRICING, line: 37, symbol: 'clean' },
      { file: PRICING, line: 40, symbol: 'normalizeSku' },
    ]);
  });

  it('compares a Python module by its __all__', async () => {
    const result = await check(
      { check: 'exports_unchanged', file: 'pkg/inventory.py', except: [] },
      { 'pkg/inventory.py': readFixture('inventory.base.py') },
      { 'pkg/inventory.py': readFixture('inventory.final.py') },
    );
    expect(result).toMatchObject({
      passed: false,
      detail: 'exports of pkg/inventory.py changed: removed `restock`, added `replenish`',
      evidence: [
        { file: 'pkg/inventory.py', line: 4, symbol: 'restock' },
        { file: 'pkg/inventory.py', line: 4, symbol: 'replenish' },
      ],
    });
  });

  it('compares a Python module without __all__ by its public names', async () => {
    const result = await check(
      { check: 'exports_unchanged', file: 'pkg/util.py', except: [] },
      { 'pkg/util.py': 'def tidy(s):\n    return s\n\ndef _inner():\n    pass\n' },
      { 'pkg/util.py': 'def tidy(s):\n    return _inner(s)\n\ndef _inner(s):\n    return s\n\ndef extra():\n    pass\n' },
    );
    expect(result).toMatchObject({ passed: false, detail: 'exports of pkg/util.py changed: added `extra`' });
  });
});

describe('checkStructure', () => {
  it('returns results in assertion order and reads each file once per tree', async () => {
    const trees = memoryTrees(base, elided);
    const assertions: StructureAssertion[] = [
      { check: 'symbol_absent', file: PRICING, symbol: 'clean' },
      { check: 'symbol_present', file: PRICING, symbol: 'normalizeSku' },
      { check: 'exports_unchanged', file: PRICING, except: ['clean', 'normalizeSku'] },
      { check: 'size_preserved', from: { file: PRICING, symbol: 'Cart' }, to: { file: PRICING, symbol: 'Cart' }, tolerance: 0.1 },
    ];
    const results = await checkStructure(assertions, trees);
    expect(results.map((r) => [r.assertion, r.passed])).toEqual(assertions.map((a) => [a, true]));
    expect(results.map((r) => r.detail)).toEqual([
      '`clean` is absent from src/pricing.ts',
      '`normalizeSku` is a function at line 40 in src/pricing.ts',
      'exports of src/pricing.ts unchanged (8 names, ignoring `clean` and `normalizeSku`)',
      '`Cart` in src/pricing.ts has 60 nodes, originally 60 (±0.0%, tolerance 10%)',
    ]);
    expect([...trees.reads].sort()).toEqual([`base:${PRICING}`, `final:${PRICING}`]);
  });

  it('returns nothing for no assertions', async () => {
    expect(await checkStructure([], memoryTrees({}, {}))).toEqual([]);
  });

  it('passes on a failure to read a tree instead of scoring it against the agent', async () => {
    const trees = {
      base: async () => 'export const a = 1;\n',
      final: async () => {
        throw new Error('sandbox lost');
      },
    };
    await expect(checkStructure([{ check: 'exports_unchanged', file: 'a.ts', except: [] }], trees)).rejects.toThrow('sandbox lost');
  });
});
