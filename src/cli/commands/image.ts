import { Command } from '@commander-js/extra-typings';
import { DockerProvider } from '../../sandbox/docker/docker-provider.js';
import { buildSandboxImage } from '../../sandbox/image/sandbox-image.js';
import { buildSelfImage } from '../../sandbox/image/self-image.js';
import { loadProfile } from '../../sandbox/image/profile.js';
import { checkToolchain } from '../../sandbox/image/toolchain.js';
import { HarnessError } from '../../errors.js';
import { action } from '../harness-errors.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** `crucible image …`: build sandbox images and Crucible's own image. */
export function imageCommand(): Command {
  const image = new Command('image').description('Build sandbox images and Crucible\'s own image');
  image
    .command('build')
    .description('Build a sandbox profile\'s image unless its content hash is unchanged')
    .argument('[profile]', 'profile folder under sandboxes/', 'default')
    .option('--base <image>', 'start from this registry image instead of an offline debootstrap base')
    .option('--force', 'rebuild even when the content hash is unchanged')
    .option('-v, --verbose', 'print build output')
    .action(
      action(async (profile, opts) => {
        const provider = new DockerProvider();
        await provider.ping();
        const started = Date.now();
        const r = await buildSandboxImage(provider.docker, profile, { base: opts.base, force: opts.force, log: opts.verbose ? log : (l) => (/^(debootstrap|importing|npm ci|building)/.test(l) ? log(l) : undefined) });
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        const tools = await checkToolchain(provider, r.tag, await loadProfile(profile));
        if (tools.problems.length > 0) {
          throw new HarnessError('IMAGE_BUILD_FAILED', `${r.tag} does not hold what sandboxes/${profile}/profile.yaml declares: ${tools.problems.join('; ')}`);
        }
        process.stdout.write(`${r.tag} ${r.id.slice(7, 19)} ${r.built ? `built in ${secs}s` : 'up to date'} (base ${r.base}, hash ${r.hash.slice(0, 12)}; node ${tools.node}, python ${tools.python})\n`);
      }),
    );
  image
    .command('self')
    .description('Build Crucible\'s own image (official Node 20 base, or an offline local base)')
    .option('--base <image>', 'Node 20 bookworm base to build on')
    .option('--tag <tag>', 'tag of the image', 'crucible/crucible:latest')
    .action(
      action(async (opts) => {
        const provider = new DockerProvider();
        await provider.ping();
        const r = await buildSelfImage(provider.docker, { base: opts.base, tag: opts.tag, log });
        process.stdout.write(`${r.tag} ${r.id.slice(7, 19)} (base ${r.base})\n`);
      }),
    );
  return image;
}
