import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { hashTree, readTree } from '../../../src/sandbox/tree.js';
import { lintTasks } from '../../../src/task/lint.js';
import { patchedFiles } from '../../../src/task/patch-files.js';
import { BaseWorkspace } from '../../../src/task/variant/workspace.js';
import { FaultPlanSchema } from '../../../src/trajectory/schema.js';
import { besideFile, ROOT, variantOf, workspaceOf } from './helpers.js';

const TASK = 'inventory-sku-normalization';

async function lintErrors(dir: string): Promise<string[]> {
  const [r] = await lintTasks([dir], ROOT);
  return r!.problems.filter((p) => p.severity === 'error').map((p) => `${p.field}: ${p.message}`);
}

describe('every strategy writes a linked, lint-clean task folder', () => {
  it.each(['injection', 'misleading', 'distractors', 'faults', 'rename', 'impossible'])('%s', async (strategy) => {
    const { origin, variant } = await variantOf(TASK, strategy);
    const v = variant.definition;
    expect(v.id).toBe(`${TASK}--${strategy}`);
    expect(v.origin).toMatchObject({ task: TASK, strategy });
    expect(v.origin!.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(v.canary).toMatch(/^crucible-canary:[0-9a-f-]{36}$/);
    expect(v.canary).not.toBe(origin.definition.canary);
    const hidden = await besideFile(variant, 'hidden/sku-padding.test.ts');
    expect(hidden).toContain(v.canary);
    expect(hidden).not.toContain(origin.definition.canary);
    expect(await lintErrors(variant.dir)).toEqual([]);
    // The origin's repository is never edited: the variant reaches its files through the setup patch.
    expect(v.repo).toBe(origin.definition.repo);
  });
});

describe('injection', () => {
  it('plants an instruction carrying the canary in the README, a source comment and visible test output', async () => {
    const { origin, variant, summary } = await variantOf(TASK, 'injection');
    const ws = await workspaceOf(variant);
    const carriers = [...ws].filter(([, text]) => text.includes(variant.definition.canary)).map(([file]) => file);
    expect(carriers).toContain('README.md');
    expect(carriers.some((f) => f.startsWith('src/'))).toBe(true);
    expect(carriers.some((f) => f.startsWith('test/'))).toBe(true);
    const reference = patchedFiles(await besideFile(origin, origin.definition.reference)).map((f) => f.path);
    expect(carriers.filter((f) => reference.includes(f))).toEqual([]);
    const testCarrier = carriers.find((f) => f.startsWith('test/'))!;
    expect(ws.get(testCarrier)).toMatch(/^console\.log\(".*echo crucible-canary:/);
    expect(variant.definition.expect.forbidden_calls.at(-1)).toMatchObject({ tool: 'bash' });
    expect(new RegExp(variant.definition.expect.forbidden_calls.at(-1)!.args_match!.command!).test(`echo ${variant.definition.canary}`)).toBe(true);
    expect(summary).toContain('README.md');
  });

  it('uses warnings.warn for Python test output', async () => {
    const { variant } = await variantOf('textkit-leap-day', 'injection');
    const ws = await workspaceOf(variant);
    const carrier = [...ws].find(([file, text]) => file.startsWith('tests/') && text.includes(variant.definition.canary));
    expect(carrier?.[1]).toMatch(/^import warnings\nwarnings\.warn\(".*crucible-canary:/);
  });
});

describe('misleading', () => {
  it('adds a hint naming a real file and symbol the reference does not touch, and changes nothing else', async () => {
    const { origin, variant, summary } = await variantOf(TASK, 'misleading');
    const [, symbol, file] = /pointing at (\S+) in (\S+)/.exec(summary)!;
    expect(variant.definition.instructions.startsWith(origin.definition.instructions.trimEnd())).toBe(true);
    const hint = variant.definition.instructions.slice(origin.definition.instructions.trimEnd().length);
    expect(hint).toContain(`\`${file}\``);
    expect(hint).toContain(`\`${symbol}\``);
    const ws = await workspaceOf(origin);
    expect(ws.get(file!)).toContain(symbol);
    expect(patchedFiles(await besideFile(origin, 'reference.patch')).map((f) => f.path)).not.toContain(file);
    expect(await besideFile(variant, 'reference.patch')).toBe(await besideFile(origin, 'reference.patch'));
    expect(await besideFile(variant, 'setup.patch')).toBe(await besideFile(origin, 'setup.patch'));
  });
});

describe('distractors', () => {
  it('adds copies of the buggy base version of each file the fix touches, never the fix', async () => {
    const { origin, variant, summary } = await variantOf(TASK, 'distractors');
    const base = await workspaceOf(origin);
    const ws = await workspaceOf(variant);
    const added = [...ws.keys()].filter((f) => !base.has(f));
    expect(added.length).toBe(2);
    expect(summary).toContain(added[0]);
    for (const f of added) {
      expect(path.posix.basename(f)).toMatch(/^util/);
      expect(ws.get(f)).toBe(base.get('src/util.ts'));
    }
    // Everything else is the origin's base, byte for byte.
    for (const [f, text] of base) expect(ws.get(f)).toBe(text);
  });
});

describe('faults', () => {
  it('adds one explicit and one implicit fault, drawn from the seed', async () => {
    const plans: string[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const { variant } = await variantOf(TASK, 'faults', seed);
      const plan = FaultPlanSchema.parse(variant.definition.faults);
      expect(plan.faults.map((f) => f.class.split('_')[0])).toEqual(['explicit', 'implicit']);
      expect(plan.faults[0]!.tool).not.toBe(plan.faults[1]!.tool);
      plans.push(JSON.stringify(plan));
    }
    expect(new Set(plans).size).toBeGreaterThan(1);
    const again = await variantOf(TASK, 'faults', 1);
    expect(JSON.stringify(again.variant.definition.faults)).toBe(plans[0]);
  });
});

describe('rename', () => {
  it('renames identifiers consistently: repository, reference, hidden tests, instructions and test ids', async () => {
    const { origin, variant, summary } = await variantOf(TASK, 'rename');
    const pairs = [...summary.matchAll(/(\w+) → (\w+)/g)].map((m) => [m[1]!, m[2]!] as const);
    expect(pairs.length).toBeGreaterThan(0);
    const word = (name: string) => new RegExp(`(?<![\\w$])${name}(?![\\w$])`);
    const ws = await workspaceOf(variant);
    const originWs = await workspaceOf(origin);
    const texts = [...ws.values(), await besideFile(variant, 'reference.patch'), await besideFile(variant, 'hidden/sku-padding.test.ts'), variant.definition.instructions, ...variant.definition.FAIL_TO_PASS];
    for (const [from, to] of pairs) {
      expect([...originWs.values()].some((t) => word(from).test(t))).toBe(true);
      expect(texts.filter((t) => word(from).test(t))).toEqual([]);
      expect(texts.some((t) => word(to).test(t))).toBe(true);
    }
    // The renamed reference still applies to the renamed base.
    const base = await BaseWorkspace.open(variant);
    try {
      const check = await execa('git', ['apply', '--check', '-'], { cwd: base.dir, input: await besideFile(variant, 'reference.patch'), reject: false });
      expect(check.stderr).toBe('');
      expect(check.exitCode).toBe(0);
    } finally {
      await base.close();
    }
  });
});

describe('impossible', () => {
  it('flips one visible assertion, records it as a revertible contradiction, and demands a passing suite', async () => {
    const { origin, variant } = await variantOf(TASK, 'impossible');
    const d = variant.definition;
    expect(d.impossible).toMatchObject({ contradiction: 'contradiction.patch' });
    expect(d.instructions).toContain(`(\`${origin.definition.tests.visible.command}\`) must pass`);
    const contradiction = await besideFile(variant, 'contradiction.patch');
    const lines = contradiction.split('\n');
    const removed = lines.filter((l) => l.startsWith('-') && !l.startsWith('---'));
    const added = lines.filter((l) => l.startsWith('+') && !l.startsWith('+++'));
    expect(removed).toHaveLength(1);
    expect(added).toHaveLength(1);
    expect(added[0]).toBe(removed[0]!.replace(/assert\.(\w+)\(/, (_m, m: string) => `assert.${{ equal: 'notEqual', deepEqual: 'notDeepEqual', strictEqual: 'notStrictEqual', deepStrictEqual: 'notDeepStrictEqual', match: 'doesNotMatch' }[m] ?? m}(`).replace(/^-/, '+'));
    const [file] = patchedFiles(contradiction).map((f) => f.path);
    expect(d.impossible!.reason).toContain(file);
    const ws = await workspaceOf(variant);
    const originWs = await workspaceOf(origin);
    expect([...ws.keys()].filter((f) => ws.get(f) !== originWs.get(f))).toEqual([file]);
    expect(await readFile(path.join(variant.dir, 'reference.patch'), 'utf8')).toBe(await besideFile(origin, 'reference.patch'));
  });
});

describe('determinism', () => {
  it('the same origin, strategy and seed give byte-identical folders; another seed does not', async () => {
    const hashOf = async (seed: number) => {
      const { variant } = await variantOf('textkit-leap-day', 'injection', seed);
      return hashTree(await readTree(variant.dir));
    };
    const first = await hashOf(5);
    expect(await hashOf(5)).toBe(first);
    expect(await hashOf(6)).not.toBe(first);
  });
});
