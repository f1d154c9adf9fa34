import { describe, expect, it } from 'vitest';

import { languageFor, parserFor, StructureSourceError, withSyntaxTree } from '../../../src/grade/structure/parser.js';

describe('languageFor', () => {
  it.each([
    ['src/a.ts', 'typescript'],
    ['src/a.mts', 'typescript'],
    ['src/a.cts', 'typescript'],
    ['types/index.d.ts', 'typescript'],
    ['src/App.tsx', 'tsx'],
    ['src/a.js', 'javascript'],
    ['src/a.mjs', 'javascript'],
    ['src/a.cjs', 'javascript'],
    ['src/App.jsx', 'javascript'],
    ['pkg/mod.py', 'python'],
    ['SRC/UPPER.TS', 'typescript'],
    ['src/a.rb', undefined],
    ['src/a.pyi', undefined],
    ['Makefile', undefined],
    ['src/ts', undefined],
  ])('%s → %s', (path, language) => {
    expect(languageFor(path)).toBe(language);
  });
});

describe('parserFor', () => {
  it('returns one cached parser per language', async () => {
    const [a, b] = await Promise.all([parserFor('python'), parserFor('python')]);
    expect(a).toBe(b);
    expect(await parserFor('typescript')).not.toBe(a);
  });
});

describe('withSyntaxTree', () => {
  it('hands over the root node and the language', async () => {
    const seen = await withSyntaxTree('a.tsx', 'const a = <div />;\n', (root, language) => [root.type, language]);
    expect(seen).toEqual(['program', 'tsx']);
  });

  it.each([
    ['a.ts', 'const ok = 1;\nfunction broken( {\n', 2],
    ['a.js', 'let x = ;\n', 1],
    ['a.py', 'def f(:\n    pass\n', 1],
    ['a.py', 'x = 1\n\nclass C\n    pass\n', 3],
  ])('%s with a syntax error is rejected with the line of the first error', async (path, source, line) => {
    const error = await withSyntaxTree(path, source, () => 'parsed').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(StructureSourceError);
    expect(error).toMatchObject({ problem: 'syntax-error', line, path, message: `${path} could not be parsed (syntax error at line ${line})` });
  });

  it('rejects an unsupported extension without parsing', async () => {
    const error = await withSyntaxTree('lib/a.rb', 'def x; end', () => 'parsed').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(StructureSourceError);
    expect(error).toMatchObject({ problem: 'unsupported-language', line: undefined });
    expect((error as Error).message).toBe('lib/a.rb is not in a supported language (.ts, .mts, .cts, .tsx, .js, .mjs, .cjs, .jsx, .py)');
  });

  it('parses TypeScript with JSX-incompatible syntax only as .ts, not .tsx', async () => {
    const source = 'const n = <number>value;\n';
    await expect(withSyntaxTree('a.ts', source, () => 'parsed')).resolves.toBe('parsed');
    await expect(withSyntaxTree('a.tsx', source, () => 'parsed')).rejects.toBeInstanceOf(StructureSourceError);
  });
});
