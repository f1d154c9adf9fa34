import path from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { smokeRepos } from '../../run/smoke.js';
import { DockerProvider } from '../../sandbox/docker/docker-provider.js';
import { sandboxImageTag } from '../../sandbox/image/sandbox-image.js';
import { action } from '../harness-errors.js';

/** `crucible smoke`: the sandbox layer exercised on every bundled repository. */
export function smokeCommand(): Command {
  return new Command('smoke')
    .description('Smoke-test the sandbox layer on every bundled repository')
    .option('--repos <dir>', 'folder of repositories', 'repos')
    .option('--profile <name>', 'sandbox profile', 'default')
    .option('--json', 'print results as JSON')
    .action(
      action(async (opts) => {
        const provider = new DockerProvider();
        await provider.ping();
        const rows = await smokeRepos(provider, sandboxImageTag(opts.profile), path.resolve(opts.repos), (r) => {
          if (!opts.json) {
            const verdict = r.testExitCode === 0 && r.isolated && r.clean ? 'ok  ' : 'FAIL';
            process.stdout.write(
              `${verdict} ${r.repo.padEnd(20)} ready ${r.readyMs.toFixed(0).padStart(5)} ms  tests exit ${r.testExitCode} in ${(r.testMs / 1000).toFixed(1)} s  ${r.isolated ? 'isolated' : r.isolationNotes.join(', ')}  ${r.clean ? 'one clean commit' : 'workspace NOT clean'}  ${r.testSummary}\n`,
            );
          }
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        const failed = rows.filter((r) => r.testExitCode !== 0 || !r.isolated || !r.clean);
        if (!opts.json) process.stdout.write(`${rows.length - failed.length}/${rows.length} repositories passed the smoke evaluation\n`);
        if (rows.length === 0 || failed.length > 0) process.exitCode = 1;
      }),
    );
}
