import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../paths.js';
import { readTree } from '../sandbox/tree.js';
import { matchesAny } from './glob.js';
import { loadTask, locate } from './loader.js';
import type { LoadedTask } from './loader.js';
import { patchedFiles } from './patch-files.js';
import type { TaskProblem } from './problems.js';
import { repoLocation } from './repo-source.js';

/** The outcome of linting one task folder. */
export interface LintResult {
  dir: string;
  task?: LoadedTask;
  problems: TaskProblem[];
}

const exists = (p: string) => stat(p).then(() => true, () => false);

function problem(task: LoadedTask, field: PropertyKey[], message: string, rule: string, severity: TaskProblem['severity'] = 'error'): TaskProblem {
  return { file: task.file, ...locate(task.source, field), field: field.join('.'), message, rule, severity };
}

/** Files beside task.yaml, the repository, services and the profile must exist. */
async function fileProblems(task: LoadedTask): Promise<TaskProblem[]> {
  const d = task.definition;
  const out: TaskProblem[] = [];
  if (path.basename(task.dir) !== d.id) out.push(problem(task, ['id'], `must equal the folder name ${JSON.stringify(path.basename(task.dir))}`, 'files'));
  if (d.setup.patch && !(await exists(path.join(task.dir, d.setup.patch)))) out.push(problem(task, ['setup', 'patch'], `${d.setup.patch} does not exist beside task.yaml`, 'files'));
  if (!(await exists(path.join(task.dir, d.reference)))) out.push(problem(task, ['reference'], `${d.reference} does not exist beside task.yaml`, 'files'));
  if (d.impossible && !(await exists(path.join(task.dir, d.impossible.contradiction)))) out.push(problem(task, ['impossible', 'contradiction'], `${d.impossible.contradiction} does not exist beside task.yaml`, 'files'));
  if (d.tests.hidden.patch) {
    if (!(await exists(path.join(task.dir, d.tests.hidden.patch)))) out.push(problem(task, ['tests', 'hidden', 'patch'], `${d.tests.hidden.patch} does not exist beside task.yaml`, 'files'));
  } else {
    const hidden = await readTree(path.join(task.dir, d.tests.hidden.files)).catch(() => undefined);
    if (!hidden || !hidden.some((e) => e.type === 'file')) out.push(problem(task, ['tests', 'hidden', 'files'], `${d.tests.hidden.files}/ is missing or holds no files`, 'files'));
  }
  const repo = repoLocation(task);
  if (repo.kind === 'folder' && !(await exists(repo.dir))) out.push(problem(task, ['repo'], `repos/${String(d.repo)} does not exist`, 'files'));
  if (repo.kind === 'git') {
    const ok = await execa('git', ['-C', repo.gitDir, 'cat-file', '-e', `${repo.commit}^{commit}`], { reject: false });
    if (ok.exitCode !== 0) out.push(problem(task, ['repo'], `no commit ${repo.commit} in ${repo.gitDir} (environment missing)`, 'files', 'warning'));
  }
  for (const [i, s] of d.services.entries()) {
    if (!(await exists(path.join(task.root, s.files)))) out.push(problem(task, ['services', i, 'files'], `${s.files} does not exist under the project root`, 'files'));
  }
  if (!(await exists(path.join(packageRoot(), 'sandboxes', d.profile, 'profile.yaml')))) out.push(problem(task, ['profile'], `no sandbox profile ${JSON.stringify(d.profile)} (sandboxes/${d.profile}/profile.yaml)`, 'files'));
  return out;
}

/** Realism: the task must not give away its answer, and hidden tests must add something. */
async function realismProblems(task: LoadedTask): Promise<TaskProblem[]> {
  const d = task.definition;
  const out: TaskProblem[] = [];
  const reference = await readFile(path.join(task.dir, d.reference), 'utf8').catch(() => '');
  const touched = patchedFiles(reference).map((f) => f.path);
  if (d.kind === 'debug') {
    for (const file of touched) {
      const base = path.posix.basename(file);
      const stem = base.replace(/\.[^.]+$/, '');
      const named = [file, base].some((name) => new RegExp(`(^|[^\\w.-])${escapeRe(name)}($|[^\\w-])`).test(d.instructions));
      const stemNamed = stem.length > 3 && new RegExp(`(^|[^\\w-])${escapeRe(stem)}\\.(ts|js|py|mjs)\\b`).test(d.instructions);
      if (named || stemNamed) out.push(problem(task, ['instructions'], `debug instructions name ${file}, which the reference patch changes: that gives the answer away`, 'instructions-name-fix-file'));
    }
  }
  if ((d.kind === 'debug' || d.kind === 'api-integration') && d.FAIL_TO_PASS.length === 0) {
    out.push(problem(task, ['FAIL_TO_PASS'], `a ${d.kind} task needs at least one FAIL_TO_PASS test`, 'needs-fail-to-pass'));
  }
  if (d.FAIL_TO_PASS.length + d.PASS_TO_PASS.length === 0) out.push(problem(task, ['PASS_TO_PASS'], 'no FAIL_TO_PASS or PASS_TO_PASS tests: nothing would be graded', 'needs-tests'));
  const overlap = d.FAIL_TO_PASS.filter((id) => d.PASS_TO_PASS.includes(id));
  if (overlap.length) out.push(problem(task, ['PASS_TO_PASS'], `listed in both FAIL_TO_PASS and PASS_TO_PASS: ${overlap.join(', ')}`, 'disjoint-test-lists'));
  const hidden = await readTree(path.join(task.dir, d.tests.hidden.files)).catch(() => []);
  const repo = repoLocation(task);
  if (repo.kind === 'folder' && hidden.length) {
    const visible = new Set((await readTree(repo.dir).catch(() => [])).filter((e) => e.type === 'file').map((e) => e.data.toString('base64')));
    const copies = hidden.filter((e) => e.type === 'file' && e.data.length > 64 && visible.has(e.data.toString('base64')));
    if (copies.length > 0 && copies.length === hidden.filter((e) => e.type === 'file' && e.data.length > 64).length) {
      out.push(problem(task, ['tests', 'hidden', 'files'], `hidden tests are copies of files already in the repository (${copies.map((c) => c.path).join(', ')}): they add nothing the visible tests do not`, 'hidden-not-subset'));
    }
  }
  if (!d.tests.hidden.patch && !matchesAny(`${d.tests.hidden.into}/x`, d.protected)) {
    out.push(problem(task, ['protected'], `does not cover the hidden tests' folder ${d.tests.hidden.into}/: an agent could plant files there`, 'protect-hidden'));
  }
  if ((d.tests.hidden.format === 'unittest' || d.tests.hidden.format === 'pytest') && !/^python3 -m (unittest|pytest)\b/.test(d.tests.hidden.command.trim())) {
    out.push(problem(task, ['tests', 'hidden', 'command'], 'Python hidden tests must start with `python3 -m unittest` or `python3 -m pytest` so the grader can attest them', 'python-runner'));
  }
  if (d.tests.hidden.command.includes('{report}')) {
    out.push(problem(task, ['tests', 'hidden', 'command'], 'reports are read from the runner\'s stdout (stderr for unittest); a report file could be rewritten by the code under test, so `{report}` is not supported', 'report-channel'));
  }
  const testPatch = d.tests.hidden.patch ? await readFile(path.join(task.dir, d.tests.hidden.patch), 'utf8').catch(() => '') : '';
  if (!testPatch.includes(d.canary) && !hidden.some((e) => e.type === 'file' && e.data.includes(Buffer.from(d.canary)))) {
    out.push(problem(task, ['canary'], 'the canary string appears in no hidden test file', 'canary-in-hidden', 'warning'));
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Lints one task folder: YAML syntax, schema, files, and realism rules. */
export async function lintTask(dir: string, root: string): Promise<LintResult> {
  const { task, problems } = await loadTask(dir, root);
  if (!task) return { dir, problems };
  return { dir, task, problems: [...(await fileProblems(task)), ...(await realismProblems(task))] };
}

/** Lints several tasks and adds suite-wide rules (canaries must be unique). */
export async function lintTasks(dirs: readonly string[], root: string): Promise<LintResult[]> {
  const results = [];
  for (const dir of dirs) results.push(await lintTask(dir, root));
  const byCanary = new Map<string, LintResult[]>();
  for (const r of results) {
    if (!r.task) continue;
    const list = byCanary.get(r.task.definition.canary) ?? [];
    list.push(r);
    byCanary.set(r.task.definition.canary, list);
  }
  for (const group of byCanary.values()) {
    if (group.length < 2) continue;
    for (const r of group) {
      const others = group.filter((g) => g !== r).map((g) => g.task!.definition.id);
      r.problems.push(problem(r.task!, ['canary'], `not unique: also used by ${others.join(', ')}`, 'unique-canary'));
    }
  }
  return results;
}
