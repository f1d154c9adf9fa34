/**
 * The full reset between mutants: every file of the workspace outside `.git` — ignored ones
 * included (build output, caches, files git skips for size) — is compared by content hash with the
 * state after the baseline run; files a mutant's run added are removed, files it changed or removed
 * are restored from a root-only archive of that state. `sandbox.diff()` alone sees only what
 * `git add -A` sees, so a mutant could otherwise leave state behind for the next one.
 */
import { HarnessError } from '../errors.js';
import type { DockerSandbox } from '../sandbox/docker/docker-sandbox.js';
import { WORKSPACE } from '../sandbox/types.js';
import { compareCodePoints } from './order.js';

/** Where the reference state is archived: the harness's private tmpfs, out of the agent's reach. */
const ARCHIVE = '/run/crucible/mutation-reference.tar';

/**
 * Caches test runs write that are deleted rather than restored, before the snapshot and after every
 * mutant: CPython trusts a `.pyc` by source size and whole-second mtime (a same-size mutant could
 * run the previous version), pytest's cache changes what `--lf`/`--ff` run, and a `.tsbuildinfo`
 * decides what `tsc --incremental` rebuilds.
 */
const CLEAR_CACHES = ['find', '.', '-path', './.git', '-prune', '-o', '(', '-name', '__pycache__', '-o', '-name', '.pytest_cache', ')', '-type', 'd', '-prune', '-exec', 'rm', '-rf', '{}', '+', '-o', '-name', '*.tsbuildinfo', '-type', 'f', '-exec', 'rm', '-f', '{}', '+'];

/** How a workspace manifest differs from the reference one. */
export interface ManifestDifference {
  /** Files the reference state does not have. */
  added: string[];
  /** Files whose content (or symlink target) differs. */
  changed: string[];
  /** Files of the reference state that are gone. */
  missing: string[];
}

/** Compares two workspace manifests (path → content hash); every list is in code-point order. */
export function compareManifests(reference: ReadonlyMap<string, string>, current: ReadonlyMap<string, string>): ManifestDifference {
  const added = [...current.keys()].filter((p) => !reference.has(p));
  const changed = [...current.keys()].filter((p) => reference.has(p) && reference.get(p) !== current.get(p));
  const missing = [...reference.keys()].filter((p) => !current.has(p));
  return { added: added.sort(compareCodePoints), changed: changed.sort(compareCodePoints), missing: missing.sort(compareCodePoints) };
}

/** Every path of a difference, in code-point order (for messages). */
export function differencePaths(d: ManifestDifference): string[] {
  return [...d.added, ...d.changed, ...d.missing].sort(compareCodePoints);
}

/** Deletes the known test caches (see {@link CLEAR_CACHES}). */
export async function clearTestCaches(sandbox: DockerSandbox): Promise<void> {
  const r = await sandbox.exec(CLEAR_CACHES, { user: 'root' });
  if (r.exitCode !== 0) throw new HarnessError('SANDBOX_LOST', `could not clear test caches in ${sandbox.id}: ${r.stderr.trim()}`);
}

async function mustRun(sandbox: DockerSandbox, cmd: string[], stdin: string, what: string): Promise<void> {
  const r = await sandbox.exec(cmd, { user: 'root', stdin, timeoutMs: 300_000 });
  if (r.exitCode !== 0) throw new HarnessError('SANDBOX_LOST', `${what} in sandbox ${sandbox.id} failed: ${r.stderr.trim().slice(0, 500)}`);
}

/** The reference state of a mutation sandbox: its manifest, and an archive to restore from. */
export class WorkspaceSnapshot {
  private constructor(
    private readonly sandbox: DockerSandbox,
    /** Path → content hash of every workspace file outside `.git`. */
    readonly manifest: ReadonlyMap<string, string>,
  ) {}

  /** Clears the test caches, then records and archives the workspace as it is now. */
  static async take(sandbox: DockerSandbox): Promise<WorkspaceSnapshot> {
    await clearTestCaches(sandbox);
    const manifest = await sandbox.manifest();
    await mustRun(sandbox, ['tar', '--exclude=./.git', '-C', WORKSPACE, '-cf', ARCHIVE, '.'], '', 'archiving the reference workspace');
    return new WorkspaceSnapshot(sandbox, manifest);
  }

  /**
   * Puts the workspace back into the recorded state: clears the test caches, removes added files,
   * restores changed and missing ones from the archive, and checks the manifest again.
   * @returns the paths that had to be reset (empty when the run left nothing behind).
   * @throws HarnessError naming the paths when the workspace still differs.
   */
  async restore(label: string): Promise<string[]> {
    await clearTestCaches(this.sandbox);
    const difference = compareManifests(this.manifest, await this.sandbox.manifest());
    if (difference.added.length > 0) {
      const list = difference.added.map((p) => `${WORKSPACE}/${p}\0`).join('');
      await mustRun(this.sandbox, ['xargs', '-0', '-r', 'rm', '-f', '--'], list, `removing files ${label} added`);
    }
    const restore = [...difference.changed, ...difference.missing];
    if (restore.length > 0) {
      const list = restore.map((p) => `./${p}\0`).join('');
      await mustRun(this.sandbox, ['tar', '-C', WORKSPACE, '-xpf', ARCHIVE, '--null', '-T', '-'], list, `restoring files ${label} changed`);
    }
    const left = compareManifests(this.manifest, await this.sandbox.manifest());
    const paths = differencePaths(left);
    if (paths.length > 0) throw new HarnessError('SANDBOX_LOST', `the workspace still differs from the reference state after ${label} (${paths.join(', ')}); mutation results would not be independent`);
    return differencePaths(difference);
  }
}
