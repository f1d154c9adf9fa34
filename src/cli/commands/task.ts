import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { applyDiff } from '../../grade/apply-diff.js';
import { openTaskSandbox } from '../../grade/task-sandbox.js';
import { failsStrict, mutationLines, mutationSummary, scoreCell } from '../../mutation/format.js';
import { runMutation } from '../../mutation/run.js';
import type { MutationReport } from '../../mutation/types.js';
import { validateTask } from '../../run/validate.js';
import type { TaskValidation } from '../../run/validate.js';
import { DockerProvider } from '../../sandbox/docker/docker-provider.js';
import { lintTasks } from '../../task/lint.js';
import { formatProblem } from '../../task/problems.js';
import { taskJsonSchema } from '../../task/json-schema.js';
import { selectTasks } from '../../task/selection.js';
import { importSwebench } from '../../task/import-swebench.js';
import { ReportFormatSchema } from '../../task/schema.js';
import { action } from '../harness-errors.js';
import { loadValidTasks } from '../load-tasks.js';
import { taskVariantCommand } from './task-variant.js';

const SELECTION_HELP = 'tasks: ids, globs, task folders, `all` or `suite:NAME`, comma-separated';

function row(v: TaskValidation): string {
  const mark = (name: string) => {
    const c = v.checks.find((x) => x.name === name);
    return c ? (c.ok ? 'ok' : 'FAIL') : '-';
  };
  // An impossible task proves other things in the reference and no-op columns: its reference
  // passes the hidden tests (and is not resolved without a report), an empty cannot-comply is.
  const impossible = v.checks.some((c) => c.name === 'cannot-comply-resolved');
  const ref = impossible ? 'reference-passes-hidden' : 'reference-resolves';
  const noop = impossible ? 'cannot-comply-resolved' : 'noop-not-resolved';
  return [v.valid ? 'valid  ' : 'INVALID', v.task.padEnd(36), (impossible ? `${v.kind} (impossible)` : v.kind).padEnd(15), mark('base-fails-f2p').padEnd(6), mark('base-passes-p2p').padEnd(6), mark(ref).padEnd(6), mark(noop).padEnd(6), mark('stable').padEnd(6), mark('structure')].join(' ');
}

function integerOption(min: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expects an integer ≥ ${min}`);
    return n;
  };
}

function fractionOption(text: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1) throw new InvalidArgumentError('expects a number between 0 and 1');
  return x;
}

/** CI samples at most 15 mutants per task (issue 7); locally a larger sample gives a steadier score. */
const DEFAULT_MAX_MUTANTS = process.env.CI === 'true' ? 15 : 40;

/** `crucible task …`: lint, validate, inspect tasks. */
export function taskCommand(): Command {
  const task = new Command('task').description('Check, validate and inspect task definitions');
  task
    .command('lint')
    .description('Report every problem of task files with file:line:column, field and expectation')
    .argument('[tasks]', SELECTION_HELP, 'all')
    .action(
      action(async (spec) => {
        const selected = await selectTasks(spec, process.cwd());
        const results = await lintTasks(selected.map((s) => s.dir), process.cwd());
        let errors = 0;
        for (const r of results) {
          for (const p of r.problems) {
            process.stdout.write(`${formatProblem(p)}\n`);
            if (p.severity === 'error') errors++;
          }
        }
        process.stdout.write(`${results.length} task(s), ${errors} error(s), ${results.reduce((n, r) => n + r.problems.length, 0) - errors} warning(s)\n`);
        if (errors > 0) process.exitCode = 1;
      }),
    );
  task
    .command('validate')
    .description('Prove tasks sound in sandboxes: base fails, reference passes, no-op fails, stable, structure')
    .argument('[tasks]', SELECTION_HELP, 'all')
    .option('--repeats <n>', 'grades of the base and of the reference per task', '3')
    .option('--json', 'print the validations as JSON')
    .option('--keep-sandbox', 'keep the sandbox of a failing reference grade for inspection')
    .option('--mutation', 'also measure hidden-test strength: the mutation score of the code the reference changes')
    .option('--max-mutants <n>', 'mutants run per task, sampled by --seed (15 when CI=true, else 40)', integerOption(1), DEFAULT_MAX_MUTANTS)
    .option('--mutation-threshold <x>', 'lowest acceptable mutation score', fractionOption, 0.8)
    .option('--strict', 'with --mutation: a task scoring below the threshold, or whose score could not be measured, is invalid')
    .option('--seed <n>', 'seed of the mutant sample', integerOption(0), 1)
    .action(
      action(async (spec, opts) => {
        const tasks = await loadValidTasks(spec);
        if (!tasks) return;
        const provider = new DockerProvider();
        await provider.ping();
        const results: (TaskValidation & { mutation?: MutationReport })[] = [];
        const threshold = opts.mutationThreshold;
        const header = `${'verdict'.padEnd(7)} ${'task'.padEnd(36)} ${'kind'.padEnd(15)} base✗F2P base✓P2P ref✓  noop✗ stable structure`;
        if (!opts.json) process.stdout.write(`${header}${opts.mutation ? '  mutation' : ''}\n`);
        for (const t of tasks) {
          const v: TaskValidation & { mutation?: MutationReport } = await validateTask(t, { provider, repeats: Number(opts.repeats), keepSandbox: opts.keepSandbox });
          if (opts.mutation) {
            v.mutation = await runMutation(t, { provider, maxMutants: opts.maxMutants, seed: opts.seed });
            // An unmeasured score is no evidence of strong tests: under --strict it fails the task too.
            if (opts.strict && failsStrict(v.mutation, threshold)) v.valid = false;
          }
          results.push(v);
          if (!opts.json) {
            process.stdout.write(`${v.mutation ? `${row(v).padEnd(header.length)}  ${scoreCell(v.mutation)}` : row(v)}\n`);
            for (const c of v.checks.filter((x) => !x.ok)) process.stdout.write(`        ${c.name}: ${c.detail}\n`);
            for (const g of v.reference.filter((x) => x.keptSandbox)) process.stdout.write(`        kept sandbox ${g.keptSandbox} (crucible sandbox gc removes it)\n`);
            if (v.mutation) for (const line of mutationLines(v.mutation, threshold)) process.stdout.write(`        ${line}\n`);
          }
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        else process.stdout.write(`${results.filter((r) => r.valid).length}/${results.length} task(s) valid${opts.mutation ? mutationSummary(results.flatMap((r) => (r.mutation ? [r.mutation] : [])), threshold, !!opts.strict) : ''}\n`);
        if (results.some((r) => !r.valid)) process.exitCode = 1;
      }),
    );
  task
    .command('shell')
    .description('Open an interactive shell in a sandbox of a task (its base, or with the reference applied)')
    .argument('<task>', 'task id or folder')
    .option('--base', 'the workspace as the agent first sees it (default)')
    .option('--reference', 'with the reference solution applied')
    .action(
      action(async (id, opts) => {
        const [t] = (await loadValidTasks(id)) ?? [];
        if (!t) return;
        const provider = new DockerProvider();
        await provider.ping();
        const sandbox = await openTaskSandbox(provider, t, { purpose: 'shell' });
        try {
          if (opts.reference) {
            const applied = await applyDiff(sandbox, await readFile(path.join(t.dir, t.definition.reference), 'utf8'));
            if (!applied.applied) process.stderr.write(`reference does not apply: ${applied.error}\n`);
          }
          process.stderr.write(`sandbox ${sandbox.id}: ${t.definition.id} ${opts.reference ? '(reference applied)' : '(base)'}; exit the shell to remove it\n`);
          spawnSync('docker', ['exec', '-it', '-u', 'agent', '-w', '/workspace', '-e', 'HOME=/home/agent', sandbox.id, 'bash', '-l'], { stdio: 'inherit' });
        } finally {
          await sandbox.close();
        }
      }),
    );
  const importCmd = task.command('import').description('Import tasks from other formats');
  importCmd
    .command('swebench')
    .description('Import SWE-bench instances (JSONL) as tasks on local clones, with no network')
    .argument('<file>', 'instances JSONL')
    .requiredOption('--repos <dir>', 'folder of local clones named <owner>__<name> or <name>')
    .option('--out <dir>', 'where task folders are written', 'tasks')
    .option('--profile <name>', 'sandbox profile of the imported tasks', 'default')
    .option('--test-cmd <cmd>', 'test command for instances without a test_cmd field')
    .option('--format <format>', 'report format of the test command (tap, junit, unittest, pytest)', 'pytest')
    .option('--strict', 'import nothing if any line is malformed')
    .action(
      action(async (file, opts) => {
        const format = ReportFormatSchema.parse(opts.format);
        const r = await importSwebench(file, { reposDir: opts.repos, outDir: opts.out, profile: opts.profile, testCmd: opts.testCmd, format, strict: opts.strict });
        for (const p of r.problems) process.stderr.write(`${p}\n`);
        for (const t of r.imported) process.stdout.write(`imported ${t.instanceId} → ${t.dir}${t.cloneFound ? '' : ' (clone not found: grading will report ENV_MISSING)'}\n`);
        process.stdout.write(`${r.imported.length} imported, ${r.problems.length} problem(s)${opts.strict && r.problems.length ? ' (--strict: nothing imported)' : ''}\n`);
        if (r.problems.length > 0) process.exitCode = 1;
      }),
    );
  task
    .command('schema')
    .description('Print the JSON Schema of task.yaml (docs/schema/task.schema.json is generated from it)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(taskJsonSchema(), null, 2)}\n`);
    });
  task.addCommand(taskVariantCommand());
  return task as unknown as Command;
}
