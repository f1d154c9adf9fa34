import type { TestProject } from 'vitest/node';
import { DockerProvider } from '../src/sandbox/docker/docker-provider.js';
import { buildSandboxImage } from '../src/sandbox/image/sandbox-image.js';

/**
 * Global setup of the `engine` project: the engine must answer and the default sandbox image
 * must be current. Under CI=true a missing engine fails every engine test instead of skipping
 * them; elsewhere the tests are skipped with the reason printed once.
 */
export default async function setup(project: TestProject): Promise<void> {
  const provider = new DockerProvider();
  try {
    await provider.ping();
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    process.stderr.write(`engine tests skipped: ${(err as Error).message}\n`);
    project.provide('engineImage', '');
    return;
  }
  const image = await buildSandboxImage(provider.docker, 'default');
  project.provide('engineImage', image.tag);
}

declare module 'vitest' {
  export interface ProvidedContext {
    engineImage: string;
  }
}
