import path from 'node:path';
import { readTree } from '../../sandbox/tree.js';
import { taskContentHash } from '../content-hash.js';
import type { LoadedTask } from '../loader.js';
import { patchedFiles } from '../patch-files.js';
import { readTaskFile } from '../repo-source.js';
import { variantCanary, variantRng } from './random.js';
import { STRATEGIES, strategyNamed, UnknownStrategyError } from './registry.js';
import type { RawTask, VariantContext, VariantStrategy } from './types.js';
import { BaseWorkspace, isText } from './workspace.js';
import { writeVariantFolder } from './write.js';

export { STRATEGIES, strategyNamed, UnknownStrategyError } from './registry.js';
export { VariantExistsError } from './write.js';
export type { VariantStrategy, VariantContext, VariantDraft } from './types.js';

/** Options of {@link createVariants}. */
export interface VariantOptions {
  /** Strategy names; one variant per strategy. */
  strategies: readonly string[];
  /** Folder that receives the variant folders (default: the origin's parent, i.e. `tasks/`). */
  outDir?: string;
  /** Seed of every choice a strategy makes (default 1). */
  seed?: number;
  /** Replace existing variant folders. */
  force?: boolean;
}

/** A variant written to disk. */
export interface CreatedVariant {
  id: string;
  dir: string;
  strategy: string;
  summary: string;
}

/** The id of the variant of `originId` made by `strategy`. */
export function variantId(originId: string, strategy: string): string {
  return `${originId}--${strategy}`;
}

/** A `repo: { git }` path is relative to the task folder: re-anchor it at the variant's folder. */
function reanchorRepo(raw: RawTask, origin: LoadedTask, dir: string): void {
  const repo = raw.repo as { git?: string } | string;
  if (typeof repo === 'object' && repo.git && !path.isAbsolute(repo.git)) {
    raw.repo = { ...repo, git: path.relative(dir, path.resolve(origin.dir, repo.git)) || '.' };
  }
}

/**
 * Derives one variant of `origin` per strategy and writes each as a task folder
 * `<outDir>/<origin>--<strategy>/`: a task.yaml linked to its origin (`origin: { task, strategy,
 * content_hash }`) with a fresh canary (also swapped into the hidden tests), the origin's files,
 * and the variant's repository changes folded into its setup patch (applied before the single
 * commit, so no history reveals them). The origin's repository is never edited. Deterministic for
 * a given seed.
 * @throws UnknownStrategyError before anything is written when a name is unknown.
 */
export async function createVariants(origin: LoadedTask, options: VariantOptions): Promise<CreatedVariant[]> {
  if (options.strategies.length === 0) throw new UnknownStrategyError(`no strategy given; known: ${[...STRATEGIES.keys()].join(', ')}`);
  const strategies: VariantStrategy[] = options.strategies.map(strategyNamed);
  const d = origin.definition;
  const seed = options.seed ?? 1;
  const outDir = path.resolve(options.outDir ?? path.dirname(origin.dir));
  const originHash = await taskContentHash(origin);
  const besideTree = await readTree(origin.dir, (rel) => rel === 'task.yaml' || rel.split('/').includes('__pycache__'));
  const beside = new Map(besideTree.filter((e) => e.type === 'file' && isText(e.data)).map((e) => [e.path, e.data.toString('utf8')]));
  const referenceFiles = patchedFiles(await readTaskFile(origin, d.reference)).map((f) => f.path);
  const workspace = await BaseWorkspace.open(origin);
  const created: CreatedVariant[] = [];
  try {
    for (const strategy of strategies) {
      const id = variantId(d.id, strategy.name);
      const dir = path.join(outDir, id);
      const canary = variantCanary(d.canary, strategy.name, seed);
      const ctx: VariantContext = { origin, workspace: workspace.files, beside, referenceFiles, rng: variantRng(d.id, strategy.name, seed), canary };
      const draft = await strategy.derive(ctx);
      const raw = origin.source.doc.toJS({ maxAliasCount: 50 }) as RawTask;
      draft.edit(raw);
      raw.id = id;
      raw.canary = canary;
      raw.origin = { task: d.id, strategy: strategy.name, content_hash: originHash };
      reanchorRepo(raw, origin, dir);
      const written = new Map<string, string>();
      for (const [rel, text] of [...beside, ...draft.beside]) {
        const swapped = (draft.beside.get(rel) ?? text).replaceAll(d.canary, canary);
        if (swapped !== beside.get(rel)) written.set(rel, swapped);
      }
      if (draft.workspace.size > 0 || draft.patchBeside) {
        const patches = await workspace.patches(draft.workspace, draft.patchBeside?.paths);
        const setupName = d.setup.patch ?? 'setup.patch';
        written.set(setupName, patches.setup);
        raw.setup = { ...((raw.setup as object | undefined) ?? {}), patch: setupName };
        if (draft.patchBeside) written.set(draft.patchBeside.name, patches.againstBase);
      }
      await writeVariantFolder({ dir, raw, copied: besideTree, written, header: `Variant of ${d.id} (strategy ${strategy.name}, seed ${seed}), made by \`crucible task variant\`: ${draft.summary}` }, !!options.force);
      created.push({ id, dir, strategy: strategy.name, summary: draft.summary });
    }
  } finally {
    await workspace.close();
  }
  return created;
}
