import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` runs in parallel and needs Node (plus Debian's python3-pytest for the
 * attesting launcher's tests, which .ci/run installs); `engine` talks to a real
 * Docker engine and runs one file at a time so sandboxes do not compete for the machine's two cores.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.engine.test.ts', 'test/fixtures/**'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'engine',
          include: ['test/**/*.engine.test.ts'],
          exclude: ['test/fixtures/**'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 600_000,
          globalSetup: ['test/engine-setup.ts'],
        },
      },
    ],
  },
});
