import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { createVariants, STRATEGIES, UnknownStrategyError, VariantExistsError } from '../../../src/task/variant/index.js';
import { bundled } from './helpers.js';

function cli(...args: string[]) {
  const loader = pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href;
  return execa('node', ['--import', loader, path.resolve('src/cli/main.ts'), ...args], { reject: false });
}

describe('bad input', () => {
  it('an unknown strategy is refused before anything is written, naming every known strategy', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'crucible-variant-err-'));
    const origin = await bundled('inventory-sku-normalization');
    const err = await createVariants(origin, { strategies: ['faults', 'shuffle'], outDir: out }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownStrategyError);
    expect((err as Error).message).toBe(`unknown variant strategy "shuffle"; known: ${[...STRATEGIES.keys()].join(', ')}`);
    await expect(createVariants(origin, { strategies: [], outDir: out })).rejects.toThrow(/no strategy given; known: injection, misleading, distractors, faults, rename, impossible/);
  });

  it('an existing variant folder is kept unless --force', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'crucible-variant-err-'));
    const origin = await bundled('inventory-sku-normalization');
    await createVariants(origin, { strategies: ['faults'], outDir: out });
    await expect(createVariants(origin, { strategies: ['faults'], outDir: out })).rejects.toBeInstanceOf(VariantExistsError);
    await expect(createVariants(origin, { strategies: ['faults'], outDir: out, force: true })).resolves.toHaveLength(1);
  });

  it('the CLI names the known strategies, and close task ids for an unknown task', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'crucible-variant-err-'));
    const badStrategy = await cli('task', 'variant', 'inventory-sku-normalization', '--strategy', 'shuffle', '--out', out);
    expect(badStrategy.exitCode).toBe(1);
    expect(badStrategy.stderr).toContain('unknown variant strategy "shuffle"; known: injection, misleading, distractors, faults, rename, impossible');
    const badTask = await cli('task', 'variant', 'inventory-sku-normalisation', '--strategy', 'faults', '--out', out);
    expect(badTask.exitCode).toBe(1);
    expect(badTask.stderr).toMatch(/unknown task "inventory-sku-normalisation"; did you mean .*inventory-sku-normalization/);
  });

  it('the CLI prints each created folder with what the strategy did', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'crucible-variant-cli-'));
    const r = await cli('task', 'variant', 'inventory-sku-normalization', '--strategy', 'faults', '--strategy', 'misleading', '--out', out, '--seed', '3');
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(new RegExp(`^${out}/inventory-sku-normalization--faults  faults: fault plan: `)),
      expect.stringMatching(new RegExp(`^${out}/inventory-sku-normalization--misleading  misleading: wrong hint pointing at `)),
    ]);
  });
});
