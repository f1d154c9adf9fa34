/**
 * Tree-sitter parsers for the languages the structural checks understand. The WASM runtime and
 * each grammar are loaded on first use and cached for the life of the process, because loading a
 * grammar costs tens of milliseconds while parsing one file costs far less.
 */
import { createRequire } from 'node:module';
import { extname } from 'node:path';

import { Language, Parser } from 'web-tree-sitter';
import type { Node, Tree } from 'web-tree-sitter';

/** A language with a grammar; `tsx` is separate from `typescript` because JSX changes the syntax. */
export type LanguageName = 'typescript' | 'tsx' | 'javascript' | 'python';

/** File extensions (lower-case, with the dot) and the grammar each is parsed with. */
export const EXTENSIONS: Readonly<Record<string, LanguageName>> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.py': 'python',
};

/** Each grammar's .wasm file, as a module specifier resolved from this file. */
const GRAMMAR_FILES: Readonly<Record<LanguageName, string>> = {
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  python: 'tree-sitter-python/tree-sitter-python.wasm',
};

/**
 * The grammar for a path, chosen by its extension (case-insensitive), or `undefined` when the
 * extension is not one of {@link EXTENSIONS}. `.d.ts` files are TypeScript like any `.ts`.
 */
export function languageFor(path: string): LanguageName | undefined {
  const ext = extname(path).toLowerCase();
  return Object.hasOwn(EXTENSIONS, ext) ? EXTENSIONS[ext] : undefined;
}

/** Why a source could not be analysed. */
export type SourceProblem = 'unsupported-language' | 'syntax-error';

/**
 * A source file the structural analysis cannot read: its language is unsupported, or it does not
 * parse. `line` (1-based) is the first syntax error, when there is one.
 */
export class StructureSourceError extends Error {
  override readonly name = 'StructureSourceError';
  readonly path: string;
  readonly problem: SourceProblem;
  readonly line: number | undefined;

  constructor(path: string, problem: SourceProblem, message: string, line?: number) {
    super(message);
    this.path = path;
    this.problem = problem;
    this.line = line;
  }
}

let runtime: Promise<void> | undefined;
const parsers = new Map<LanguageName, Promise<Parser>>();

/**
 * The cached parser for a language, created on first call. Concurrent first calls share one load.
 * A failed load is forgotten so that a later call tries again instead of failing forever.
 */
export function parserFor(language: LanguageName): Promise<Parser> {
  let pending = parsers.get(language);
  if (pending === undefined) {
    pending = loadParser(language);
    parsers.set(language, pending);
    pending.catch(() => parsers.delete(language));
  }
  return pending;
}

async function loadParser(language: LanguageName): Promise<Parser> {
  if (runtime === undefined) {
    runtime = Parser.init();
    runtime.catch(() => {
      runtime = undefined;
    });
  }
  await runtime;
  const wasm = createRequire(import.meta.url).resolve(GRAMMAR_FILES[language]);
  const parser = new Parser();
  parser.setLanguage(await Language.load(wasm));
  return parser;
}

/**
 * Parses `source` as the language of `path`, hands the tree's root to `use`, and frees the tree
 * afterwards (WASM memory is not garbage-collected, so every tree must be deleted).
 *
 * @throws StructureSourceError when the extension is unsupported or the source has a syntax error
 *   (tree-sitter always recovers, so any ERROR or MISSING node counts as unparseable: a half-read
 *   file would make every symbol count unreliable).
 */
export async function withSyntaxTree<T>(path: string, source: string, use: (root: Node, language: LanguageName) => T): Promise<T> {
  const language = languageFor(path);
  if (language === undefined) {
    const known = Object.keys(EXTENSIONS).join(', ');
    throw new StructureSourceError(path, 'unsupported-language', `${path} is not in a supported language (${known})`);
  }
  const parser = await parserFor(language);
  let tree: Tree | null = null;
  try {
    tree = parser.parse(source);
    if (tree === null) throw new StructureSourceError(path, 'syntax-error', `${path} could not be parsed`);
    const root = tree.rootNode;
    if (root.hasError) {
      const line = firstErrorLine(root);
      throw new StructureSourceError(path, 'syntax-error', `${path} could not be parsed (syntax error at line ${line})`, line);
    }
    return use(root, language);
  } finally {
    tree?.delete();
  }
}

/** The 1-based line of the first ERROR or MISSING node, following only subtrees that contain one. */
function firstErrorLine(root: Node): number {
  let node: Node = root;
  for (;;) {
    if (node.isError || node.isMissing) return node.startPosition.row + 1;
    const next = node.children.find((child) => child.hasError || child.isMissing);
    if (next === undefined) return node.startPosition.row + 1;
    node = next;
  }
}
