import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Entry } from './entries.js';
import { StorageError } from './errors.js';

/** On-disk format of the log file. */
export interface LogFile {
  version: 1;
  entries: Entry[];
}

export const CURRENT_VERSION = 1;

/** A log with no entries, used when the file does not exist yet. */
export function emptyLog(): LogFile {
  return { version: CURRENT_VERSION, entries: [] };
}

/**
 * Reads and validates the log file. A missing file is an empty log (first
 * run). Files written before 0.3, which were a bare array of entries, are
 * upgraded in memory; they are rewritten in the new format on next save.
 *
 * @throws StorageError for unreadable, malformed or newer-format files.
 */
export function loadLog(path: string): LogFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyLog();
    throw new StorageError(`cannot read ${path}: ${(err as Error).message}`);
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StorageError(`${path} is not valid JSON`);
  }
  if (Array.isArray(parsed)) parsed = { version: 1, entries: parsed };
  if (typeof parsed !== 'object' || parsed === null) {
    throw new StorageError(`${path}: expected an object`);
  }
  const data = parsed as { version?: unknown; entries?: unknown };
  if (typeof data.version === 'number' && data.version > CURRENT_VERSION) {
    throw new StorageError(`${path} was written by a newer tasklog (format ${data.version})`);
  }
  if (data.version !== CURRENT_VERSION || !Array.isArray(data.entries)) {
    throw new StorageError(`${path}: unsupported file format`);
  }
  const seen = new Set<number>();
  const entries = data.entries.map((raw, index) => {
    const entry = validateEntry(raw, `${path}: entry ${index + 1}`);
    if (seen.has(entry.id)) throw new StorageError(`${path}: duplicate id ${entry.id}`);
    seen.add(entry.id);
    return entry;
  });
  return { version: CURRENT_VERSION, entries };
}

/**
 * Writes the log atomically: the JSON goes to a temporary file next to the
 * target which is then renamed over it, so a crash mid-write never leaves
 * a truncated log behind. Parent directories are created as needed.
 */
export function saveLog(path: string, log: LogFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(log, null, 2)}\n`, 'utf8');
    renameSync(tmp, path);
  } catch (err) {
    throw new StorageError(`cannot write ${path}: ${(err as Error).message}`);
  }
}

function validateEntry(raw: unknown, where: string): Entry {
  if (typeof raw !== 'object' || raw === null) throw new StorageError(`${where}: not an object`);
  const e = raw as Record<string, unknown>;
  if (!Number.isInteger(e.id) || (e.id as number) < 1) throw new StorageError(`${where}: bad id`);
  if (typeof e.description !== 'string') throw new StorageError(`${where}: bad description`);
  // Tags were optional in the legacy format.
  const tags = e.tags === undefined ? [] : e.tags;
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) {
    throw new StorageError(`${where}: bad tags`);
  }
  if (typeof e.start !== 'string' || Number.isNaN(Date.parse(e.start))) {
    throw new StorageError(`${where}: bad start`);
  }
  const end = e.end ?? null;
  if (end !== null && (typeof end !== 'string' || Number.isNaN(Date.parse(end)))) {
    throw new StorageError(`${where}: bad end`);
  }
  if (end !== null && Date.parse(end) < Date.parse(e.start)) {
    throw new StorageError(`${where}: ends before it starts`);
  }
  return { id: e.id as number, description: e.description, tags: [...tags], start: e.start, end };
}
