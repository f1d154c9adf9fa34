import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inject } from 'vitest';
import { DockerProvider } from '../../src/sandbox/docker/docker-provider.js';

/** The default sandbox image built by the engine project's global setup ('' when skipped). */
export const engineImage: string = inject('engineImage');

/** True when engine tests must be skipped (only possible outside CI; see test/engine-setup.ts). */
export const noEngine = engineImage === '';

/** A provider on the engine the tests run against. */
export function testProvider(): DockerProvider {
  return new DockerProvider();
}

/** Node arguments that run Crucible's CLI from source, from any working directory. */
export function cliArgs(...args: string[]): string[] {
  return ['--import', pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href, path.resolve('src/cli/main.ts'), ...args];
}
