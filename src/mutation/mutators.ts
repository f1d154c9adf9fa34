/**
 * Candidate mutants of one source file: every mutator applied at every node whose replaced span
 * touches the given lines, each mutant checked to still parse.
 */
import type { Node } from 'web-tree-sitter';

import { languageFor, parserFor } from '../grade/structure/parser.js';
import type { LanguageName } from '../grade/structure/parser.js';
import { argumentSites } from './arguments.js';
import { constantSites } from './constants.js';
import { booleanSites, comparisonSites } from './operators.js';
import { statementSites } from './statements.js';
import { allNodes } from './syntax.js';
import type { Mutant, MutationSite } from './types.js';

/** Every mutation site of one node, all families. */
function sitesAt(node: Node, language: LanguageName, source: string): MutationSite[] {
  return [
    ...comparisonSites(node, language),
    ...booleanSites(node, language),
    ...constantSites(node, source),
    ...statementSites(node, language),
    ...argumentSites(node, language, source),
  ];
}

/** 1-based line of a UTF-16 offset. */
function lineAt(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** What {@link mutantsOf} found in one file. */
export interface FileMutants {
  /** Mutants whose file still parses, in source order. */
  valid: Mutant[];
  /** Mutants whose file no longer parses (tree-sitter ERROR or MISSING nodes). */
  invalid: Mutant[];
}

/**
 * The mutants of `source` (the file at `path`, its language chosen by extension) whose replaced
 * span touches one of `lines` (1-based; every line when omitted). A file in an unsupported
 * language, or one that does not parse to begin with, has no mutants. Two mutators producing the
 * same text yield one mutant.
 */
export async function mutantsOf(path: string, source: string, lines?: ReadonlySet<number>): Promise<FileMutants> {
  const language = languageFor(path);
  if (language === undefined) return { valid: [], invalid: [] };
  const parser = await parserFor(language);
  const tree = parser.parse(source);
  if (tree === null) return { valid: [], invalid: [] };
  const starts = lineStartsOf(source);
  const sites: MutationSite[] = [];
  try {
    if (tree.rootNode.hasError) return { valid: [], invalid: [] };
    for (const node of allNodes(tree.rootNode)) sites.push(...sitesAt(node, language, source));
  } finally {
    tree.delete();
  }
  const touches = (s: MutationSite) => {
    if (lines === undefined) return true;
    const last = lineAt(starts, Math.max(s.start, s.end - 1));
    for (let l = lineAt(starts, s.start); l <= last; l++) if (lines.has(l)) return true;
    return false;
  };
  const seen = new Set<string>();
  const out: FileMutants = { valid: [], invalid: [] };
  for (const s of sites.filter(touches).sort((a, b) => a.start - b.start || a.end - b.end)) {
    const text = source.slice(0, s.start) + s.replacement + source.slice(s.end);
    if (seen.has(text)) continue;
    seen.add(text);
    const mutant: Mutant = { file: path, line: lineAt(starts, s.start), mutator: s.mutator, original: source.slice(s.start, s.end), replacement: s.replacement, text };
    (await parses(language, text) ? out.valid : out.invalid).push(mutant);
  }
  return out;
}

/** True when `text` parses without ERROR or MISSING nodes. */
async function parses(language: LanguageName, text: string): Promise<boolean> {
  const tree = (await parserFor(language)).parse(text);
  try {
    return tree !== null && !tree.rootNode.hasError;
  } finally {
    tree?.delete();
  }
}
