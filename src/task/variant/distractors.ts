import path from 'node:path';
import { languageFor } from '../../grade/structure/parser.js';
import { matchesAny } from '../glob.js';
import { pick } from './random.js';
import type { VariantContext, VariantDraft, VariantStrategy } from './types.js';
import { emptyDraft } from './types.js';

const FOLDERS = ['legacy', 'old', 'archive', 'attic'];
const TS_SUFFIXES = ['-legacy', '.v1', '-old'];
const PY_SUFFIXES = ['_legacy', '_v1', '_old'];

/**
 * A near-name sibling of `file` in the same folder (`util.ts` → `util-legacy.ts`,
 * `dates.py` → `dates_v1.py`), or undefined when every candidate name is taken.
 */
export function siblingName(file: string, taken: ReadonlySet<string>, rng: () => number): string | undefined {
  const ext = path.posix.extname(file);
  const stem = file.slice(0, file.length - ext.length);
  const suffixes = languageFor(file) === 'python' ? PY_SUFFIXES : TS_SUFFIXES;
  const start = Math.floor(rng() * suffixes.length);
  for (let i = 0; i < suffixes.length; i++) {
    const name = `${stem}${suffixes[(start + i) % suffixes.length]}${ext}`;
    if (!taken.has(name)) return name;
  }
  return undefined;
}

/**
 * `distractors`: for every existing file the reference changes, an outdated copy (the buggy base
 * version, never the fix) in an unused top-level folder, and a near-name sibling beside it. Nothing
 * imports them, so the tests are unaffected; an agent that edits them fixes nothing.
 */
export const distractors: VariantStrategy = {
  name: 'distractors',
  description: 'outdated copies of the files the fix touches, in an unused folder and under near names',
  async derive(ctx: VariantContext): Promise<VariantDraft> {
    const draft = emptyDraft('');
    const taken = new Set(ctx.workspace.keys());
    const free = FOLDERS.filter((f) => ![...taken].some((p) => p === f || p.startsWith(`${f}/`)));
    const folder = free.length ? pick(ctx.rng, free) : `${pick(ctx.rng, FOLDERS)}-${Math.floor(ctx.rng() * 1000)}`;
    const added: string[] = [];
    for (const file of ctx.referenceFiles) {
      const text = ctx.workspace.get(file);
      // A copy of a test file could be collected by the runner and change the results.
      if (text === undefined || matchesAny(file, ctx.origin.definition.protected)) continue;
      const copy = `${folder}/${file}`;
      draft.workspace.set(copy, text);
      added.push(copy);
      const sibling = siblingName(file, taken, ctx.rng);
      if (sibling) {
        draft.workspace.set(sibling, text);
        taken.add(sibling);
        added.push(sibling);
      }
    }
    if (added.length === 0) throw new Error(`${ctx.origin.definition.id}: the reference patch changes no existing text file to copy as a distractor`);
    draft.summary = `distractor files ${added.join(', ')}`;
    return draft;
  },
};
