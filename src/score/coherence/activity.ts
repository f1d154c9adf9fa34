import type { CallRecord } from '../trajectory-helpers.js';
import { changedPaths, normalizePath, pathArg, stringArg, testOutcome } from '../trajectory-helpers.js';

/**
 * What the coherence scorer (scoring.md §4) needs to know about single calls: which files a call
 * edited, which files it read, whether it ran the tests. Pure functions of the recorded calls.
 */

/**
 * Build and tool by-products that are not the agent's work: Python bytecode and tool caches,
 * `node_modules`. A test run that writes `__pycache__/` is not an edit.
 */
export function isArtefact(path: string): boolean {
  return /(^|\/)(__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.cache|node_modules)\//.test(path) || /\.py[co]$/.test(path);
}

/** The paths a call changed, by-products excluded. */
export function editedPaths(rec: CallRecord): string[] {
  return changedPaths(rec).filter((p) => !isArtefact(p));
}

/** A call that changed at least one file that is not a by-product (whatever the tool: `bash` edits count). */
export function isEdit(rec: CallRecord): boolean {
  return editedPaths(rec).length > 0;
}

/** The last call that edited a file, if any. */
export function lastEdit(calls: readonly CallRecord[]): CallRecord | undefined {
  for (let i = calls.length - 1; i >= 0; i--) if (isEdit(calls[i]!)) return calls[i];
  return undefined;
}

/** A test run that finished (passed or failed), as {@link testOutcome} sees it. */
export function ranTests(rec: CallRecord, visibleCommand: string): boolean {
  return testOutcome(rec, visibleCommand) !== undefined;
}

/** Shell commands that show a file's content (`sed -n`, not `sed -i`). */
const READ_COMMAND = /(?:^|[\s;&|()])(?:cat|head|tail|less|more|nl|grep|egrep|rg|awk|sed\s+-n)(?=\s)/;

/**
 * The files a successful call read: `read_file` its `path`; `search` its `path` when that is not
 * the repository root; a `bash` call that exits 0 and runs a reading command (`cat`, `head`,
 * `tail`, `less`, `more`, `nl`, `grep`, `rg`, `awk`, `sed -n`) every argument that looks like a
 * path (has a `/` or a `.`, not an option). Failed calls read nothing.
 */
export function readTargets(rec: CallRecord): string[] {
  const r = rec.result;
  if (!r || r.kind !== 'ok') return [];
  if (rec.tool === 'read_file' || rec.tool === 'search') {
    const p = pathArg(rec);
    return p && p !== '.' ? [p] : [];
  }
  if (rec.tool !== 'bash' || (r.exitCode ?? 0) !== 0) return [];
  const command = stringArg(rec, 'command') ?? '';
  if (!READ_COMMAND.test(command)) return [];
  return command
    .split(/[\s;&|()<>]+/)
    .map((t) => t.replace(/^['"]|['"]$/g, ''))
    .filter((t) => t && !t.startsWith('-') && /[./]/.test(t) && !/^\d/.test(t))
    .map(normalizePath);
}

/** Docs and specifications: anything under `docs/`, `doc/`, `spec(s)/`, or a README / api / spec / OpenAPI / Swagger file. */
export function isSpecPath(path: string): boolean {
  return /(^|\/)(docs?|specs?)\//i.test(path) || /(^|\/)(readme|api|spec|openapi|swagger)[^/]*$/i.test(path);
}
