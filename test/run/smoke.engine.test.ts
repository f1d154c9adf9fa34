import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { smokeRepos } from '../../src/run/smoke.js';
import { engineImage, noEngine, testProvider } from '../helpers/engine.js';

describe.skipIf(noEngine)('smoke evaluation (the main job until runs exist)', () => {
  it('runs every bundled repository\'s own tests in a fresh, isolated sandbox', async () => {
    const rows = await smokeRepos(testProvider(), engineImage, path.resolve('repos'));
    expect(rows.map((r) => r.repo)).toEqual(['inventory-service', 'ledger-api-mock', 'ledger-client', 'tasklog-cli', 'textkit']);
    for (const row of rows) {
      expect(row, row.repo).toMatchObject({ testExitCode: 0, isolated: true, isolationNotes: [], clean: true });
      expect(row.testSummary, row.repo).toMatch(/^\d+ passed(, 0 failed)?/);
    }
  }, 180_000);
});
