import type { ScoredAttempt } from '../../store/types.js';
import { taskKey } from '../pairing.js';
import { agentKeyOf } from './agent-key.js';
import type { BootstrapOptions } from '../stats.js';
import { groupBy, resolvedRate, summarizePairs } from './paired.js';
import type { PairedRates, PairedSummary } from './paired.js';

/** Robustness of one agent to one fault plan: resolved with the plan vs without, paired per task. */
export interface FaultRobustness extends PairedSummary {
  /** The agent: its spec, plus `[config <hash>]` when the spec ran with several configurations (see agentKeyOf). */
  agent: string;
  /** The plan's label (`faults=<label>` on its attempts: 12 hex digits of its hash). */
  plan: string;
  /** Tasks run under the plan but never without it, left out of the pairing. */
  unpairedTasks: number;
}

/**
 * Fault robustness per agent and fault plan. An attempt's condition is its `faults` label (set by
 * the run matrix: `none`, or the plan in force); attempts without the label (runs made before
 * it existed) say nothing and are left out. An agent is its spec with its configuration
 * ({@link agentKeyOf}), so two configurations of one spec never pair with each other. Tasks pair on id, content hash and image, so a task
 * changed between the two runs does not pair.
 */
export function faultRobustness(finished: readonly ScoredAttempt[], options: BootstrapOptions = {}): FaultRobustness[] {
  const out: FaultRobustness[] = [];
  const labelled = finished.filter((a) => a.labels.faults !== undefined);
  const agentKey = agentKeyOf(finished);
  for (const [agent, attempts] of groupBy(labelled, agentKey)) {
    const plans = [...new Set(attempts.map((a) => a.labels.faults!).filter((p) => p !== 'none'))].sort();
    for (const plan of plans) {
      const byTask = groupBy(
        attempts.filter((a) => a.labels.faults === plan || a.labels.faults === 'none'),
        taskKey,
      );
      const pairs: PairedRates[] = [];
      let unpaired = 0;
      for (const group of byTask.values()) {
        const treated = group.filter((a) => a.labels.faults === plan);
        const reference = group.filter((a) => a.labels.faults === 'none');
        if (treated.length === 0 || reference.length === 0) {
          // Tasks only ever run without faults are simply not part of this plan's experiment.
          if (treated.length > 0) unpaired++;
          continue;
        }
        pairs.push({ unit: group[0]!.taskId, treated: resolvedRate(treated), reference: resolvedRate(reference), treatedAttempts: treated.length, referenceAttempts: reference.length });
      }
      out.push({ agent, plan, unpairedTasks: unpaired, ...summarizePairs(pairs, options) });
    }
  }
  return out;
}
