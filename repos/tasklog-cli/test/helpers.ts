import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Entry } from '../src/entries.js';

/** Creates a private temporary directory; call the returned cleanup when done. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tasklog-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Shorthand for building entries in tests. */
export function entry(id: number, start: string, end: string | null, tags: string[] = [], description = `task ${id}`): Entry {
  return { id, description, tags, start, end };
}
