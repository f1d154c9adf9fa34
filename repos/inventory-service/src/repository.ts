import { fail } from './errors.js';

/** Anything stored in a repository must carry a string id. */
export interface Entity {
  id: string;
}

/**
 * Minimal in-memory repository. Values are deep-cloned on the way in and on
 * the way out so callers can never mutate stored state behind the
 * repository's back (a bug we had when orders were shared by reference).
 */
export class InMemoryRepository<T extends Entity> {
  private readonly items = new Map<string, T>();

  /** Number of stored entities. */
  get size(): number {
    return this.items.size;
  }

  /**
   * Stores a new entity.
   *
   * @throws InventoryError `DUPLICATE` when the id is already taken.
   */
  insert(item: T): T {
    if (this.items.has(item.id)) fail('DUPLICATE', `entity ${item.id} already exists`);
    this.items.set(item.id, structuredClone(item));
    return structuredClone(item);
  }

  /** Returns a copy of the entity, or `undefined` when absent. */
  find(id: string): T | undefined {
    const item = this.items.get(id);
    return item === undefined ? undefined : structuredClone(item);
  }

  /**
   * Returns a copy of the entity.
   *
   * @throws InventoryError `NOT_FOUND` when absent.
   */
  get(id: string): T {
    return this.find(id) ?? fail('NOT_FOUND', `entity ${id} not found`);
  }

  /**
   * Applies `mutate` to a draft copy and stores the result. The draft is only
   * committed when `mutate` returns normally, so a throwing mutation leaves
   * the stored entity untouched.
   *
   * @throws InventoryError `NOT_FOUND` when absent, `VALIDATION` if the id changes.
   */
  update(id: string, mutate: (draft: T) => void): T {
    const draft = this.get(id);
    mutate(draft);
    if (draft.id !== id) fail('VALIDATION', `cannot change id of ${id}`);
    this.items.set(id, structuredClone(draft));
    return draft;
  }

  /** Lists copies of all entities (insertion order), optionally filtered. */
  list(predicate?: (item: T) => boolean): T[] {
    const out: T[] = [];
    for (const item of this.items.values()) {
      if (!predicate || predicate(item)) out.push(structuredClone(item));
    }
    return out;
  }
}
