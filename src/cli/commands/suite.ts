import { Command } from '@commander-js/extra-typings';
import { isHarnessError } from '../../errors.js';
import { pinSuite } from '../../run/suite.js';
import { DockerProvider } from '../../sandbox/docker/docker-provider.js';
import { action } from '../harness-errors.js';
import { loadValidTasks } from '../load-tasks.js';

/** `crucible suite …`: pinned task lists for reproducible runs. */
export function suiteCommand(): Command {
  const suite = new Command('suite').description('Pinned task suites (suites/NAME.yaml) for reproducible runs');
  suite
    .command('pin')
    .description('Write suites/NAME.yaml: each task id with its content hash and sandbox image id')
    .argument('<name>', 'suite name (then select it with --tasks suite:NAME)')
    .requiredOption('--tasks <selection>', 'tasks to pin: ids, globs, folders or all')
    .option('--json', 'print the pinned entries as JSON')
    .action(
      action(async (name, opts) => {
        const tasks = await loadValidTasks(opts.tasks);
        if (!tasks) return;
        const provider = new DockerProvider();
        let docker: DockerProvider['docker'] | undefined = provider.docker;
        try {
          await provider.ping();
        } catch (err) {
          if (!isHarnessError(err)) throw err;
          docker = undefined;
        }
        let pinned;
        try {
          pinned = await pinSuite(name, tasks, { root: process.cwd(), ...(docker ? { docker } : {}) });
        } catch (err) {
          if (!(err instanceof RangeError)) throw err;
          process.stderr.write(`crucible: ${err.message}\n`);
          process.exitCode = 1;
          return;
        }
        for (const w of pinned.warnings) process.stderr.write(`crucible: warning: ${w}\n`);
        if (opts.json) process.stdout.write(`${JSON.stringify(pinned, null, 2)}\n`);
        else process.stdout.write(`pinned ${pinned.entries.length} task(s) in ${pinned.file}\n`);
      }),
    );
  return suite;
}
