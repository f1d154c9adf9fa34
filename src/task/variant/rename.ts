import path from 'node:path';
import { findSymbols } from '../../grade/structure/symbols.js';
import { readTree } from '../../sandbox/tree.js';
import { matchesAny } from '../glob.js';
import { isCode } from './files.js';
import { pickSome } from './random.js';
import { reservedNames, synonymName } from './rename-words.js';
import type { RawTask, VariantContext, VariantDraft, VariantStrategy } from './types.js';
import { emptyDraft } from './types.js';

/** How many identifiers one rename variant changes. */
const RENAMES = 2;

function wordRe(name: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_$])${name.replace(/\$/g, '\\$')}(?![A-Za-z0-9_$])`, 'g');
}

/** True when `name` occurs in `text` as a whole identifier. */
export function hasWord(text: string, name: string): boolean {
  return wordRe(name).test(text);
}

/**
 * Replaces every whole-identifier occurrence of each old name by its new name. Line-local by
 * construction (names hold no newline), so a patch renamed this way still applies to a tree
 * renamed this way: context, removed and added lines change exactly like the files they quote.
 */
export function renameText(text: string, mapping: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [from, to] of mapping) out = out.replace(wordRe(from), to);
  return out;
}

/** Applies {@link renameText} to every string inside a JSON-like value. */
export function renameDeep<T>(value: T, mapping: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return renameText(value, mapping) as T;
  if (Array.isArray(value)) return value.map((v) => renameDeep(v, mapping)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameDeep(v, mapping)])) as T;
  return value;
}

/** Module specifiers the workspace imports (`from 'node:fs'`, `require("http")`, `import re`). */
function importedModules(files: Iterable<string>): string[] {
  const out: string[] = [];
  for (const text of files) {
    for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\s+)['"]([^'"]+)['"]/g)) out.push(m[1]!);
    for (const m of text.matchAll(/^\s*(?:import|from)\s+([A-Za-z_][\w.]*)/gm)) out.push(m[1]!);
  }
  return out;
}

/**
 * Identifiers that may be renamed: module-level declarations (functions, classes, methods,
 * variables, types) of the repository's own sources, named with at least 4 characters, that are
 * no keyword, builtin or Node export, no file or folder name (imports quote those), and absent
 * from the task's service files (a protocol field must keep its name). Ordered with the names the
 * reference patch or the hidden tests use first: those are what a memorizing agent would recall.
 */
export async function renameCandidates(ctx: VariantContext, serviceText: string): Promise<string[]> {
  const d = ctx.origin.definition;
  const reserved = reservedNames(importedModules(ctx.workspace.values()));
  const segments = new Set([...ctx.workspace.keys()].flatMap((p) => p.split('/').map((s) => s.replace(/\..*$/, ''))));
  const names = new Set<string>();
  for (const [file, text] of ctx.workspace) {
    if (!isCode(file) || matchesAny(file, d.protected)) continue;
    for (const s of await findSymbols(file, text).catch(() => [])) {
      const name = s.name.split('.').pop()!;
      if (s.name === 'default' || name.length < 4 || name.startsWith('_') || !/^[A-Za-z][\w$]*$/.test(name)) continue;
      if (reserved.has(name) || segments.has(name) || hasWord(serviceText, name)) continue;
      names.add(name);
    }
  }
  const task = [...ctx.beside.values()].join('\n');
  const all = [...names].sort();
  return [...all.filter((n) => hasWord(task, n)), ...all.filter((n) => !hasWord(task, n))];
}

/** Text of the task's service folders (mock APIs): names they use must not change. */
async function servicesText(ctx: VariantContext): Promise<string> {
  const parts: string[] = [];
  for (const s of ctx.origin.definition.services) {
    const tree = await readTree(path.join(ctx.origin.root, s.files), (rel) => rel.split('/').includes('node_modules')).catch(() => []);
    for (const e of tree) if (e.type === 'file') parts.push(e.data.toString('utf8'));
  }
  return parts.join('\n');
}

/**
 * `rename` (a memorization check): up to two of the repository's identifiers get new names,
 * consistently across the repository (sources, visible tests, README), the reference patch, the
 * hidden tests, the instructions, the FAIL_TO_PASS / PASS_TO_PASS ids and the expectations.
 * Candidates come from tree-sitter outlines; replacement is by whole identifier, so a patch and
 * the tree it applies to change alike.
 */
export const rename: VariantStrategy = {
  name: 'rename',
  description: 'identifiers renamed consistently across repository, reference, hidden tests, instructions and test ids',
  async derive(ctx: VariantContext): Promise<VariantDraft> {
    const candidates = await renameCandidates(ctx, await servicesText(ctx));
    const preferred = candidates.filter((n) => [...ctx.beside.values()].some((t) => hasWord(t, n)));
    const chosen = pickSome(ctx.rng, preferred.length ? preferred : candidates, RENAMES);
    if (chosen.length === 0) throw new Error(`${ctx.origin.definition.id}: no identifier of the repository can be renamed safely`);
    const everything = [...ctx.workspace.values(), ...ctx.beside.values(), String(ctx.origin.definition.instructions)].join('\n');
    const mapping = new Map<string, string>();
    for (const from of chosen) {
      let to = synonymName(from, ctx.rng);
      while (hasWord(everything, to) || [...mapping.values()].includes(to)) to = synonymName(to, ctx.rng);
      mapping.set(from, to);
    }
    const draft = emptyDraft(`renamed ${[...mapping].map(([a, b]) => `${a} → ${b}`).join(', ')}`);
    for (const [file, text] of ctx.workspace) {
      const renamed = renameText(text, mapping);
      if (renamed !== text) draft.workspace.set(file, renamed);
    }
    for (const [file, text] of ctx.beside) {
      const renamed = renameText(text, mapping);
      if (renamed !== text) draft.beside.set(file, renamed);
    }
    draft.edit = (raw: RawTask) => {
      for (const key of ['title', 'instructions', 'FAIL_TO_PASS', 'PASS_TO_PASS', 'expect'] as const) {
        if (raw[key] !== undefined) raw[key] = renameDeep(raw[key], mapping);
      }
    };
    return draft;
  },
};
