import { Command } from '@commander-js/extra-typings';
import { readTrajectory, TrajectoryFormatError } from '../../trajectory/reader.js';
import { formatTrajectory } from '../../trajectory/show.js';

/** `crucible trajectory …`: read recorded attempts. */
export function trajectoryCommand(): Command {
  const trajectory = new Command('trajectory').description('Read recorded trajectories');
  trajectory
    .command('show')
    .description('Print a trajectory for a person: calls, results, faults, files changed, the end')
    .argument('<file>', 'a trajectory .jsonl file')
    .option('--diff', 'also print the final diff')
    .option('--width <n>', 'characters per shown argument or output', '100')
    .action(async (file, opts) => {
      try {
        process.stdout.write(formatTrajectory(await readTrajectory(file), { diff: opts.diff, width: Number(opts.width) }));
      } catch (err) {
        if (!(err instanceof TrajectoryFormatError)) throw err;
        process.stderr.write(`crucible: ${err.message}\n`);
        process.exitCode = 1;
      }
    });
  return trajectory as unknown as Command;
}
