import { Command } from '@commander-js/extra-typings';
import { writeReport } from '../../report/html/write-report.js';
import { expectedFailure } from '../../report/load.js';
import { action } from '../harness-errors.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * `crucible report --db FILE --out DIR`: writes a self-contained static HTML report (index.html
 * plus one page per attempt) and prints the path of index.html. A missing database or unknown
 * run is one line on stderr and exit code 2.
 */
export function reportCommand(): Command {
  return new Command('report')
    .description('Write a self-contained static HTML report from a results database')
    .requiredOption('--db <file>', 'results database')
    .requiredOption('--out <dir>', 'report folder: index.html and attempts/<id>.html (created when missing)')
    .option('--title <text>', 'page title', 'Crucible report')
    .option('--run <id>', 'only this run (repeatable; default: every run)', collect)
    .action(
      action(async (opts) => {
        try {
          const result = writeReport({ db: opts.db, out: opts.out, title: opts.title, runIds: opts.run ?? [] });
          process.stdout.write(`${result.indexFile}\n`);
        } catch (err) {
          const message = expectedFailure(err);
          if (message === undefined) throw err;
          process.stderr.write(`crucible: ${message}\n`);
          process.exitCode = 2;
        }
      }),
    ) as unknown as Command;
}
