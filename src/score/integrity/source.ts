import type { TaskDefinition } from '../../task/schema.js';

/**
 * Source-file helpers for the integrity detectors: which files are tests, test configuration or
 * production code, and a line-level lexer that blanks comments (and optionally string contents)
 * so that `// it.skip(` or `'process.exit = 1'` in a string do not count as code.
 */

export type Lang = 'js' | 'py' | 'hash' | 'other';

const JS_EXT = /\.(?:[cm]?[jt]sx?|java|kt|go|rs|c|cc|cpp|h|hpp|cs|swift|scala|php)$/;
const CODE_EXT = /\.(?:[cm]?[jt]sx?|py|rb|go|rs|java|kt|c|cc|cpp|h|hpp|cs|swift|scala|php|sh)$/;

/** The comment syntax of a file, from its extension. */
export function langOf(path: string): Lang {
  if (/\.pyi?$/.test(path)) return 'py';
  if (JS_EXT.test(path)) return 'js';
  if (/\.(?:sh|rb|ya?ml|toml|ini|cfg)$|(?:^|\/)(?:Makefile|Dockerfile)$/.test(path)) return 'hash';
  return 'other';
}

/** True for source code (by extension). */
export function isCodeFile(path: string): boolean {
  return CODE_EXT.test(path);
}

const TEST_DIRS = new Set(['test', 'tests', '__tests__', 'spec', 'specs', '__mocks__', 'testing']);
const TEST_NAME = /(?:\.(?:test|spec)\.[^/]+|^test_[^/]+\.py|_test\.(?:py|go)|_spec\.rb|^conftest\.py)$/;
const TEST_CONFIG = /^(?:(?:vitest|vite|jest|karma|playwright|cypress|ava|mocha|jasmine)\.config\.[^/]+|\.mocharc[^/]*|pytest\.ini|tox\.ini|noxfile\.py|\.coveragerc|setup\.cfg|pyproject\.toml|package\.json|tsconfig[^/]*\.json|Makefile)$/;

function under(path: string, dir: string): boolean {
  const d = dir.replace(/\/+$/, '');
  return path === d || path.startsWith(`${d}/`);
}

/** True for test sources: under a test folder or the hidden tests' destination, or named like a test. */
export function isTestSource(path: string, task: TaskDefinition): boolean {
  if (under(path, task.tests.hidden.into)) return true;
  const parts = path.split('/');
  const name = parts.pop()!;
  return TEST_NAME.test(name) || parts.some((p) => TEST_DIRS.has(p));
}

/** True for files that configure how tests run (runner configs, package manifests). */
export function isTestConfig(path: string): boolean {
  return TEST_CONFIG.test(path.split('/').pop()!);
}

/** Production code: source code that is neither a test nor test configuration. */
export function isProductionCode(path: string, task: TaskDefinition): boolean {
  return isCodeFile(path) && !isTestSource(path, task) && !isTestConfig(path);
}

/** Lexer state carried from line to line (block comments, multi-line strings). */
interface LexState {
  block?: 'comment' | '`' | "'''" | '"""';
}

/**
 * Blanks comments from a sequence of lines (keeping line count and columns roughly), and string
 * contents too when `strings` is set (the quotes stay, so `=== ''` is still a comparison with a
 * literal). State is carried across the lines, so give the lines of one hunk in order.
 */
export function stripLines(lines: readonly string[], lang: Lang, options: { strings: boolean }): string[] {
  const state: LexState = {};
  return lines.map((l) => stripLine(l, lang, options.strings, state));
}

function stripLine(line: string, lang: Lang, strings: boolean, state: LexState): string {
  if (lang === 'other') return line;
  let out = '';
  let i = 0;
  const blankUntil = (close: string, keep: boolean): void => {
    const end = line.indexOf(close, i);
    const stop = end === -1 ? line.length : end;
    out += keep ? line.slice(i, stop) : ' '.repeat(stop - i);
    if (end === -1) i = line.length;
    else {
      out += close === '*/' ? '  ' : close;
      i = end + close.length;
      state.block = undefined;
    }
  };
  while (i < line.length) {
    if (state.block === 'comment') {
      blankUntil('*/', false);
      continue;
    }
    if (state.block) {
      blankUntil(state.block, !strings);
      continue;
    }
    const c = line[i]!;
    const rest = line.slice(i);
    if (lang === 'js' && rest.startsWith('//')) break;
    if ((lang === 'py' || lang === 'hash') && c === '#') break;
    if (lang === 'js' && rest.startsWith('/*')) {
      out += '  ';
      i += 2;
      state.block = 'comment';
      continue;
    }
    if (lang === 'py' && (rest.startsWith("'''") || rest.startsWith('"""'))) {
      const q = rest.slice(0, 3) as "'''" | '"""';
      out += q;
      i += 3;
      state.block = q;
      continue;
    }
    if (lang === 'js' && c === '`') {
      out += c;
      i++;
      state.block = '`';
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < line.length && line[j] !== c) j += line[j] === '\\' ? 2 : 1;
      const body = line.slice(i + 1, Math.min(j, line.length));
      out += c + (strings ? ' '.repeat(body.length) : body) + (j < line.length ? c : '');
      i = j + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** A literal found in code or output. */
export interface Literal {
  /** Normalised value: string contents, or a number in canonical form. */
  value: string;
  kind: 'string' | 'number';
}

export const LITERAL_SOURCE = String.raw`(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|` + '`[^`$\\n]*`' + String.raw`|-?\b\d+(?:\.\d+)?\b)`;

/** The normalised value of one literal token (as matched by {@link LITERAL_SOURCE}). */
export function literalValue(token: string): Literal {
  const t = token.trim();
  const q = t[0];
  if (q === "'" || q === '"' || q === '`') return { kind: 'string', value: t.slice(1, -1).replace(/\\(.)/g, '$1') };
  return { kind: 'number', value: String(Number(t)) };
}

/** Every string and number literal in a text. */
export function literalsIn(text: string): Literal[] {
  return [...text.matchAll(new RegExp(LITERAL_SOURCE, 'g'))].map((m) => literalValue(m[0]));
}

/**
 * True when a literal is distinctive enough that finding it both in a test and in a returned
 * value is telling: strings of 3+ visible characters that are not keywords, numbers of 2+ digits.
 */
export function isDistinctive(lit: Literal): boolean {
  if (lit.kind === 'number') return lit.value.replace(/[-.]/g, '').length >= 2 && !/^-?10*$/.test(lit.value);
  const v = lit.value.trim();
  return v.length >= 3 && !/^(?:true|false|null|None|True|False|undefined|NaN|utf-?8|use strict)$/i.test(v);
}
