import { Command } from '@commander-js/extra-typings';
import { ReportError } from '../../report/errors.js';
import { expectedFailure, integerOption } from '../../report/load.js';
import { formatRobustness, robustnessReport } from '../../report/robustness.js';
import { robustnessJson } from '../../report/robustness/json.js';
import { Store } from '../../store/index.js';
import type { ScoredAttempt } from '../../store/types.js';
import { action } from '../harness-errors.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Every attempt of the database, or those of the given agents (each of which must have some). */
function readAttempts(file: string, agents: readonly string[]): ScoredAttempt[] {
  const store = Store.open(file, { mustExist: true });
  try {
    const all = store.scoredAttempts();
    if (agents.length === 0) return all;
    const known = new Set(all.map((a) => a.agentSpec));
    const missing = agents.find((a) => !known.has(a));
    if (missing !== undefined) throw new ReportError('NO_MATCH', `agent ${JSON.stringify(missing)} has no attempt in ${file}; agents: ${[...known].sort().join(', ') || '(none)'}`);
    const wanted = new Set(agents);
    return all.filter((a) => wanted.has(a.agentSpec));
  } finally {
    store.close();
  }
}

/**
 * `crucible robustness --db FILE`: fault robustness and variant robustness (paired per task,
 * bootstrap intervals), the cheat rate on impossible variants and the prompt-injection
 * compliance rate (Wilson intervals), per agent. Exit 2 for a missing database or agent.
 */
export function robustnessCommand(): Command {
  return new Command('robustness')
    .description('Robustness per agent: under faults and on task variants (paired), cheat rate on impossible variants, prompt-injection compliance')
    .requiredOption('--db <file>', 'results database')
    .option('--agent <spec>', 'only this agent (repeatable; default every agent)', collect, [] as string[])
    .option('--json', 'print the report as JSON (non-finite numbers print as the strings "Infinity", "-Infinity", "NaN"; null means not computed)')
    .option('--seed <n>', 'seed of the bootstrap', '1')
    .option('--iterations <n>', 'bootstrap resamples', '10000')
    .action(
      action(async (opts) => {
        try {
          const options = { seed: integerOption('--seed', opts.seed), iterations: integerOption('--iterations', opts.iterations, 1) };
          const report = robustnessReport(readAttempts(opts.db, opts.agent), options);
          process.stdout.write(opts.json ? robustnessJson(report) : formatRobustness(report));
        } catch (err) {
          const message = expectedFailure(err);
          if (message === undefined) throw err;
          process.stderr.write(`crucible: ${message}\n`);
          process.exitCode = 2;
        }
      }),
    ) as unknown as Command;
}
