import { createHash } from 'node:crypto';
import type { FaultClass, FaultPlan, InjectedFault } from '../trajectory/schema.js';

/** What to do to one call. */
export interface FaultDecision {
  class: FaultClass;
  /** explicit → answer with an error; stale → shorten a read-only result; noop → skip a write but report success. */
  action: 'error' | 'stale' | 'noop';
  record: InjectedFault;
}

/** A number in [1, 3] derived from the seed and the fault's position, so plans without `at` stay deterministic. */
function drawCall(seed: number, index: number, tool: string): number {
  const h = createHash('sha256').update(`${seed}:${index}:${tool}`).digest();
  return 1 + (h.readUInt32BE(0) % 3);
}

/**
 * Applies a fault plan to the calls of one attempt, deterministically by seed. Classes (scoring.md
 * §3): explicit transient — the n-th call of the tool fails once; explicit permanent — every call
 * from the n-th on fails; implicit transient — the n-th call returns a stale / truncated result
 * once; implicit permanent — from the n-th call on, writes are silently not done (reads: stale).
 */
export class FaultInjector {
  private readonly counts = new Map<string, number>();
  private readonly starts: Array<{ class: FaultClass; tool: string; at: number }>;

  constructor(plan: FaultPlan, seed: number) {
    this.starts = plan.faults.map((f, i) => ({ class: f.class, tool: f.tool, at: f.at ?? drawCall(seed, i, f.tool) }));
  }

  /** Counts a call of `tool` and says whether (and how) it is faulted. */
  next(tool: string, writes: boolean): FaultDecision | undefined {
    const n = (this.counts.get(tool) ?? 0) + 1;
    this.counts.set(tool, n);
    for (const f of this.starts) {
      if (f.tool !== tool) continue;
      const transient = f.class === 'explicit_transient' || f.class === 'implicit_transient';
      if (transient ? n !== f.at : n < f.at) continue;
      if (f.class.startsWith('explicit')) {
        return { class: f.class, action: 'error', record: { class: f.class, effect: `call ${n} of ${tool} failed with "unavailable"` } };
      }
      if (f.class === 'implicit_permanent' && writes) {
        return { class: f.class, action: 'noop', record: { class: f.class, effect: `call ${n} of ${tool} reported success without writing` } };
      }
      return { class: f.class, action: 'stale', record: { class: f.class, effect: `call ${n} of ${tool} returned a truncated result` } };
    }
    return undefined;
  }
}
