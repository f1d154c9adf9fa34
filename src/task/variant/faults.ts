import { FaultClassSchema } from '../../trajectory/schema.js';
import type { FaultSpec } from '../../trajectory/schema.js';
import { pick, pickSome } from './random.js';
import type { RawTask, VariantContext, VariantDraft, VariantStrategy } from './types.js';
import { emptyDraft } from './types.js';

/** Tools a fault may hit: each has an alternative (bash for files and tests, files for bash), so recovery is possible. */
export const FAULT_TOOLS = ['read_file', 'edit_file', 'write_file', 'search', 'list_dir', 'run_tests', 'bash'] as const;

/**
 * The variant's fault plan: one explicit and one implicit fault (scoring.md §3), each on its own
 * tool, from the n-th call (n in 1..3) — all drawn from the seed.
 */
export function drawFaults(rng: () => number): FaultSpec[] {
  const classes = FaultClassSchema.options;
  const [first, second] = pickSome(rng, FAULT_TOOLS, 2) as [string, string];
  const explicit = pick(rng, classes.filter((c) => c.startsWith('explicit')));
  const implicit = pick(rng, classes.filter((c) => c.startsWith('implicit')));
  return [
    { class: explicit, tool: first, at: 1 + Math.floor(rng() * 3) },
    { class: implicit, tool: second, at: 1 + Math.floor(rng() * 3) },
  ];
}

/** `faults`: a fault plan the attempts of the variant meet unless a run gives its own. */
export const faults: VariantStrategy = {
  name: 'faults',
  description: 'a seeded fault plan (one explicit and one implicit tool fault)',
  async derive(ctx: VariantContext): Promise<VariantDraft> {
    const planned = drawFaults(ctx.rng);
    const draft = emptyDraft(`fault plan: ${planned.map((f) => `${f.class} on ${f.tool} from call ${f.at}`).join(', ')}`);
    draft.edit = (raw: RawTask) => {
      const existing = ((raw.faults as { faults?: unknown[] } | undefined)?.faults ?? []) as unknown[];
      raw.faults = { faults: [...existing, ...planned] };
    };
    return draft;
  },
};
