/** Shared helpers for the structure tests: fixtures, trimmed snippets, in-memory trees. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { StructureFiles } from '../../../src/grade/structure/index.js';
import type { SymbolInfo } from '../../../src/grade/structure/index.js';

/** A fixture from test/fixtures/structure as text. */
export function readFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/structure/${name}`, import.meta.url)), 'utf8');
}

/**
 * Strips the common indentation of a template literal and its first newline, so snippets can be
 * written indented inside tests while keeping the line numbers they would have in a file.
 */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const cut = Math.min(...indents);
  return lines.map((line) => line.slice(cut)).join('\n');
}

/** The fields of a symbol that tests usually compare, as a compact tuple-like object. */
export function brief(symbol: SymbolInfo): Pick<SymbolInfo, 'qualifiedName' | 'kind' | 'startLine' | 'endLine' | 'exported'> {
  const { qualifiedName, kind, startLine, endLine, exported } = symbol;
  return { qualifiedName, kind, startLine, endLine, exported };
}

/** Base and final trees held in memory; `reads` counts every read, per tree and path. */
export function memoryTrees(base: Record<string, string>, final: Record<string, string>): StructureFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    base: async (path) => {
      reads.push(`base:${path}`);
      return Object.hasOwn(base, path) ? base[path] : undefined;
    },
    final: async (path) => {
      reads.push(`final:${path}`);
      return Object.hasOwn(final, path) ? final[path] : undefined;
    },
  };
}
