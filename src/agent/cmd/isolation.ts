import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../../errors.js';
import type { LoadedTask } from '../../task/loader.js';

/** The unprivileged user and group external programs run as (`nobody` / `nogroup`). */
export const PROGRAM_UID = 65534;
export const PROGRAM_GID = 65534;

/** `unshare` flags: a private mount namespace (hidden folders covered) and a pid namespace (the whole tree dies with it). */
const UNSHARE_FLAGS = ['--mount', '--propagation', 'private', '--pid', '--fork', '--kill-child', '--mount-proc'];

/**
 * Runs inside the new namespaces as root: covers each hidden folder with an empty, read-only
 * (for the program) tmpfs, then drops to the unprivileged user with no capabilities and no way
 * to regain privileges, and runs the command with `sh -c`. `$1` is the command, the rest are
 * the folders to cover.
 */
const LAUNCH_SCRIPT = [
  'set -e',
  'cmd=$1',
  'shift',
  'for d in "$@"; do mount -t tmpfs -o size=1m,mode=0755,nosuid,nodev,noexec crucible-hidden "$d"; done',
  `exec setpriv --reuid=${PROGRAM_UID} --regid=${PROGRAM_GID} --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all -- sh -c "$cmd"`,
].join('\n');

/** Quotes a string for sh. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Crucible's state folders (trajectories of earlier attempts, caches) seen from a task and a working directory. */
export function stateDirs(task: LoadedTask, cwd: string = process.cwd()): string[] {
  return [...new Set([path.join(path.resolve(task.root), '.crucible'), path.join(path.resolve(cwd), '.crucible')])];
}

/**
 * Folders an external program must not see: the project's `tasks/` (hidden tests, reference
 * solutions of every task), the task's own folder when it lives elsewhere, Crucible's state
 * folders (`.crucible/`: trajectories and diffs of earlier attempts), and the git metadata of the
 * project and of every folder above it (history holds the same files). Only existing folders are
 * listed.
 */
export function hiddenPaths(task: LoadedTask, cwd: string = process.cwd()): string[] {
  const root = path.resolve(task.root);
  const candidates = [path.join(root, 'tasks'), path.resolve(task.dir), ...stateDirs(task, cwd)];
  for (let dir = root; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, '.git'));
    if (dir === path.dirname(dir)) break;
  }
  const out: string[] = [];
  for (const c of candidates.filter(isDir).sort((a, b) => a.length - b.length)) {
    if (!out.some((o) => inside(c, o))) out.push(c);
  }
  return out;
}

/** The process to spawn (as root) to run `command` isolated, with `hidden` covered. */
export function isolatedCommand(command: string, hidden: readonly string[]): { file: string; args: string[] } {
  return { file: 'unshare', args: [...UNSHARE_FLAGS, 'sh', '-c', LAUNCH_SCRIPT, 'crucible-cmd', command, ...hidden] };
}

/**
 * Proves the isolation can be set up here, before anything starts: Crucible runs as root, and
 * `unshare`, `mount` and `setpriv` (util-linux) work. Throws `CONFIG_INVALID` with the reason.
 */
export function checkIsolation(hidden: readonly string[]): void {
  if (process.platform !== 'linux') {
    throw new HarnessError('CONFIG_INVALID', `cmd agents need Linux namespaces to hide the tasks from the program; this is ${process.platform}`);
  }
  if (process.getuid?.() !== 0) {
    throw new HarnessError(
      'CONFIG_INVALID',
      'cmd agents need Crucible to run as root: the program runs as the unprivileged user nobody in a private mount namespace where tasks/ (hidden tests, reference solutions) is covered, and only root can set that up; run Crucible as root (e.g. in its container)',
    );
  }
  // As the program: every hidden folder is empty, and we are the unprivileged user.
  const probe = [...hidden.map((h) => `test -z "$(ls -A ${shellQuote(h)})" || { echo "still visible: "${shellQuote(h)} >&2; exit 3; }`), `test "$(id -u)" = ${PROGRAM_UID}`].join('; ');
  const { file, args } = isolatedCommand(probe, hidden);
  const r = spawnSync(file, args, { encoding: 'utf8', timeout: 15_000, cwd: '/', env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' } });
  if (r.error) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new HarnessError('CONFIG_INVALID', missing ? 'cmd agents need `unshare` and `setpriv` (util-linux) on the PATH to isolate the program; install util-linux' : `cannot isolate the program: ${r.error.message}`);
  }
  if (r.status !== 0) {
    const why = `${r.stderr ?? ''}`.trim().split('\n').slice(-2).join('; ') || `exit status ${r.status}`;
    throw new HarnessError('CONFIG_INVALID', `cannot run the program isolated (private mount namespace covering tasks/, unprivileged user): ${why}; the engine or container may forbid namespaces (needs CAP_SYS_ADMIN)`);
  }
}
