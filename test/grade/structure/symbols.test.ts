import { describe, expect, it } from 'vitest';

import { findSymbols } from '../../../src/grade/structure/index.js';
import { brief, dedent, readFixture } from './helpers.js';

describe('findSymbols: TypeScript', () => {
  const source = dedent(`
    import { helper } from './helper.js';

    export interface Options {
      verbose: boolean;
    }
    export type Mode = 'fast' | 'slow';
    export enum Level { Low, High }
    const internal = 1;
    let counter = 0, { a, b: [c] } = helper();
    export const toUpper = (s: string): string => s.toUpperCase();
    export function run(options: Options): void {
      counter += 1;
    }
    function overloaded(x: string): string;
    function overloaded(x: number): number;
    function overloaded(x: unknown) {
      return x;
    }
    export declare function ambient(): void;

    @sealed
    export class Service {
      static create(): Service {
        return new Service();
      }
      @logged
      start(): void {}
      handle = (event: string) => event;
      private count = 0;
      get size(): number {
        return this.count;
      }
      set size(value: number) {
        this.count = value;
      }
      #secret(): void {}
    }
    export abstract class Base {
      abstract area(): number;
      describe(): string {
        return 'shape';
      }
    }
    class Local {}
    export { Local as PublicLocal, internal };
    export default run;
    namespace Inner {
      export function hidden(): void {}
    }
  `);

  it('finds every module-level declaration with its kind, lines and exported flag', async () => {
    const symbols = await findSymbols('src/service.ts', source);
    expect(symbols.map(brief)).toEqual([
      { qualifiedName: 'Options', kind: 'interface', startLine: 3, endLine: 5, exported: true },
      { qualifiedName: 'Mode', kind: 'type', startLine: 6, endLine: 6, exported: true },
      { qualifiedName: 'Level', kind: 'enum', startLine: 7, endLine: 7, exported: true },
      { qualifiedName: 'internal', kind: 'variable', startLine: 8, endLine: 8, exported: true },
      { qualifiedName: 'counter', kind: 'variable', startLine: 9, endLine: 9, exported: false },
      { qualifiedName: 'a', kind: 'variable', startLine: 9, endLine: 9, exported: false },
      { qualifiedName: 'c', kind: 'variable', startLine: 9, endLine: 9, exported: false },
      { qualifiedName: 'toUpper', kind: 'function', startLine: 10, endLine: 10, exported: true },
      { qualifiedName: 'run', kind: 'function', startLine: 11, endLine: 13, exported: true },
      { qualifiedName: 'overloaded', kind: 'function', startLine: 16, endLine: 18, exported: false },
      { qualifiedName: 'ambient', kind: 'function', startLine: 19, endLine: 19, exported: true },
      { qualifiedName: 'Service', kind: 'class', startLine: 21, endLine: 37, exported: true },
      { qualifiedName: 'Service.create', kind: 'method', startLine: 23, endLine: 25, exported: true },
      { qualifiedName: 'Service.start', kind: 'method', startLine: 26, endLine: 27, exported: true },
      { qualifiedName: 'Service.handle', kind: 'method', startLine: 28, endLine: 28, exported: true },
      { qualifiedName: 'Service.size', kind: 'method', startLine: 30, endLine: 32, exported: true },
      { qualifiedName: 'Service.size', kind: 'method', startLine: 33, endLine: 35, exported: true },
      { qualifiedName: 'Service.#secret', kind: 'method', startLine: 36, endLine: 36, exported: true },
      { qualifiedName: 'Base', kind: 'class', startLine: 38, endLine: 43, exported: true },
      { qualifiedName: 'Base.area', kind: 'method', startLine: 39, endLine: 39, exported: true },
      { qualifiedName: 'Base.describe', kind: 'method', startLine: 40, endLine: 42, exported: true },
      { qualifiedName: 'Local', kind: 'class', startLine: 44, endLine: 44, exported: true },
    ]);
  });

  it('gives methods their own name and the qualified Class.method name', async () => {
    const symbols = await findSymbols('src/service.ts', source);
    const start = symbols.find((s) => s.qualifiedName === 'Service.start');
    expect(start).toMatchObject({ name: 'start', qualifiedName: 'Service.start', kind: 'method' });
  });

  it('names anonymous default exports `default`', async () => {
    const symbols = await findSymbols(
      'a.ts',
      'export default function () {\n  return 1;\n}\nexport default class {\n  m() {}\n}\nexport default { a: 1 };\n',
    );
    expect(symbols.map(brief)).toEqual([
      { qualifiedName: 'default', kind: 'function', startLine: 1, endLine: 3, exported: true },
      { qualifiedName: 'default', kind: 'class', startLine: 4, endLine: 6, exported: true },
      { qualifiedName: 'default.m', kind: 'method', startLine: 5, endLine: 5, exported: true },
      { qualifiedName: 'default', kind: 'variable', startLine: 7, endLine: 7, exported: true },
    ]);
  });

  it('keeps method overload signatures only when there is no implementation', async () => {
    const symbols = await findSymbols('a.d.ts', 'export declare class Api {\n  get(id: string): Item;\n  get(id: number): Item;\n  close(): void;\n}\n');
    expect(symbols.map(brief)).toEqual([
      { qualifiedName: 'Api', kind: 'class', startLine: 1, endLine: 5, exported: true },
      { qualifiedName: 'Api.get', kind: 'method', startLine: 2, endLine: 2, exported: true },
      { qualifiedName: 'Api.close', kind: 'method', startLine: 4, endLine: 4, exported: true },
    ]);
  });

  it('reads TSX', async () => {
    const symbols = await findSymbols('src/App.tsx', 'export function App() {\n  return <main className="app">{/* todo */}</main>;\n}\n');
    expect(symbols.map(brief)).toEqual([{ qualifiedName: 'App', kind: 'function', startLine: 1, endLine: 3, exported: true }]);
  });
});

describe('findSymbols: JavaScript', () => {
  it('finds ES module declarations, class fields holding functions and CommonJS exports', async () => {
    const source = dedent(`
      'use strict';
      function* ids() {}
      var legacy = 1;
      const helper = function () {};
      class Queue {
        static limit = 10;
        #items = [];
        push = (item) => this.#items.push(item);
        async drain() {}
        *[Symbol.iterator]() {}
      }
      const Anon = class {
        run() {}
      };
      module.exports = { Queue, make: helper };
      exports.ids = ids;
    `);
    const symbols = await findSymbols('lib/queue.cjs', source);
    expect(symbols.map(brief)).toEqual([
      { qualifiedName: 'ids', kind: 'function', startLine: 2, endLine: 2, exported: true },
      { qualifiedName: 'legacy', kind: 'variable', startLine: 3, endLine: 3, exported: false },
      { qualifiedName: 'helper', kind: 'function', startLine: 4, endLine: 4, exported: true },
      { qualifiedName: 'Queue', kind: 'class', startLine: 5, endLine: 11, exported: true },
      { qualifiedName: 'Queue.push', kind: 'method', startLine: 8, endLine: 8, exported: true },
      { qualifiedName: 'Queue.drain', kind: 'method', startLine: 9, endLine: 9, exported: true },
      { qualifiedName: 'Queue.[Symbol.iterator]', kind: 'method', startLine: 10, endLine: 10, exported: true },
      { qualifiedName: 'Anon', kind: 'class', startLine: 12, endLine: 14, exported: false },
      { qualifiedName: 'Anon.run', kind: 'method', startLine: 13, endLine: 13, exported: false },
    ]);
  });
});

describe('findSymbols: Python', () => {
  const source = dedent(`
    """Module docstring."""
    import os
    from typing import Protocol

    VERSION = "1.0"
    _private = 1
    width, height = 80, 24
    first = second = None
    timeout: float = 2.5
    type Pair = tuple[int, int]

    def main(argv):
        return 0

    @decorator
    def _helper():
        pass

    class Shape(Protocol):
        sides = 0

        def area(self) -> float: ...

        @property
        def name(self):
            return "shape"

        class Meta:
            def label(self):
                return "meta"

    async def fetch():
        pass

    if os.name == "nt":
        def windows_only():
            pass
  `);

  it('finds defs, classes, methods, nested classes and module-level assignments', async () => {
    const symbols = await findSymbols('pkg/shapes.py', source);
    expect(symbols.map(brief)).toEqual([
      { qualifiedName: 'VERSION', kind: 'variable', startLine: 5, endLine: 5, exported: true },
      { qualifiedName: '_private', kind: 'variable', startLine: 6, endLine: 6, exported: false },
      { qualifiedName: 'width', kind: 'variable', startLine: 7, endLine: 7, exported: true },
      { qualifiedName: 'height', kind: 'variable', startLine: 7, endLine: 7, exported: true },
      { qualifiedName: 'first', kind: 'variable', startLine: 8, endLine: 8, exported: true },
      { qualifiedName: 'second', kind: 'variable', startLine: 8, endLine: 8, exported: true },
      { qualifiedName: 'timeout', kind: 'variable', startLine: 9, endLine: 9, exported: true },
      { qualifiedName: 'Pair', kind: 'type', startLine: 10, endLine: 10, exported: true },
      { qualifiedName: 'main', kind: 'function', startLine: 12, endLine: 13, exported: true },
      { qualifiedName: '_helper', kind: 'function', startLine: 15, endLine: 17, exported: false },
      { qualifiedName: 'Shape', kind: 'class', startLine: 19, endLine: 30, exported: true },
      { qualifiedName: 'Shape.area', kind: 'method', startLine: 22, endLine: 22, exported: true },
      { qualifiedName: 'Shape.name', kind: 'method', startLine: 24, endLine: 26, exported: true },
      { qualifiedName: 'Shape.Meta', kind: 'class', startLine: 28, endLine: 30, exported: true },
      { qualifiedName: 'Shape.Meta.label', kind: 'method', startLine: 29, endLine: 30, exported: true },
      { qualifiedName: 'fetch', kind: 'function', startLine: 32, endLine: 33, exported: true },
    ]);
  });

  it('marks only names listed in a literal __all__ as exported', async () => {
    const symbols = await findSymbols('pkg/m.py', '__all__ = ["kept"]\n\ndef kept(): pass\n\ndef public_but_unlisted(): pass\n');
    expect(symbols.filter((s) => s.exported).map((s) => s.name)).toEqual(['kept']);
  });
});

describe('findSymbols: nodeCount', () => {
  it.each([
    ['a.js', 'function add(a, b) { return a + b; }', 10],
    // TypeScript wraps each parameter in a required_parameter node.
    ['a.ts', 'function add(a, b) { return a + b; }', 12],
    ['a.py', 'def add(a, b):\n    return a + b\n', 10],
  ])('%s: counts named nodes only (%s)', async (path, source, count) => {
    const [symbol] = await findSymbols(path, source);
    expect(symbol?.nodeCount).toBe(count);
  });

  it.each([
    ['a.ts', 'function add(a, b) {\n  // add them\n  return a + b; /* done */\n}\n'],
    ['a.js', 'function add(a, b) {\n  /** the sum */\n  return a + b; // done\n}\n'],
    ['a.py', 'def add(a, b):\n    # add them\n    return a + b  # done\n'],
  ])('%s: comments inside a symbol are not counted', async (path, source) => {
    const [plain] = await findSymbols(path, path.endsWith('.py') ? 'def add(a, b):\n    return a + b\n' : 'function add(a, b) { return a + b; }');
    const [commented] = await findSymbols(path, source);
    expect(commented?.nodeCount).toBe(plain?.nodeCount);
  });

  it.each([
    ['src/pricing.ts', 'pricing.base.ts', 'pricing.elided.ts', 'priceOrder', 113, 24],
    ['pkg/inventory.py', 'inventory.base.py', 'inventory.final.py', 'restock', 54, 20],
  ])('%s: a body moved into comments has far fewer nodes', async (path, baseName, finalName, symbol, before, after) => {
    const base = await findSymbols(path, readFixture(baseName));
    const final = await findSymbols(path, readFixture(finalName));
    expect(base.find((s) => s.name === symbol)?.nodeCount).toBe(before);
    // The final Python fixture also renames `restock`; its body is the same commented-out code.
    expect(final.find((s) => s.name === symbol || s.name === 'replenish')?.nodeCount).toBe(after);
  });

  it('counts the same for a function and the method it was moved into', async () => {
    const fn = (await findSymbols('src/pricing.ts', readFixture('pricing.base.ts'))).find((s) => s.name === 'priceOrder');
    const method = (await findSymbols('src/price-calculator.ts', readFixture('price-calculator.final.ts'))).find(
      (s) => s.qualifiedName === 'PriceCalculator.price',
    );
    expect(method?.nodeCount).toBe(fn?.nodeCount);
  });

  it('counts decorators as part of the symbol', async () => {
    const [bare] = await findSymbols('a.py', 'def f():\n    pass\n');
    const [decorated] = await findSymbols('a.py', '@cache\ndef f():\n    pass\n');
    // decorated_definition, decorator and the identifier `cache`.
    expect(decorated).toMatchObject({ startLine: 1, endLine: 3, nodeCount: (bare?.nodeCount ?? 0) + 3 });
  });
});
