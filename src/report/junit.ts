import type { CriterionStatus, GateResult } from './gate.js';

/** Escapes text for an XML attribute or element, dropping characters XML 1.0 cannot hold. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface Case {
  name: string;
  classname: string;
  timeSeconds: number;
  /** Absent for a passing case. */
  outcome?: { tag: 'failure' | 'error' | 'skipped'; type: string; message: string };
  systemOut?: string;
}

const CRITERION_OUTCOME: Record<Exclude<CriterionStatus, 'pass'>, 'failure' | 'error'> = { fail: 'failure', invalid: 'error', inconclusive: 'error' };

/**
 * The gate as JUnit XML, for CI test reporters. Two suites:
 * - `crucible gate: criteria` — one testcase per criterion; `fail` → `<failure type="regression">`,
 *   `invalid` / `inconclusive` → `<error type="invalid|inconclusive">`;
 * - `crucible gate: tasks` — one testcase per task: paired tasks fail when the candidate regressed on
 *   them (solved by the baseline only, or a confirmed cheat); tasks left out of the pairing are
 *   `<skipped>` with the reasons. `time` is the candidate's wall time in seconds.
 */
export function gateJunit(result: GateResult): string {
  const criteria: Case[] = result.criteria.map((c) => ({
    name: c.name,
    classname: 'crucible.gate.criteria',
    timeSeconds: 0,
    ...(c.status === 'pass' ? { systemOut: c.message } : { outcome: { tag: CRITERION_OUTCOME[c.status], type: c.status === 'fail' ? 'regression' : c.status, message: c.message } }),
  }));
  const paired = new Set(result.tasks.map((t) => t.taskId));
  const tasks: Case[] = result.tasks.map((t) => ({
    name: t.task,
    classname: 'crucible.gate.tasks',
    timeSeconds: t.durationMs / 1000,
    systemOut: `baseline resolved ${t.baseline.resolved}/${t.baseline.attempts}, candidate resolved ${t.candidate.resolved}/${t.candidate.attempts}, candidate cheated ${t.candidate.cheated}`,
    ...(t.regressed ? { outcome: { tag: 'failure' as const, type: 'regression', message: t.reasons.join('; ') } } : {}),
  }));
  const skippedReasons = new Map<string, string[]>();
  for (const e of result.excluded) {
    if (!paired.has(e.taskId)) skippedReasons.set(e.taskId, [...(skippedReasons.get(e.taskId) ?? []), e.reason]);
  }
  for (const [taskId, reasons] of skippedReasons) {
    tasks.push({ name: taskId, classname: 'crucible.gate.tasks', timeSeconds: 0, outcome: { tag: 'skipped', type: 'excluded', message: `not paired: ${reasons.join('; ')}` } });
  }
  const suites = [suite('crucible gate: criteria', criteria), suite('crucible gate: tasks', tasks)];
  const all = [...criteria, ...tasks];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="crucible gate" ${counts(all)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function counts(cases: readonly Case[]): string {
  const n = (tag: string) => cases.filter((c) => c.outcome?.tag === tag).length;
  const time = cases.reduce((sum, c) => sum + c.timeSeconds, 0);
  return `tests="${cases.length}" failures="${n('failure')}" errors="${n('error')}" skipped="${n('skipped')}" time="${time.toFixed(3)}"`;
}

function suite(name: string, cases: readonly Case[]): string {
  return [`  <testsuite name="${xmlEscape(name)}" ${counts(cases)}>`, ...cases.map(testcase), '  </testsuite>'].join('\n');
}

function testcase(c: Case): string {
  const open = `    <testcase classname="${xmlEscape(c.classname)}" name="${xmlEscape(c.name)}" time="${c.timeSeconds.toFixed(3)}"`;
  const body: string[] = [];
  if (c.outcome?.tag === 'skipped') body.push(`      <skipped message="${xmlEscape(c.outcome.message)}"/>`);
  else if (c.outcome) body.push(`      <${c.outcome.tag} type="${xmlEscape(c.outcome.type)}" message="${xmlEscape(c.outcome.message)}">${xmlEscape(c.outcome.message)}</${c.outcome.tag}>`);
  if (c.systemOut) body.push(`      <system-out>${xmlEscape(c.systemOut)}</system-out>`);
  return body.length === 0 ? `${open}/>` : [`${open}>`, ...body, '    </testcase>'].join('\n');
}

/** Escapes a GitHub workflow-command message (`%`, CR, LF). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a GitHub workflow-command property value (also `:` and `,`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Most per-task error annotations printed; GitHub shows only the first few per step anyway. */
export const MAX_TASK_ANNOTATIONS = 10;

/**
 * GitHub Actions workflow commands for a gate result, one per line: `::error` for every criterion
 * that did not pass and for regressed tasks (at most {@link MAX_TASK_ANNOTATIONS}), then one
 * `::notice` with the verdict. Print them only when `GITHUB_ACTIONS=true`.
 */
export function githubAnnotations(result: GateResult): string[] {
  const line = (level: 'error' | 'notice', title: string, message: string) => `::${level} title=${escapeProperty(title)}::${escapeData(message)}`;
  const lines = result.criteria.filter((c) => c.status !== 'pass').map((c) => line('error', `crucible gate ${c.status}: ${c.name}`, c.message));
  const regressed = result.tasks.filter((t) => t.regressed);
  for (const t of regressed.slice(0, MAX_TASK_ANNOTATIONS)) lines.push(line('error', `crucible gate: task ${t.task} regressed`, t.reasons.join('; ')));
  const more = regressed.length > MAX_TASK_ANNOTATIONS ? ` (${regressed.length - MAX_TASK_ANNOTATIONS} more regressed tasks not annotated)` : '';
  lines.push(line('notice', 'crucible gate', `${result.verdict.toUpperCase()} (exit ${result.exitCode}): ${result.tasks.length} paired task(s), ${regressed.length} regressed, ${result.reasons.length} reason(s)${more}`));
  return lines;
}
