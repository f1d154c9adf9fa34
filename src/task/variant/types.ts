import type { LoadedTask } from '../loader.js';

/** task.yaml as its author wrote it (no defaults applied), edited by strategies before writing. */
export type RawTask = Record<string, unknown>;

/** What a strategy derives a variant from. Everything is read-only. */
export interface VariantContext {
  origin: LoadedTask;
  /** Text files of the origin's base workspace (the repository after the origin's setup patch), by path. */
  workspace: ReadonlyMap<string, string>;
  /** Text files beside the origin's task.yaml (reference patch, hidden tests, …), by relative path. */
  beside: ReadonlyMap<string, string>;
  /** Workspace paths the origin's reference patch changes (or creates). */
  referenceFiles: readonly string[];
  /** Seeded generator in [0, 1): the only source of choices, so a seed always gives the same variant. */
  rng: () => number;
  /** The variant's own canary (fresh, derived from origin, strategy and seed). */
  canary: string;
}

/** What a strategy changes; the writer turns it into a task folder. */
export interface VariantDraft {
  /** Workspace edits (new text, or null to delete): folded into the variant's setup patch. */
  workspace: Map<string, string | null>;
  /** Files beside task.yaml to write or replace (text). */
  beside: Map<string, string>;
  /** Edits the raw task definition (id, canary, origin and setup.patch are set by the writer). */
  edit: (raw: RawTask) => void;
  /** One line saying what the variant does, for the CLI and the task's title. */
  summary: string;
  /** Also write, beside task.yaml under `name`, the diff of these workspace paths against the origin's base. */
  patchBeside?: { name: string; paths: string[] };
}

/** One way of deriving an adversarial variant from a task. */
export interface VariantStrategy {
  name: string;
  /** One line for help texts and error messages. */
  description: string;
  derive(ctx: VariantContext): Promise<VariantDraft>;
}

/** A strategy's draft with nothing changed yet. */
export function emptyDraft(summary: string): VariantDraft {
  return { workspace: new Map(), beside: new Map(), edit: () => {}, summary };
}
