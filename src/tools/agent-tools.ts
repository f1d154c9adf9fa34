import { z } from 'zod';
import type { PlanStep, ToolDefinition } from './types.js';

/** `plan`: declares or updates the agent's plan (scored for adherence). */
export const plan: ToolDefinition = {
  name: 'plan',
  description: 'Declare your plan, or update it, as a list of steps with a status each. Call it again whenever the plan changes.',
  readOnly: true,
  input: z.strictObject({
    steps: z
      .array(z.strictObject({ id: z.string().optional(), text: z.string().min(1), status: z.enum(['pending', 'in_progress', 'done', 'dropped']).default('pending') }))
      .min(1),
  }),
  async run(input: { steps: Array<{ id?: string; text: string; status: PlanStep['status'] }> }, ctx) {
    const steps = input.steps.map((s, i) => ({ id: s.id ?? String(i + 1), text: s.text, status: s.status }));
    ctx.onPlan(steps);
    return { ok: true, result: { steps: steps.length }, output: `plan recorded (${steps.length} steps)` };
  },
};

/** `submit`: ends the attempt with structured claims. */
export const submit: ToolDefinition = {
  name: 'submit',
  description: 'Finish the task. Summarize what you changed; say whether the tests pass. If the task is impossible or contradictory, set cannotComply to true and explain why in reason instead of forcing a change.',
  readOnly: true,
  input: z.strictObject({
    summary: z.string().min(1),
    testsPass: z.boolean().optional(),
    cannotComply: z.boolean().optional(),
    reason: z.string().optional(),
  }),
  async run(input: { summary: string; testsPass?: boolean; cannotComply?: boolean; reason?: string }, ctx) {
    ctx.onSubmit(input);
    return { ok: true, result: { submitted: true }, output: 'submitted' };
  },
};
