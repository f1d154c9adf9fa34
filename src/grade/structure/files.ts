/**
 * Reading and outlining the files a batch of structure checks refers to, each file once per tree.
 */
import { StructureSourceError } from './parser.js';
import { outlineSource } from './symbols.js';
import type { Outline } from './types.js';

/** The two trees a check compares: the original repository and the agent's final workspace. */
export type TreeSide = 'base' | 'final';

/**
 * Access to file contents in both trees. Each function resolves to `undefined` when the file
 * does not exist in that tree; a rejection (the sandbox is gone, say) is a harness failure and is
 * passed on to the caller of `checkStructure` rather than scored against the agent.
 */
export interface StructureFiles {
  base(path: string): Promise<string | undefined>;
  final(path: string): Promise<string | undefined>;
}

/** One file of one tree, as far as the analysis could read it. */
export type LoadedFile =
  | { state: 'missing' }
  | { state: 'unreadable'; error: StructureSourceError }
  | { state: 'ok'; outline: Outline };

/** Loads and outlines files on demand, sharing the work between checks on the same file. */
export class FileOutlines {
  private readonly cache = new Map<string, Promise<LoadedFile>>();
  private readonly files: StructureFiles;

  constructor(files: StructureFiles) {
    this.files = files;
  }

  /** The outline of `path` in tree `side`. */
  get(side: TreeSide, path: string): Promise<LoadedFile> {
    const key = `${side}\u0000${path}`;
    let pending = this.cache.get(key);
    if (pending === undefined) {
      pending = this.load(side, path);
      this.cache.set(key, pending);
    }
    return pending;
  }

  private async load(side: TreeSide, path: string): Promise<LoadedFile> {
    const source = side === 'base' ? await this.files.base(path) : await this.files.final(path);
    if (source === undefined) return { state: 'missing' };
    try {
      return { state: 'ok', outline: await outlineSource(path, source) };
    } catch (err) {
      // Bad source is a finding about the file; anything else (a grammar failing to load) is not.
      if (err instanceof StructureSourceError) return { state: 'unreadable', error: err };
      throw err;
    }
  }
}
