/**
 * Structural assertions over the base and final trees: a symbol exists or is gone, a moved or
 * refactored symbol kept its size (so its body was not elided into a comment or `...`), and a
 * module's exported API did not change.
 *
 * Every outcome about the files themselves (missing, unparseable, unsupported) is a failed result
 * with a sentence saying why; only failures to read the trees at all are thrown.
 */
import type { StructureAssertion } from '../../task/schema.js';
import { FileOutlines } from './files.js';
import type { LoadedFile, StructureFiles, TreeSide } from './files.js';
import { code, count, lineRange, nameList, percent, signedPercent } from './format.js';
import { apiNames } from './symbols.js';
import type { ExportEntry, StructureEvidence, StructureResult, SymbolInfo } from './types.js';

export type { StructureEvidence, StructureResult } from './types.js';

type SymbolAssertion = Extract<StructureAssertion, { check: 'symbol_present' | 'symbol_absent' }>;
type SizeAssertion = Extract<StructureAssertion, { check: 'size_preserved' }>;
type ExportsAssertion = Extract<StructureAssertion, { check: 'exports_unchanged' }>;

/**
 * Evaluates structural assertions, in order, against the base and final trees. Each file is read
 * and parsed at most once per tree.
 *
 * @param assertions - the task's `expect.structure` entries.
 * @param files - contents of files in the base and final trees.
 * @returns one result per assertion, in the same order.
 * @throws whatever `files.base` / `files.final` reject with, or a failure to load a grammar;
 *   never for the contents of a file.
 */
export async function checkStructure(assertions: readonly StructureAssertion[], files: StructureFiles): Promise<StructureResult[]> {
  const outlines = new FileOutlines(files);
  return Promise.all(assertions.map((assertion) => checkOne(assertion, outlines)));
}

async function checkOne(assertion: StructureAssertion, outlines: FileOutlines): Promise<StructureResult> {
  switch (assertion.check) {
    case 'symbol_present':
    case 'symbol_absent':
      return checkSymbol(assertion, await outlines.get('final', assertion.file));
    case 'size_preserved':
      return checkSize(assertion, await outlines.get('base', assertion.from.file), await outlines.get('final', assertion.to.file));
    case 'exports_unchanged':
      return checkExports(assertion, await outlines.get('base', assertion.file), await outlines.get('final', assertion.file));
  }
}

function checkSymbol(assertion: SymbolAssertion, loaded: LoadedFile): StructureResult {
  const { file, symbol } = assertion;
  const wanted = assertion.check === 'symbol_present';
  const result = (passed: boolean, detail: string, evidence: StructureEvidence[] = [{ file }]): StructureResult => ({
    assertion,
    passed,
    detail,
    evidence,
  });

  if (loaded.state === 'unreadable') return result(false, `${code(symbol)} cannot be checked: ${unreadable(loaded, 'final')}`, errorEvidence(loaded, file));
  if (loaded.state === 'missing') {
    const where = `${file} does not exist in the final tree`;
    return wanted ? result(false, `${code(symbol)} is missing: ${where}`) : result(true, `${code(symbol)} is absent: ${where}`);
  }
  const matches = lookup(loaded.outline.symbols, symbol);
  const first = matches[0];
  if (first === undefined) {
    if (!wanted) return result(true, `${code(symbol)} is absent from ${file}`);
    const similar = similarSymbols(loaded.outline.symbols, symbol);
    const hint = similar.length === 0 ? '' : `; similar: ${similar.map((s) => `${code(s.qualifiedName)} (${s.kind}, ${lineRange(s)})`).join(', ')}`;
    return result(false, `${code(symbol)} is missing from ${file}${hint}`, [{ file }, ...symbolEvidence(file, similar)]);
  }
  const found = `${first.kind} at ${lineRange(first)}${matches.length > 1 ? ` (and ${count(matches.length - 1, 'more declaration')})` : ''}`;
  return wanted
    ? result(true, `${code(symbol)} is ${/^[aeiou]/.test(first.kind) ? 'an' : 'a'} ${found} in ${file}`, symbolEvidence(file, matches))
    : result(false, `${code(symbol)} is still in ${file}: ${found}`, symbolEvidence(file, matches));
}

function checkSize(assertion: SizeAssertion, base: LoadedFile, final: LoadedFile): StructureResult {
  const { from, to, tolerance } = assertion;
  const result = (passed: boolean, detail: string, evidence: StructureEvidence[]): StructureResult => ({ assertion, passed, detail, evidence });

  if (base.state === 'unreadable') return result(false, `${code(from.symbol)} cannot be measured: ${unreadable(base, 'base')}`, errorEvidence(base, from.file));
  if (base.state === 'missing') return result(false, `${code(from.symbol)} cannot be measured: ${from.file} does not exist in the base tree`, [{ file: from.file }]);
  const original = lookup(base.outline.symbols, from.symbol);
  if (original.length === 0) {
    return result(false, `${code(from.symbol)} cannot be measured: it is not in ${from.file} in the base tree`, [{ file: from.file }]);
  }
  const before = totalNodes(original);
  const baseEvidence = symbolEvidence(from.file, original);

  if (final.state === 'unreadable') {
    return result(false, `${code(to.symbol)} cannot be measured: ${unreadable(final, 'final')}`, [...baseEvidence, ...errorEvidence(final, to.file)]);
  }
  const originally = `originally ${count(before, 'node')}`;
  if (final.state === 'missing') {
    return result(false, `${code(to.symbol)} is missing: ${to.file} does not exist in the final tree (${originally})`, [...baseEvidence, { file: to.file }]);
  }
  const current = lookup(final.outline.symbols, to.symbol);
  if (current.length === 0) {
    return result(false, `${code(to.symbol)} is missing from ${to.file} in the final tree (${originally})`, [...baseEvidence, { file: to.file }]);
  }

  const after = totalNodes(current);
  const change = (after - before) / before;
  // `<` as specified, except that an unchanged size passes even with a tolerance of 0.
  const passed = after === before || Math.abs(change) < tolerance;
  const moved = from.file !== to.file || from.symbol !== to.symbol ? ` as ${code(from.symbol)} in ${from.file}` : '';
  const spread = current.length > 1 ? ` in ${current.length} declarations` : '';
  const detail =
    `${code(to.symbol)} in ${to.file} has ${count(after, 'node')}${spread}, originally ${before}${moved} ` +
    `(${signedPercent(change)}, tolerance ${percent(tolerance)})`;
  return result(passed, detail, [...baseEvidence, ...symbolEvidence(to.file, current)]);
}

function checkExports(assertion: ExportsAssertion, base: LoadedFile, final: LoadedFile): StructureResult {
  const { file } = assertion;
  const except = new Set(assertion.except);
  const result = (passed: boolean, detail: string, evidence: StructureEvidence[] = [{ file }]): StructureResult => ({ assertion, passed, detail, evidence });
  const subject = `exports of ${file}`;

  if (base.state === 'unreadable') return result(false, `${subject} cannot be compared: ${unreadable(base, 'base')}`, errorEvidence(base, file));
  if (base.state === 'missing') return result(false, `${subject} cannot be compared: ${file} does not exist in the base tree`);
  const before = apiNames(base.outline).filter((name) => !except.has(name));
  if (final.state === 'unreadable') return result(false, `${subject} cannot be compared: ${unreadable(final, 'final')}`, errorEvidence(final, file));
  if (final.state === 'missing') {
    const had = before.length === 0 ? 'it exported nothing' : `it exported ${nameList(before)}`;
    return result(false, `${subject} changed: ${file} does not exist in the final tree (${had})`);
  }
  const after = apiNames(final.outline).filter((name) => !except.has(name));

  const afterSet = new Set(after);
  const beforeSet = new Set(before);
  const removed = before.filter((name) => !afterSet.has(name));
  const added = after.filter((name) => !beforeSet.has(name));
  if (removed.length === 0 && added.length === 0) {
    const ignoring = except.size === 0 ? '' : `, ignoring ${nameList([...except].sort())}`;
    return result(true, `${subject} unchanged (${count(after.length, 'name')}${ignoring})`);
  }
  const changes = [
    ...(removed.length > 0 ? [`removed ${nameList(removed)}`] : []),
    ...(added.length > 0 ? [`added ${nameList(added)}`] : []),
  ];
  const evidence = [...exportEvidence(file, base.outline.exports, removed), ...exportEvidence(file, final.outline.exports, added)];
  return result(false, `${subject} changed: ${changes.join(', ')}`, evidence);
}

/**
 * Symbols answering to `symbol`: a plain name matches a top-level declaration, `Class.method` a
 * method. A method is never matched by its bare name, since several classes may have one.
 */
function lookup(symbols: readonly SymbolInfo[], symbol: string): SymbolInfo[] {
  return symbols.filter((s) => s.qualifiedName === symbol);
}

/** Symbols whose last name segment equals that of `symbol`: the likely intended one, moved or re-qualified. */
function similarSymbols(symbols: readonly SymbolInfo[], symbol: string): SymbolInfo[] {
  const last = symbol.slice(symbol.lastIndexOf('.') + 1);
  return symbols.filter((s) => s.name === last).slice(0, 3);
}

/**
 * Size of a symbol declared in several places (a getter and its setter, a redefined Python
 * function): the sum, so that emptying any one of them shows.
 */
function totalNodes(symbols: readonly SymbolInfo[]): number {
  return symbols.reduce((sum, s) => sum + s.nodeCount, 0);
}

/** `src/a.ts in the final tree could not be parsed (syntax error at line 3)`, or the unsupported-language sentence. */
function unreadable(loaded: Extract<LoadedFile, { state: 'unreadable' }>, side: TreeSide): string {
  const { error } = loaded;
  if (error.problem === 'unsupported-language') return error.message;
  const at = error.line === undefined ? '' : ` (syntax error at line ${error.line})`;
  return `${error.path} in the ${side} tree could not be parsed${at}`;
}

function errorEvidence(loaded: Extract<LoadedFile, { state: 'unreadable' }>, file: string): StructureEvidence[] {
  return [loaded.error.line === undefined ? { file } : { file, line: loaded.error.line }];
}

function symbolEvidence(file: string, symbols: readonly SymbolInfo[]): StructureEvidence[] {
  return symbols.map((s) => ({ file, line: s.startLine, symbol: s.qualifiedName }));
}

function exportEvidence(file: string, entries: readonly ExportEntry[], names: readonly string[]): StructureEvidence[] {
  return names.map((name) => {
    const entry = entries.find((e) => e.name === name);
    return entry === undefined ? { file, symbol: name } : { file, line: entry.line, symbol: name };
  });
}
