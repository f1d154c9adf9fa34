import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTaskFlags } from '../../src/review/task-flags.js';
import { tempDir } from './fixtures.js';

async function flagsOf(text: string): Promise<Record<string, string[]>> {
  const file = path.join(await tempDir(), 'flags');
  await writeFile(file, text);
  return Object.fromEntries([...(await readTaskFlags(file))].map(([task, set]) => [task, [...set].sort()]));
}

describe('task flags', () => {
  it('reads `crucible task validate --json` output: a failed stable check is flaky; a failed base / no-op / structure check or a mutation score below 0.8 weak', async () => {
    const validations = [
      { task: 'good', valid: true, checks: [{ name: 'stable', ok: true, detail: '' }] },
      { task: 'shaky', valid: false, checks: [{ name: 'stable', ok: false, detail: '' }] },
      { task: 'lax', valid: false, checks: [{ name: 'noop-not-resolved', ok: false, detail: '' }, { name: 'reference-resolves', ok: false, detail: '' }] },
      { task: 'both', valid: false, checks: [{ name: 'structure', ok: false }, { name: 'stable', ok: false }] },
      { task: 'mutants-survive', valid: true, checks: [{ name: 'stable', ok: true }], mutation: { score: 0.79 } },
      { task: 'mutants-die', valid: true, checks: [{ name: 'stable', ok: true }], mutation: { score: 0.8 } },
    ];
    expect(await flagsOf(JSON.stringify(validations, null, 2))).toEqual({ shaky: ['flaky'], lax: ['weak'], both: ['flaky', 'weak'], 'mutants-survive': ['weak'] });
  });

  it('reads lines "<task> weak|flaky[,…]" with comments', async () => {
    expect(await flagsOf('# reviewed 2026-01\nalpha weak\n\nbeta flaky,weak  # both\nalpha flaky\n')).toEqual({ alpha: ['flaky', 'weak'], beta: ['flaky', 'weak'] });
  });

  it.each([
    ['alpha', 'expected "<task-id> weak|flaky[,…]", got "alpha"'],
    ['alpha weak extra', 'expected "<task-id> weak|flaky[,…]", got "alpha weak extra"'],
    ['[{"task": 1}]', 'expected a validation with `task` and `checks` (crucible task validate --json)'],
    ['[nope', 'not valid JSON'],
  ])('names the file and line of a bad entry: %j', async (text, message) => {
    const file = path.join(await tempDir(), 'flags');
    await writeFile(file, text);
    await expect(readTaskFlags(file)).rejects.toThrow(message);
    await expect(readTaskFlags(file)).rejects.toThrow(file);
  });
});
