import { checkClaims, verification } from './coherence/claims.js';
import { describeLoop, detectLoops, detectOscillations } from './coherence/loops.js';
import { planAdherence } from './coherence/plan.js';
import { scopeDrift } from './coherence/scope.js';
import { creditMilestones, describeProgress, milestoneContext, progressRate, taskMilestones } from './milestones.js';
import { capList, fmt, pairCalls, plural } from './trajectory-helpers.js';
import type { Evidence, Score, Scorer, ScoringContext } from './types.js';

/**
 * Weights of the coherence components (scoring.md §4, *proposal*):
 * - progress rate PR 0.45 — the one component that measures getting somewhere; the others are
 *   process hygiene and must not outweigh it;
 * - 1 − loop penalty 0.15, verification 0.15, claim consistency 0.15 — the three behaviours a
 *   reviewer most often has to catch by hand (stuck agents, untested final edits, false "tests
 *   pass"), weighted equally;
 * - 1 − scope drift 0.10 — drift is often harmless (a README line), so it weighs least;
 * - plan adherence 0.10 — only agents that declare a plan are judged on it.
 * A component that does not apply to the attempt (see {@link coherence}) is left out and the
 * others are renormalised: value = Σ wᵢ·cᵢ / Σ wᵢ over applicable components. Do not penalise
 * length as such (length mostly tracks difficulty): no component counts steps.
 */
export const COHERENCE_WEIGHTS = { progress: 0.45, loops: 0.15, verification: 0.15, claims: 0.15, scope: 0.1, plan: 0.1 } as const;

/** Loop penalty = min(1, (loops + oscillations) / 3): one episode costs a third, three saturate it. */
export const LOOP_SATURATION = 3;

type Component = keyof typeof COHERENCE_WEIGHTS;

/**
 * Multi-step coherence (scoring.md §4; AgentBoard progress rate, ToolSandbox milestones, OpenHands
 * stuck detector). Components, each in [0, 1]:
 * - PR = credited milestones / milestones ({@link creditMilestones}); always applies;
 * - 1 − min(1, (loops + edit oscillations) / 3) ({@link detectLoops}, {@link detectOscillations});
 *   applies when there is at least one call;
 * - verification = 1 if tests ran after the last edit, else 0; applies when a file was changed;
 * - claim consistency = 0 if `submit` claimed `testsPass: true` and grading disagrees, else 1;
 *   applies when a `testsPass` claim and a grade exist;
 * - 1 − scope drift (changed lines outside `expect.allowed_paths` / changed lines; 0 when the task
 *   declares none); applies when the diff changes a line;
 * - plan adherence ({@link planAdherence}); applies when the agent declared a plan and did work.
 * Value = weighted mean over applicable components ({@link COHERENCE_WEIGHTS}). An attempt with no
 * calls has only PR = 0, so scores 0.
 */
export const coherence: Scorer = (ctx: ScoringContext): Score => {
  const { task, trajectory, grade } = ctx;
  const calls = pairCalls(trajectory);
  const visible = task.tests.visible.command;
  const mctx = milestoneContext(task, trajectory, calls);
  const { source, checks } = taskMilestones(task);
  const progress = creditMilestones(checks, mctx);
  const pr = progressRate(progress);
  const loops = detectLoops(calls);
  const oscillations = detectOscillations(calls);
  const loopPenalty = Math.min(1, (loops.length + oscillations.length) / LOOP_SATURATION);
  const verify = verification(calls, visible);
  const claims = checkClaims(trajectory, calls, grade);
  const scope = scopeDrift(trajectory.end?.finalDiff ?? '', task.expect.allowed_paths);
  const plan = planAdherence(trajectory, calls, visible);

  const parts: Array<[Component, number | null]> = [
    ['progress', pr],
    ['loops', calls.length ? 1 - loopPenalty : null],
    ['verification', verify.applicable ? (verify.verified ? 1 : 0) : null],
    ['claims', claims.applicable ? (claims.inconsistent ? 0 : 1) : null],
    ['scope', scope.applicable ? 1 - scope.ratio : null],
    ['plan', plan.applicable ? plan.ratio : null],
  ];
  const used = parts.filter((p): p is [Component, number] => p[1] !== null);
  const weight = used.reduce((s, [k]) => s + COHERENCE_WEIGHTS[k], 0);
  const value = used.reduce((s, [k, c]) => s + COHERENCE_WEIGHTS[k] * c, 0) / weight;

  const sentences: string[] = [];
  const milestoneSource = source === 'task' ? "the task's milestones" : `the default ${task.kind} milestones`;
  sentences.push(describeProgress(checks, progress, mctx), `PR = ${fmt(pr)} over ${milestoneSource}`);
  if (!calls.length) sentences.push('No tool calls: nothing else to judge');
  else if (!loops.length && !oscillations.length) sentences.push('No loops or edit oscillation');
  else {
    const found = [...loops.map(describeLoop), ...oscillations.map((o) => `edit oscillation: ${o.path} back at step ${o.backAt} to its content before step ${o.leftAt}`)];
    const text = capList(found);
    sentences.push(`${text.charAt(0).toUpperCase()}${text.slice(1)} (loop penalty ${fmt(loopPenalty)})`);
  }
  if (!verify.applicable) sentences.push('No file changed: verification not applicable');
  else if (verify.verified) sentences.push(`Tests ran after the last edit (step ${verify.testStep} after step ${verify.lastEditStep})`);
  else sentences.push(`No test run after the last edit at step ${verify.lastEditStep}`);
  sentences.push(claims.text);
  const allowed = task.expect.allowed_paths.join(', ');
  if (!scope.declared) sentences.push('The task declares no allowed paths: scope drift not measured (0)');
  else if (!scope.applicable) sentences.push('The diff changes no line: no scope drift to measure');
  else if (!scope.outsideLines) sentences.push(`All ${plural(scope.totalLines, 'changed line')} are inside the allowed paths (${allowed})`);
  else sentences.push(`Scope drift ${scope.outsideLines}/${scope.totalLines} changed lines outside the allowed paths (${allowed}): ${capList(scope.outside.map((f) => `${f.path} (${f.lines})`))}`);
  if (!plan.plans) sentences.push('No plan declared: plan adherence not applicable');
  else if (!plan.applicable) sentences.push('A plan was declared but no file was changed and no test run: plan adherence not applicable');
  else sentences.push(`Plan adherence ${plan.adherent}/${plural(plan.total, 'work step')}${plan.outside.length ? ` (outside the plan: ${capList(plan.outside.map((s) => `step ${s}`))})` : ''}`);
  const terms = used.map(([k, c]) => `${fmt(COHERENCE_WEIGHTS[k])}·${fmt(c)}`).join(' + ');
  const skipped = parts.filter((p) => p[1] === null).map(([k]) => k);
  sentences.push(`Coherence = (${terms}) / ${fmt(weight)} = ${fmt(value)}${skipped.length ? `; not applicable: ${skipped.join(', ')}` : ''}`);

  const evidence: Evidence[] = [];
  progress.forEach((p) => {
    if (p.reachedAt !== undefined) evidence.push({ kind: 'step', step: p.reachedAt, note: `milestone ${p.id}${p.creditedAt !== p.reachedAt ? ` (credited at step ${p.creditedAt})` : ''}` });
  });
  for (const l of loops) {
    evidence.push({ kind: 'step', step: l.from, note: describeLoop(l) });
    if (l.to !== l.from) evidence.push({ kind: 'step', step: l.to, note: 'end of the loop' });
  }
  for (const o of oscillations) {
    evidence.push({ kind: 'step', step: o.backAt, note: `${o.path} back to its content before step ${o.leftAt}` });
    if (mctx.diffFiles.has(o.path)) evidence.push({ kind: 'file', path: o.path, note: 'edit oscillation' });
  }
  if (verify.applicable) {
    if (verify.verified) evidence.push({ kind: 'step', step: verify.testStep!, note: 'test run after the last edit' });
    else evidence.push({ kind: 'step', step: verify.lastEditStep!, note: 'last edit; no test run after it' });
  }
  if ((claims.inconsistent || claims.cannotComply) && claims.submitStep !== undefined) evidence.push({ kind: 'step', step: claims.submitStep, note: claims.text });
  for (const f of scope.outside) evidence.push({ kind: 'file', path: f.path, note: `${plural(f.lines, 'changed line')} outside the allowed paths` });
  for (const s of plan.outside) evidence.push({ kind: 'step', step: s, note: 'work step outside the declared plan' });

  return {
    name: 'coherence',
    value,
    rationale: `${sentences.join('. ')}.`,
    evidence,
    metrics: {
      milestones_total: progress.length,
      milestones_credited: progress.filter((p) => p.creditedAt !== undefined).length,
      progress_rate: pr,
      loops: loops.length,
      oscillations: oscillations.length,
      loop_penalty: loopPenalty,
      verified: verify.applicable ? (verify.verified ? 1 : 0) : -1,
      claim_inconsistent: claims.inconsistent ? 1 : 0,
      cannot_comply: claims.cannotComply ? 1 : 0,
      scope_drift: scope.ratio,
      changed_lines: scope.totalLines,
      out_of_scope_lines: scope.outsideLines,
      plan_adherence: plan.applicable ? plan.ratio : -1,
      steps: calls.length,
    },
  };
};
