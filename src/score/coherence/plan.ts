import type { Trajectory } from '../../trajectory/reader.js';
import type { PlanEvent } from '../../trajectory/schema.js';
import type { CallRecord } from '../trajectory-helpers.js';
import { editedPaths, ranTests } from './activity.js';

/** Plan adherence: how much of the work happened under the declared plan (scoring.md §4). */
export interface PlanAdherence {
  /** False without a plan, or without work steps to judge. */
  applicable: boolean;
  plans: number;
  ratio: number;
  adherent: number;
  total: number;
  /** Work steps that neither ran under an in-progress item nor match an item. */
  outside: number[];
}

const TEST_WORDS = /\b(tests?|verify|validate|check)\b/i;

/**
 * Whether a work step matches a plan item's text: an edit whose path (or file name, 3+ characters)
 * the item names; a test run when the item speaks of tests / verifying / validating / checking.
 */
export function matchesPlanItem(rec: CallRecord, text: string, visibleCommand: string): boolean {
  const lower = text.toLowerCase();
  for (const p of editedPaths(rec)) {
    const name = p.split('/').pop() ?? p;
    if (lower.includes(p.toLowerCase()) || (name.length >= 3 && lower.includes(name.toLowerCase()))) return true;
  }
  return ranTests(rec, visibleCommand) && TEST_WORDS.test(text);
}

/**
 * Work steps = calls that changed a file or ran the tests. A work step adheres when the plan in
 * force (the latest `plan` event at or before it) has an item `in_progress`, or when it matches the
 * text of any item the agent ever declared ({@link matchesPlanItem}). Adherence = adherent / work
 * steps. Work before the first plan can only adhere by matching an item.
 */
export function planAdherence(trajectory: Trajectory, calls: readonly CallRecord[], visibleCommand: string): PlanAdherence {
  const plans = trajectory.events.filter((e): e is PlanEvent => e.type === 'plan');
  const none = { applicable: false, plans: plans.length, ratio: 0, adherent: 0, total: 0, outside: [] };
  if (!plans.length) return none;
  const items = plans.flatMap((p) => p.steps.map((s) => s.text));
  const work = calls.filter((c) => editedPaths(c).length > 0 || ranTests(c, visibleCommand));
  if (!work.length) return none;
  const outside: number[] = [];
  for (const rec of work) {
    const inForce = plans.filter((p) => p.step <= rec.step).pop();
    const ok = inForce?.steps.some((s) => s.status === 'in_progress') || items.some((t) => matchesPlanItem(rec, t, visibleCommand));
    if (!ok) outside.push(rec.step);
  }
  const adherent = work.length - outside.length;
  return { applicable: true, plans: plans.length, ratio: adherent / work.length, adherent, total: work.length, outside };
}
