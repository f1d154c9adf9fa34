import { describe, expect, it } from 'vitest';
import { repoTestCommand, testSummary } from '../../src/run/smoke.js';

describe('smoke helpers', () => {
  it.each([
    ['# tests 3\n# pass 2\n# fail 1\n', '2 passed, 1 failed'],
    ['======= 59 passed in 0.06s =======\n', '59 passed in 0.06s'],
    ['nothing to see\n', ''],
  ])('summarizes %j', (output, summary) => {
    expect(testSummary(output)).toBe(summary);
  });

  it('reads the test command from package.json, else pyproject.toml, else none', async () => {
    expect(await repoTestCommand('repos/inventory-service')).toBe('tsx --test test/*.test.ts');
    expect(await repoTestCommand('repos/textkit')).toBe('python3 -m pytest -q -p no:cacheprovider');
    expect(await repoTestCommand('test')).toBeUndefined();
  });
});
