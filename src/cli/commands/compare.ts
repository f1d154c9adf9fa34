import { Command } from '@commander-js/extra-typings';
import { compare, formatCompare } from '../../report/compare.js';
import { expectedFailure, integerOption, readSelections } from '../../report/load.js';
import { action } from '../harness-errors.js';

/** `crucible compare A B`: paired comparison of two selections of a results database (Δ = B − A). */
export function compareCommand(): Command {
  return new Command('compare')
    .description('Compare two agents or versions paired per task: deltas with intervals, p-values and flips')
    .argument('<a>', 'baseline selection: an agent spec (oracle, openai:gpt-x) or labels (version=1.4[,k=v…])')
    .argument('<b>', 'candidate selection, in the same forms')
    .requiredOption('--db <file>', 'results database')
    .option('--json', 'print the comparison as JSON (NaN and ∞ print as null)')
    .option('--seed <n>', 'seed of the bootstrap and permutation tests', '1')
    .option('--iterations <n>', 'bootstrap resamples and Monte Carlo permutations', '10000')
    .action(
      action(async (a, b, opts) => {
        try {
          const options = { seed: integerOption('--seed', opts.seed), iterations: integerOption('--iterations', opts.iterations, 1) };
          const [baseline, candidate] = readSelections(opts.db, [a, b]);
          const result = compare(baseline!, candidate!, options);
          process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatCompare(result));
        } catch (err) {
          const message = expectedFailure(err);
          if (message === undefined) throw err;
          process.stderr.write(`crucible: ${message}\n`);
          process.exitCode = 2;
        }
      }),
    ) as unknown as Command;
}
