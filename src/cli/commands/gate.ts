import { readFile, writeFile } from 'node:fs/promises';
import { Command } from '@commander-js/extra-typings';
import { formatGate, gate, parseGateConfig, parseMinFlags, resolveGateConfig } from '../../report/gate.js';
import { gateJunit, githubAnnotations } from '../../report/junit.js';
import { expectedFailure, integerOption, numberOption, readSelections } from '../../report/load.js';
import { action } from '../harness-errors.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * `crucible gate`: non-inferiority of a candidate against a baseline plus hard limits.
 * Exit 0 = pass, 1 = regression, 2 = invalid or inconclusive (config format: src/report/gate.ts).
 */
export function gateCommand(): Command {
  return new Command('gate')
    .description('Release gate: non-inferiority against a baseline (exit 0 pass, 1 regression, 2 invalid)')
    .requiredOption('--db <file>', 'results database')
    .requiredOption('--candidate <selection>', 'agent spec (openai:gpt-x) or labels (version=1.5) of the candidate')
    .requiredOption('--baseline <selection>', 'agent spec or labels of the baseline')
    .option('--config <file>', 'gate.yaml: { margin, max_harness_errors, metrics: [{ name, margin? }], min: { name: value } }')
    .option('--min <metric=value>', 'floor on the candidate\'s mean, e.g. resolved=0.6 (repeatable)', collect)
    .option('--margin <x>', 'non-inferiority margin in metric units (default 0.03)')
    .option('--max-harness-errors <rate>', 'largest harness-error rate per side, a fraction (default 0.02)')
    .option('--junit <file>', 'also write JUnit XML: one testcase per task and per criterion')
    .option('--json', 'print the gate result as JSON')
    .option('--seed <n>', 'seed of the bootstrap', '1')
    .option('--iterations <n>', 'bootstrap resamples', '10000')
    .action(
      action(async (opts) => {
        try {
          const file = opts.config ? parseGateConfig(await readFile(opts.config, 'utf8'), opts.config) : {};
          const config = resolveGateConfig(file, {
            ...(opts.margin !== undefined ? { margin: numberOption('--margin', opts.margin) } : {}),
            ...(opts.maxHarnessErrors !== undefined ? { maxHarnessErrors: numberOption('--max-harness-errors', opts.maxHarnessErrors, true) } : {}),
            min: parseMinFlags(opts.min ?? []),
          });
          const options = { seed: integerOption('--seed', opts.seed), iterations: integerOption('--iterations', opts.iterations, 1) };
          const [candidate, baseline] = readSelections(opts.db, [opts.candidate, opts.baseline]);
          const result = gate(candidate!, baseline!, config, options);
          if (opts.junit) await writeFile(opts.junit, gateJunit(result));
          process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatGate(result));
          if (process.env.GITHUB_ACTIONS === 'true') process.stdout.write(`${githubAnnotations(result).join('\n')}\n`);
          process.exitCode = result.exitCode;
        } catch (err) {
          const message = expectedFailure(err) ?? fileFailure(err);
          if (message === undefined) throw err;
          process.stderr.write(`crucible: ${message}\n`);
          process.exitCode = 2;
        }
      }),
    ) as unknown as Command;
}

function fileFailure(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  return e?.code === 'ENOENT' || e?.code === 'EACCES' || e?.code === 'EISDIR' ? e.message : undefined;
}
