import { Command } from '@commander-js/extra-typings';
import { mergeStores } from '../../store/merge.js';
import { StoreSchemaError } from '../../store/migrations.js';
import { StoreError } from '../../store/store.js';
import { action } from '../harness-errors.js';

/** `crucible merge`: combines results databases (shards of one run, or several runs) into one. */
export function mergeCommand(): Command {
  return new Command('merge')
    .description('Combine results databases (e.g. the shards of a run) into one; conflicting duplicates are reported')
    .argument('<sources...>', 'results databases to read')
    .requiredOption('--into <file>', 'database to write (created if missing; what it holds is kept)')
    .option('--json', 'print the merge report as JSON')
    .action(
      action(async (sources, opts) => {
        let report;
        try {
          report = mergeStores(sources, opts.into);
        } catch (err) {
          if (err instanceof StoreError || err instanceof StoreSchemaError) {
            process.stderr.write(`crucible: ${err.message}\n`);
            process.exitCode = 1;
            return;
          }
          throw err;
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else {
          process.stdout.write(
            `merged ${sources.length} database(s) into ${opts.into}: ${report.runs} run(s), ${report.attempts} attempt(s); ${report.copied} copied, ${report.identical} identical, ${report.upgraded} upgraded, ${report.superseded} superseded, ${report.conflicts.length} conflict(s), ${report.reviews} review(s) copied\n`,
          );
        }
        for (const c of report.conflicts) {
          process.stderr.write(`crucible: conflict: ${c.kind} ${c.id} differs in ${c.fields.join(', ')}; kept ${c.kept}, not copied from ${c.rejected}\n`);
        }
        if (report.conflicts.length) process.exitCode = 1;
      }),
    ) as unknown as Command;
}
