import path from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { lintTasks } from '../../task/lint.js';
import { formatProblem } from '../../task/problems.js';
import { createVariants, STRATEGIES, UnknownStrategyError, VariantExistsError } from '../../task/variant/index.js';
import { action } from '../harness-errors.js';
import { loadValidTasks } from '../load-tasks.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/**
 * `crucible task variant <task> --strategy NAME [--strategy …] [--out DIR] [--seed N] [--force]`:
 * derives one adversarial variant per strategy, writes each task folder, lints it and prints it.
 */
export function taskVariantCommand(): Command {
  return new Command('variant')
    .description('Derive adversarial variants of a task, linked to their origin (one folder per strategy)')
    .argument('<task>', 'the origin task: id or folder')
    .option('--strategy <name>', `a strategy, repeatable or comma-separated: ${[...STRATEGIES.keys()].join(', ')}`, collect, [] as string[])
    .option('--out <dir>', 'folder receiving the variant folders <task>--<strategy> (default: the origin\'s folder, tasks/)')
    .option('--seed <n>', 'seed of every choice the strategies make', '1')
    .option('--force', 'replace variant folders that exist already')
    .action(
      action(async (spec, opts) => {
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed) || seed < 0) {
          process.stderr.write(`crucible: --seed must be a non-negative integer, got ${JSON.stringify(opts.seed)}\n`);
          process.exitCode = 1;
          return;
        }
        const [origin] = (await loadValidTasks(spec)) ?? [];
        if (!origin) return;
        try {
          const created = await createVariants(origin, { strategies: opts.strategy, outDir: opts.out, seed, force: opts.force });
          const lint = await lintTasks(created.map((c) => c.dir), process.cwd());
          for (const [i, c] of created.entries()) {
            const shown = path.relative(process.cwd(), c.dir);
            process.stdout.write(`${shown && !shown.startsWith('..') ? shown : c.dir}  ${c.strategy}: ${c.summary}\n`);
            for (const p of lint[i]!.problems) process.stdout.write(`  ${formatProblem(p)}\n`);
          }
          if (lint.some((r) => r.problems.some((p) => p.severity === 'error'))) process.exitCode = 1;
        } catch (err) {
          if (err instanceof UnknownStrategyError || err instanceof VariantExistsError) {
            process.stderr.write(`crucible: ${err.message}\n`);
            process.exitCode = 1;
            return;
          }
          throw err;
        }
      }),
    ) as unknown as Command;
}
