import type { ScoredAttempt } from '../../store/types.js';
import type { BootstrapOptions } from '../stats.js';
import { agentKeyOf } from './agent-key.js';
import { groupBy, resolvedRate, summarizePairs } from './paired.js';
import type { PairedRates, PairedSummary } from './paired.js';

/** Strategies whose "resolved" means something else: reported apart (cheat rate), never paired. */
const NOT_PAIRED = new Set(['impossible']);

/** Robustness of one agent to one variant strategy: resolved on the origin task vs its variants. */
export interface VariantRobustness extends PairedSummary {
  /** The agent: its spec, plus `[config <hash>]` when the spec ran with several configurations (see agentKeyOf). */
  agent: string;
  strategy: string;
  /** Origin tasks with variant attempts but no matching origin attempt, left out. */
  unpairedOrigins: number;
  /** Paired origin tasks whose attempts are of another version than the variant was made from (see `origin_hash`). */
  staleOrigins: number;
}

/**
 * The origin attempts a variant attempt pairs with: same agent (spec and configuration), the origin task id, not a variant
 * itself, the same image when both are known, and the same fault condition — except for the
 * `faults` strategy, whose point is the fault plan, so its origin side is the fault-free one.
 * Among those, the ones of the origin version the variant was made from (`origin_hash`) when any
 * ran; else all of them, marked `stale`: a task's content hash also covers its repository and
 * sandbox profile, so a change there moves the origin's hash even though variant and origin
 * still ran on the same material.
 */
function originAttempts(all: readonly ScoredAttempt[], variant: ScoredAttempt, agentKey: (a: ScoredAttempt) => string): { attempts: ScoredAttempt[]; stale: boolean } {
  const origin = variant.labels.origin!;
  const faults = variant.labels.strategy === 'faults' ? 'none' : variant.labels.faults;
  const candidates = all.filter(
    (a) =>
      agentKey(a) === agentKey(variant) &&
      a.taskId === origin &&
      a.labels.origin === undefined &&
      a.labels.faults === faults &&
      (a.imageId === undefined || variant.imageId === undefined || a.imageId === variant.imageId),
  );
  const hash = variant.labels.origin_hash;
  if (hash === undefined) return { attempts: candidates, stale: false };
  const exact = candidates.filter((a) => a.taskContentHash === hash);
  return exact.length > 0 ? { attempts: exact, stale: false } : { attempts: candidates, stale: candidates.length > 0 };
}

/**
 * Variant robustness per agent and strategy (except `impossible`): the resolved rate on each
 * origin task against the rate on its variants of that strategy (pooled when there are
 * several), paired by origin task id. Variant attempts are recognised by their `origin` and
 * `strategy` labels, which the run matrix sets from the task's `origin:`.
 */
export function variantRobustness(finished: readonly ScoredAttempt[], options: BootstrapOptions = {}): VariantRobustness[] {
  const variants = finished.filter((a) => a.labels.origin !== undefined && a.labels.strategy !== undefined && !NOT_PAIRED.has(a.labels.strategy));
  const out: VariantRobustness[] = [];
  const agentKey = agentKeyOf(finished);
  const groups = groupBy(variants, (a) => `${agentKey(a)}\u0000${a.labels.strategy}`);
  for (const group of groups.values()) {
    const pairs: PairedRates[] = [];
    let unpaired = 0;
    let stale = 0;
    for (const [origin, treated] of groupBy(group, (a) => a.labels.origin!)) {
      // Variants of one origin normally share one fault condition and origin hash; if not, the
      // origin side is every origin attempt any of them pairs with.
      const matches = treated.map((v) => originAttempts(finished, v, agentKey));
      const reference = [...new Set(matches.flatMap((m) => m.attempts))];
      if (reference.length === 0) {
        unpaired++;
        continue;
      }
      if (matches.some((m) => m.stale)) stale++;
      pairs.push({ unit: origin, treated: resolvedRate(treated), reference: resolvedRate(reference), treatedAttempts: treated.length, referenceAttempts: reference.length });
    }
    out.push({ agent: agentKey(group[0]!), strategy: group[0]!.labels.strategy!, unpairedOrigins: unpaired, staleOrigins: stale, ...summarizePairs(pairs, options) });
  }
  return out.sort((a, b) => (a.agent === b.agent ? (a.strategy < b.strategy ? -1 : 1) : a.agent < b.agent ? -1 : 1));
}
