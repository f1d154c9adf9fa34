import { Command } from '@commander-js/extra-typings';
import { DockerProvider } from '../../sandbox/docker/docker-provider.js';
import { collectGarbage, parseDuration } from '../../sandbox/gc.js';
import { action } from '../harness-errors.js';

/** `crucible sandbox …`: housekeeping of sandbox containers. */
export function sandboxCommand(): Command {
  const sandbox = new Command('sandbox').description('Manage sandbox containers');
  sandbox
    .command('gc')
    .description('Remove sandboxes whose owner process is gone (or older than a bound)')
    .option('--older-than <duration>', 'also remove sandboxes older than this (e.g. 2h, 1d)')
    .option('--dry-run', 'only list what would be removed')
    .action(
      action(async (opts) => {
        const provider = new DockerProvider();
        await provider.ping();
        const decisions = await collectGarbage(provider.docker, {
          olderThanMs: opts.olderThan === undefined ? undefined : parseDuration(opts.olderThan),
          dryRun: opts.dryRun,
        });
        for (const d of decisions) {
          process.stdout.write(`${d.removed ? 'removed' : opts.dryRun && d.reason !== 'owner alive' && d.reason !== 'owner unknown' ? 'would remove' : 'kept'}\t${d.name}\t${d.reason}\n`);
        }
        process.stdout.write(`${decisions.filter((d) => d.removed).length} removed, ${decisions.filter((d) => !d.removed).length} kept\n`);
      }),
    );
  return sandbox;
}
