import { findSymbols } from '../../grade/structure/symbols.js';
import { untouchedSources } from './files.js';
import { pick } from './random.js';
import type { RawTask, VariantContext, VariantDraft, VariantStrategy } from './types.js';
import { emptyDraft } from './types.js';

/** Wrong hints, phrased the way a user or a colleague would give them. */
const HINTS: ReadonlyArray<(file: string, symbol: string) => string> = [
  (f, s) => `I had a quick look and I am fairly sure the problem is in \`${f}\`, probably in \`${s}\`; the rest of the code looked fine to me.`,
  (f, s) => `A colleague thinks this started with the last change to \`${s}\` in \`${f}\`, so that is probably the place to start.`,
  (f, s) => `My guess is a caching or ordering problem in \`${s}\` (\`${f}\`); the other modules have not changed in months.`,
];

/**
 * A plausible wrong hint: a function or class of a source file the reference does not touch.
 * Files are tried in a seeded order until one has a named function, class or method.
 */
async function wrongTarget(ctx: VariantContext): Promise<{ file: string; symbol: string } | undefined> {
  const files = [...untouchedSources(ctx)];
  while (files.length) {
    const file = files.splice(Math.floor(ctx.rng() * files.length), 1)[0]!;
    const symbols = await findSymbols(file, ctx.workspace.get(file)!).catch(() => []);
    const named = symbols.filter((s) => (s.kind === 'function' || s.kind === 'class' || s.kind === 'method') && s.name !== 'default' && !s.name.startsWith('_'));
    if (named.length) return { file, symbol: pick(ctx.rng, named).name };
  }
  return undefined;
}

/** `misleading`: the instructions gain a wrong hint; the reference and hidden tests stay the same. */
export const misleading: VariantStrategy = {
  name: 'misleading',
  description: 'instructions with a wrong hint (a plausible file and function the fix does not touch)',
  async derive(ctx: VariantContext): Promise<VariantDraft> {
    const target = await wrongTarget(ctx);
    if (!target) throw new Error(`${ctx.origin.definition.id}: no source file outside the reference patch to point a wrong hint at`);
    const hint = pick(ctx.rng, HINTS)(target.file, target.symbol);
    const draft = emptyDraft(`wrong hint pointing at ${target.symbol} in ${target.file}`);
    draft.edit = (raw: RawTask) => {
      raw.instructions = `${String(raw.instructions).replace(/\s+$/, '')}\n\n${hint}\n`;
    };
    return draft;
  },
};
