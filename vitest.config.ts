import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` runs in parallel and needs Node (plus Debian's python3-pytest for the
 * attesting launcher's tests, which .ci/run installs); `browser` drives Debian's headless chromium
 * through playwright-core (one file at a time); `engine` talks to a real
 * Docker engine and runs one file at a time so sandboxes do not compete for the machine's two cores.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.engine.test.ts', 'test/**/*.browser.test.ts', 'test/fixtures/**'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          exclude: ['test/fixtures/**'],
          fileParallelism: false,
          testTimeout: 60_000,
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
