import type { Evidence } from '../score/types.js';
import { allEvidence, diffPaths, gradeTestIds, type AttemptMaterial } from './material.js';

/** Fewest characters (after trimming) a rationale must have. */
export const MIN_RATIONALE_LENGTH = 40;

/** What a rationale may point at: the attempt's steps, test ids and file paths. */
export interface ReferenceTargets {
  steps: number[];
  tests: string[];
  files: string[];
}

/** The result of checking a rationale: the references found, or why it is refused. */
export type RationaleCheck = { ok: true; references: Evidence[] } | { ok: false; message: string };

/**
 * The steps, tests and files of an attempt: tool-call steps of the trajectory; test ids of the
 * grade and of score / finding evidence; paths of the diff, of files a call changed, and of evidence.
 */
export function referenceTargets(material: AttemptMaterial): ReferenceTargets {
  const steps = new Set<number>();
  const files = new Set<string>(diffPaths(material.diff));
  const tests = new Set<string>(gradeTestIds(material.grade));
  for (const event of material.events) {
    if (event.type === 'tool_call' && typeof event.step === 'number') steps.add(event.step);
    if (event.type === 'tool_result' && Array.isArray(event.filesChanged)) {
      for (const change of event.filesChanged as Array<{ path?: unknown }>) if (typeof change.path === 'string') files.add(change.path);
    }
  }
  for (const e of allEvidence(material.attempt.scores, material.attempt.findings)) {
    if (e.kind === 'file') files.add(e.path);
    if (e.kind === 'test') tests.add(e.id);
  }
  return { steps: [...steps].sort((a, b) => a - b), tests: [...tests].sort(), files: [...files].sort() };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function mentions(text: string, needle: string): boolean {
  return new RegExp(`(^|[^\\w./-])${escapeRegExp(needle)}($|[^\\w/-])`).test(text);
}

function mentionsFile(rationale: string, file: string): boolean {
  const base = file.split('/').pop() ?? file;
  return mentions(rationale, file) || (base.includes('.') && mentions(rationale, base));
}

/**
 * The references a rationale makes: `#12` or `step 12` for a step that exists; a test id it
 * quotes; a file path it names, in full or by its file name when that has an extension. A test or
 * file may be cited as stored or as `shown` (the same targets, index for index, as a blind page
 * shows them, identity redacted); the reference always records the stored form.
 */
export function findReferences(rationale: string, targets: ReferenceTargets, shown: ReferenceTargets = targets): Evidence[] {
  const found: Evidence[] = [];
  const steps = new Set<number>();
  for (const m of rationale.matchAll(/(?:#|\bsteps?\s+)(\d+)\b/gi)) {
    const step = Number(m[1]);
    if (targets.steps.includes(step) && !steps.has(step)) {
      steps.add(step);
      found.push({ kind: 'step', step });
    }
  }
  targets.tests.forEach((id, i) => {
    const alias = shown.tests[i] ?? id;
    if ([id, alias].some((t) => t.length >= 3 && rationale.includes(t))) found.push({ kind: 'test', id });
  });
  targets.files.forEach((file, i) => {
    if (mentionsFile(rationale, file) || mentionsFile(rationale, shown.files[i] ?? file)) found.push({ kind: 'file', path: file });
  });
  return found;
}

function sample(values: readonly (string | number)[], max = 6): string {
  if (values.length === 0) return 'none';
  return values.length > max ? `${values.slice(0, max).join(', ')}, …` : values.join(', ');
}

/** Options of {@link checkRationale}. */
export interface RationaleOptions {
  /** The targets as the page showed them (identity redacted on a blind page), index for index; either form may be cited. */
  shown?: ReferenceTargets;
  /** Which form a refusal lists: `shown` (default; a blind refusal then names no agent) or `stored`. */
  list?: 'shown' | 'stored';
}

/**
 * Checks the mandatory rationale of a verdict: at least {@link MIN_RATIONALE_LENGTH} characters
 * and at least one reference to a step, test or file of this attempt ({@link findReferences}, in
 * the stored or the shown form). The refusal says what was expected, what came, and what the
 * attempt offers to cite.
 */
export function checkRationale(rationale: string, targets: ReferenceTargets, options: RationaleOptions = {}): RationaleCheck {
  const shown = options.shown ?? targets;
  const length = rationale.trim().length;
  if (length < MIN_RATIONALE_LENGTH) return { ok: false, message: `must be at least ${MIN_RATIONALE_LENGTH} characters, got ${length}` };
  const references = findReferences(rationale, targets, shown);
  if (references.length === 0) {
    const listed = options.list === 'stored' ? targets : shown;
    return {
      ok: false,
      message: `must reference at least one step (#12 or "step 12"), test id or file path of this attempt; steps: ${sample(listed.steps)}; files: ${sample(listed.files)}; tests: ${sample(listed.tests, 3)}`,
    };
  }
  return { ok: true, references };
}
