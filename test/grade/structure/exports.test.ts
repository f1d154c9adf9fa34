import { describe, expect, it } from 'vitest';

import { exportedApi } from '../../../src/grade/structure/index.js';
import { dedent, readFixture } from './helpers.js';

describe('exportedApi: TypeScript and JavaScript', () => {
  it.each([
    ['declarations', 'export function f() {}\nexport class C {}\nexport interface I {}\nexport type T = 1;\nexport enum E { A }\n', ['C', 'E', 'I', 'T', 'f']],
    ['every declarator and destructured name', 'export const a = 1, b = 2;\nexport let { c, d: [e] } = obj;\n', ['a', 'b', 'c', 'e']],
    ['local export lists with renames', 'const a = 1;\nconst b = 2;\nexport { a, b as renamed };\n', ['a', 'renamed']],
    ['a string alias', 'const a = 1;\nexport { a as "kebab-name" };\n', ['kebab-name']],
    ['type-only export lists', 'type T = 1;\nexport { type T };\nexport type { U } from "./u.js";\n', ['T', 'U']],
    ['default declarations', 'export default function main() {}\n', ['default']],
    ['default expressions', 'export default { a: 1 };\n', ['default']],
    ['default by name', 'const x = 1;\nexport default x;\n', ['default']],
    ['renamed to default', 'const x = 1;\nexport { x as default };\n', ['default']],
    ['named re-exports', "export { x, y as z } from './y.js';\nexport { default as Y } from './y.js';\n", ['Y', 'x', 'z']],
    ['star re-exports', "export * from './y.js';\nexport * from \"./z.js\";\n", ['* from ./y.js', '* from ./z.js']],
    ['namespace re-exports', "export * as helpers from './helpers.js';\n", ['helpers']],
    ['ambient declarations and namespaces', 'export declare const v: number;\nexport declare function f(): void;\nexport namespace N {}\n', ['N', 'f', 'v']],
    ['export assignment', 'function f() {}\nexport = f;\n', ['default']],
    ['overloads once', 'export function f(a: string): void;\nexport function f(a: number): void;\nexport function f(a: unknown) {}\n', ['f']],
    ['nothing for a script', 'const a = 1;\nfunction f() {}\n', []],
  ])('%s', async (_name, source, expected) => {
    expect(await exportedApi('src/mod.ts', source)).toEqual(expected);
  });

  it.each([
    ['exports.x and module.exports.y', 'exports.x = 1;\nmodule.exports.y = function () {};\n', ['x', 'y']],
    ['module.exports object', "module.exports = { a, b: 1, 'c-d': 2, m() {} };\n", ['a', 'b', 'c-d', 'm']],
    ['module.exports value', 'module.exports = class Queue {};\n', ['default']],
    ['ESM in JavaScript', 'export const a = 1;\nexport default a;\n', ['a', 'default']],
  ])('CommonJS and ESM in .js: %s', async (_name, source, expected) => {
    expect(await exportedApi('lib/mod.js', source)).toEqual(expected);
  });

  it('lists the API of a realistic module, re-exports included', async () => {
    expect(await exportedApi('src/pricing.ts', readFixture('pricing.base.ts'))).toEqual([
      '* from ./currency.js',
      'Cart',
      'Discount',
      'LineItem',
      'Region',
      'clean',
      'priceOrder',
      'roundCents',
      'taxRates',
    ]);
  });

  it('ignores exports nested in namespaces', async () => {
    expect(await exportedApi('src/mod.ts', 'namespace N {\n  export const hidden = 1;\n}\n')).toEqual([]);
  });
});

describe('exportedApi: Python', () => {
  it.each([
    ['public top-level names without __all__', 'import os\nfrom x import y\nA = 1\n_b = 2\ndef f(): pass\ndef _g(): pass\nclass C:\n    def m(self): pass\n', ['A', 'C', 'f']],
    ['a literal __all__ list', '__all__ = ["f", \'_g\']\ndef f(): pass\ndef _g(): pass\ndef h(): pass\n', ['_g', 'f']],
    ['a literal __all__ tuple', '__all__ = ("b", "a")\n', ['a', 'b']],
    ['__all__ extended with +=', '__all__ = ["a"]\n__all__ += ["b"]\n', ['a', 'b']],
    ['names re-exported through __all__', 'from .core import Engine\n__all__ = ["Engine"]\n', ['Engine']],
    ['a non-literal __all__ falls back to public names', '__all__ = [n for n in dir() if n.isupper()]\nX = 1\n_y = 2\n', ['X']],
    ['an f-string in __all__ is not a literal', 'name = "a"\n__all__ = [f"{name}"]\n', ['name']],
    ['a later reassignment wins', '__all__ = ["a"]\n__all__ = ["b"]\n', ['b']],
    ['an empty module', '', []],
  ])('%s', async (_name, source, expected) => {
    expect(await exportedApi('pkg/mod.py', source)).toEqual(expected);
  });

  it('reads __all__ from a realistic module', async () => {
    expect(await exportedApi('pkg/inventory.py', readFixture('inventory.base.py'))).toEqual(['Inventory', 'LOW_WATER', 'restock']);
  });

  it('keeps the order-independent, de-duplicated set', async () => {
    const source = dedent(`
      __all__ = [
          "zeta",
          "alpha",
          "zeta",
      ]
    `);
    expect(await exportedApi('pkg/mod.py', source)).toEqual(['alpha', 'zeta']);
  });
});
