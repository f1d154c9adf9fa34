import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { HarnessError } from '../../errors.js';
import type { DirEntry, ExecOptions, ExecResult, FileContent, FileStat, OmittedFile, Sandbox, WorkspaceDiff } from '../types.js';
import { MAX_DIFF_FILE_BYTES, SandboxPathError, WORKSPACE, WorkspaceDiffError } from '../types.js';
import type { SandboxPathErrorCode } from '../types.js';
import { DaemonClient, DaemonRequestError } from './daemon-client.js';

/** Where the pristine copy of the initial repository lives: root-only, out of the agent's reach. */
export const PRISTINE = '/run/crucible/pristine';
const MiB = 1024 * 1024;
const MAX_DIFF_BYTES = 64 * MiB;
/**
 * Each diff works in its own `<prefix><random>` directory (throwaway index, scratch object
 * directory reading the pristine objects through alternates), removed when it ends, so repeated
 * diffs (the `git_diff` tool) never accumulate in the small private tmpfs.
 */
const DIFF_WORK_PREFIX = '/run/crucible/diff-';
/** git with nothing from the agent's reach: no hooks, no fsmonitor, no system or global config. */
const GIT_ARGS = ['git', '-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'safe.directory=*', '-c', 'core.quotePath=false'];
/** {@link GIT_ARGS} for a shell script, quoted so that no file the agent names can expand the `*`. */
const GIT = GIT_ARGS.map((a) => `'${a}'`).join(' ');
/** git's environment for commands that only read: the pristine repository, the workspace as work tree. */
const GIT_ENV: Record<string, string> = {
  GIT_DIR: `${PRISTINE}/.git`,
  GIT_WORK_TREE: WORKSPACE,
  GIT_INDEX_FILE: '/run/crucible/diff.index',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  HOME: '/run/crucible',
};
/** git's messages when a write ran out of space. */
const NO_SPACE = /No space left on device|ENOSPC|Disk quota exceeded/i;
/** What {@link diffScript} prints when the new and changed files are over the cap, before writing anything. */
const TOO_LARGE = /^crucible: too large: (\d+)$/m;

/** `value` as one single-quoted shell word. */
const shq = (value: string): string => `'${value.replaceAll("'", "'\\''")}'`;

/**
 * The bash script of one diff, run as root in the workspace with the pathspecs on stdin:
 * hides nested git dirs (renamed to `hidden` in place, recorded, and put back on any exit),
 * refuses a diff whose new and changed files (each at most {@link MAX_DIFF_FILE_BYTES}; larger
 * ones are left out) sum past {@link MAX_DIFF_BYTES} before a single object is written, then adds
 * everything to the throwaway index and diffs it against the base commit.
 */
function diffScript(base: string, work: string, hidden: string, hiddenSpecs: readonly string[]): string {
  const specs = hiddenSpecs.map(shq).join(' ');
  return `
W=${shq(work)}; H=${shq(hidden)}
# putBack DIR NAME: renames the nested git dirs DIR recorded back from NAME, then removes DIR.
putBack() {
  if [ -f "$1/hidden" ]; then
    while IFS= read -r -d '' g; do mv -T -- "\${g%/.git}/$2" "$g" || echo "crucible: could not put back $g" >&2; done < "$1/hidden"
  fi
  rm -rf -- "$1"
}
# Diffs of a sandbox run one at a time, so any other work dir is from a diff killed mid-way
# (its timeout): undo what it left before anything else.
for old in ${DIFF_WORK_PREFIX}*; do [ -d "$old" ] && putBack "$old" ".git-crucible-\${old##*/diff-}"; done
trap 'putBack "$W" "$H"' EXIT
trap 'exit 143' TERM INT HUP
cd ${WORKSPACE} && mkdir -p -- "$W/objects" && : > "$W/hidden" || exit 1
# Every .git below the top level; a parent that no longer resolves inside the workspace (swapped
# for a symbolic link since find saw it) is left alone.
while IFS= read -r -d '' g; do
  case "$(readlink -f -- "\${g%/.git}")/" in ${WORKSPACE}/?*) ;; *) continue ;; esac
  mv -T -- "$g" "\${g%/.git}/$H" && printf '%s\\0' "$g" >> "$W/hidden" || exit 1
done < <(find ${WORKSPACE} -path ${WORKSPACE}/.git -prune -o -name .git -print0 -prune)
${GIT} read-tree ${base} || exit 1
# Stat data for the unchanged files, so that -m below lists only what changed (reads, never writes objects).
${GIT} update-index -q --refresh > /dev/null
bytes=$(${GIT} ls-files -z -o -m --exclude-standard -- . ${specs} | xargs -0 -r stat -c %s -- 2> /dev/null | awk '$1 <= ${MAX_DIFF_FILE_BYTES} { s += $1 } END { printf "%d", s }')
if [ "\${bytes:-0}" -gt ${MAX_DIFF_BYTES} ]; then echo "crucible: too large: $bytes" >&2; exit 3; fi
${GIT} add -A --pathspec-from-file=- --pathspec-file-nul || exit $?
${GIT} diff --cached --binary --full-index --no-renames --no-ext-diff --no-textconv ${base}
`;
}

type WireExecResult = ExecResult;

/** An {@link ExecResult} whose output stays bytes. */
export interface RawExecResult extends Omit<ExecResult, 'stdout' | 'stderr'> {
  stdout: Buffer;
  stderr: Buffer;
}

const PATH_CODES: ReadonlySet<string> = new Set<SandboxPathErrorCode>([
  'not_found', 'outside_workspace', 'permission', 'is_a_directory', 'not_a_file', 'exists', 'no_space', 'invalid', 'io',
]);

/** Turns the supervisor's refusal of a path into a {@link SandboxPathError}; rethrows the rest. */
function asPathError(err: unknown): never {
  if (err instanceof DaemonRequestError) {
    const code = (PATH_CODES.has(err.code) ? err.code : 'io') as SandboxPathErrorCode;
    throw new SandboxPathError(code, err.message);
  }
  throw err;
}

/**
 * A sandbox backed by one Docker container and its supervisor. Every call is one request over
 * the attached stream; nothing shells out to the docker CLI.
 */
export class DockerSandbox implements Sandbox {
  private closed = false;
  /** The diff in progress, if any: the next one waits for it (see {@link diffWithOmissions}). */
  private diffQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    private readonly container: Docker.Container,
    private readonly client: DaemonClient,
    readonly baseCommit: string | undefined,
    private readonly onClose: () => void,
  ) {}

  async exec(cmd: string | string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const r = await this.execBytes(cmd, opts);
    return { ...r, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
  }

  /** Like {@link exec}, with the output as raw bytes (archives, binary files). */
  async execBytes(cmd: string | string[], opts: ExecOptions = {}): Promise<RawExecResult> {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    if (!(timeoutMs > 0)) throw new RangeError(`Expected \`timeoutMs\` to be a positive number, got ${timeoutMs}`);
    const wire = await this.client
      .request<WireExecResult>(
        'exec',
        {
          cmd,
          cwd: opts.cwd,
          env: opts.env,
          user: opts.user ?? 'agent',
          timeoutMs,
          maxOutputBytes: opts.maxOutputBytes ?? 1024 * 1024,
          stdin: opts.stdin === undefined ? undefined : Buffer.from(opts.stdin).toString('base64'),
        },
        timeoutMs,
      )
      .catch((err: unknown) => {
        if (err instanceof DaemonRequestError) {
          throw new HarnessError('SANDBOX_LOST', `sandbox ${this.id} could not start the command: ${err.message}`);
        }
        throw err;
      });
    return { ...wire, stdout: Buffer.from(wire.stdout, 'base64'), stderr: Buffer.from(wire.stderr, 'base64') };
  }

  async readFile(path: string, opts: { maxBytes?: number } = {}): Promise<FileContent> {
    const r = await this.client
      .request<{ data: string; size: number; truncated: boolean }>('read', { path, maxBytes: opts.maxBytes })
      .catch(asPathError);
    return { data: Buffer.from(r.data, 'base64'), size: r.size, truncated: r.truncated };
  }

  async writeFile(path: string, data: Buffer | string, opts: { mode?: number } = {}): Promise<void> {
    await this.client.request('write', { path, data: Buffer.from(data).toString('base64'), mode: opts.mode }).catch(asPathError);
  }

  async listDir(path: string): Promise<DirEntry[]> {
    const r = await this.client.request<{ entries: DirEntry[] }>('list', { path }).catch(asPathError);
    return r.entries;
  }

  async stat(path: string): Promise<FileStat | null> {
    try {
      return await this.client.request<FileStat>('stat', { path });
    } catch (err) {
      if (err instanceof DaemonRequestError && err.code === 'not_found') return null;
      return asPathError(err);
    }
  }

  async copyIn(tar: Buffer, dest = '.'): Promise<void> {
    await this.client.request('untar', { dest, data: tar.toString('base64'), user: 'agent' }, 120_000).catch(asPathError);
  }

  /** Unpacks a tar as root into the supervisor's private area (pristine copies, hidden files). */
  async copyInPrivate(tar: Buffer, dest: string): Promise<void> {
    await this.client.request('untar', { dest, data: tar.toString('base64'), user: 'root' }, 120_000);
  }

  async copyOut(path: string): Promise<Buffer> {
    const target = await this.stat(path);
    if (!target) throw new SandboxPathError('not_found', `${path}: not found`);
    const r = await this.execBytes(['tar', '-c', '-f', '-', '-C', WORKSPACE, '--', path], { user: 'root', maxOutputBytes: 512 * 1024 * 1024, timeoutMs: 120_000 });
    if (r.exitCode !== 0 || r.truncated) throw new HarnessError('SANDBOX_LOST', `tar of ${path} failed: ${r.stderr.toString().trim()}`);
    return r.stdout;
  }

  async diff(): Promise<string> {
    return (await this.diffWithOmissions()).diff;
  }

  /**
   * The diff against the initial commit, taken as root against the pristine git dir the agent
   * cannot reach, so nothing the agent did to /workspace/.git (rewritten objects, hooks, config)
   * counts. Files over {@link MAX_DIFF_FILE_BYTES} are excluded by pathspec before git reads
   * anything, and reported when they are added or changed.
   *
   * Calls run one at a time per sandbox: the final diff may start while a `git_diff` tool call
   * is still in flight, and two diffs hiding the same nested `.git` would see each other's
   * renames. Each call also has its own index and scratch object directory, removed at the end.
   */
  diffWithOmissions(): Promise<WorkspaceDiff> {
    const next = this.diffQueue.then(() => this.takeDiff());
    // The queue must go on after a failed diff; the failure itself reaches the caller through `next`.
    this.diffQueue = next.catch(() => undefined);
    return next;
  }

  /**
   * One diff, as described at {@link diffWithOmissions}. Nested repositories (a `.git` folder or
   * file below the top level) are hidden for the diff's duration by renaming them in place, so git
   * adds their files like any others: otherwise `git add -A` fails on one without commits (which
   * would let `git init sub` turn grading into a harness error) and reduces one with commits to a
   * submodule pointer (its files would vanish from the graded diff). Before anything is written,
   * the new and changed files are summed: past {@link MAX_DIFF_BYTES} the diff is refused as too
   * large, since adding them would fill the private tmpfs, charged to the sandbox's memory.
   */
  private async takeDiff(): Promise<WorkspaceDiff> {
    if (!this.baseCommit) return { diff: '', omitted: [] };
    const large = await this.largeFiles();
    // Classifying reads but writes nothing, so it cannot run out of space.
    const { omitted, ignored } = large.length ? await this.classify(large) : { omitted: [], ignored: new Set<string>() };
    // Ignored files stay out by themselves, and naming one in a pathspec makes `git add` fail.
    const excluded = large.filter((f) => !ignored.has(f.path));
    const token = randomBytes(8).toString('hex');
    const work = `${DIFF_WORK_PREFIX}${token}`;
    const hidden = `.git-crucible-${token}`;
    // Hidden nested git dirs: neither their contents nor the renamed entry itself belong in the diff.
    const hiddenSpecs = [`:(exclude,glob)**/${hidden}`, `:(exclude,glob)**/${hidden}/**`];
    // One pathspec per NUL-separated entry of stdin: any name, any count, no argv limit.
    const pathspecs = ['.', ...hiddenSpecs, ...excluded.map((f) => `:(exclude,literal)${f.path}`)].join('\0');
    const r = await this.exec(['/bin/bash', '-c', diffScript(this.baseCommit, work, hidden, hiddenSpecs)], {
      user: 'root',
      env: { ...GIT_ENV, GIT_INDEX_FILE: `${work}/index`, GIT_OBJECT_DIRECTORY: `${work}/objects`, GIT_ALTERNATE_OBJECT_DIRECTORIES: `${PRISTINE}/.git/objects` },
      stdin: pathspecs,
      maxOutputBytes: MAX_DIFF_BYTES,
      timeoutMs: 120_000,
    });
    // With the large files out, only the sheer amount of what the agent left can fill the
    // private space or pass the size cap: its doing, not the harness's.
    const without = omitted.length ? ` even without the ${omitted.length} file(s) over ${MAX_DIFF_FILE_BYTES / MiB} MiB` : '';
    const sum = TOO_LARGE.exec(r.stderr);
    if (sum) {
      const mib = (Number(sum[1]) / MiB).toFixed(1);
      throw new WorkspaceDiffError('too_large', `the workspace diff is larger than ${MAX_DIFF_BYTES / MiB} MiB: ${mib} MiB of new or changed files${without}`, omitted);
    }
    if (r.truncated) throw new WorkspaceDiffError('too_large', `the workspace diff is larger than ${MAX_DIFF_BYTES / MiB} MiB${without}`, omitted);
    if (r.exitCode !== 0 && NO_SPACE.test(r.stderr)) {
      throw new WorkspaceDiffError('no_space', `the workspace files do not fit the space the diff is taken in: ${r.stderr.trim().slice(0, 300)}`, omitted);
    }
    if (r.exitCode !== 0) throw new HarnessError('SANDBOX_LOST', `diff of sandbox ${this.id} failed: ${r.stderr.trim().slice(0, 500)}`);
    return { diff: r.stdout, omitted };
  }

  /** Regular files over {@link MAX_DIFF_FILE_BYTES} in the workspace, outside any `.git` folder. */
  private async largeFiles(): Promise<OmittedFile[]> {
    // -ignore_readdir_race: a file the agent's still-running processes remove mid-listing (during a
    // `git_diff` call) is not an error.
    const r = await this.exec(['find', '.', '-ignore_readdir_race', '-name', '.git', '-prune', '-o', '-type', 'f', '-size', `+${MAX_DIFF_FILE_BYTES}c`, '-printf', '%s\\t%P\\0'], {
      user: 'root',
      maxOutputBytes: 16 * 1024 * 1024,
      timeoutMs: 120_000,
    });
    if (r.exitCode !== 0 || r.truncated) throw new HarnessError('SANDBOX_LOST', `listing large files of sandbox ${this.id} failed: ${r.stderr.trim().slice(0, 500)}`);
    return r.stdout
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf('\t');
        return { path: line.slice(tab + 1), bytes: Number(line.slice(0, tab)) };
      })
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * Sorts the large files: `ignored` are untracked ones the workspace's `.gitignore` files leave
   * out anyway; `omitted` are those the diff would have shown, new (and not ignored) or different
   * from the initial commit. A large file the repository already held, unchanged, is neither.
   */
  private async classify(large: OmittedFile[]): Promise<{ omitted: OmittedFile[]; ignored: Set<string> }> {
    const script = [
      // The base's blobs with their sizes, a separator, then the ignored ones among the large files.
      `${GIT} ls-tree -r -l -z --full-tree ${this.baseCommit}`,
      `printf '\\0--\\0'`,
      // check-ignore exits 1 when nothing is ignored.
      `{ ${GIT} check-ignore -z --no-index --stdin; [ $? -le 1 ]; }`,
    ].join(' && ');
    const r = await this.exec(['/bin/sh', '-c', script], { user: 'root', env: GIT_ENV, stdin: large.map((f) => f.path).join('\0'), maxOutputBytes: 64 * MiB, timeoutMs: 60_000 });
    if (r.exitCode !== 0 || r.truncated) throw new HarnessError('SANDBOX_LOST', `classifying large files of sandbox ${this.id} failed: ${r.stderr.trim().slice(0, 500)}`);
    const [tree = '', ignoredPart = ''] = r.stdout.split('\0--\0');
    const base = new Map<string, { blob: string; bytes: number }>();
    for (const entry of tree.split('\0').filter(Boolean)) {
      // "<mode> blob <id> <size>\t<path>"
      const m = /^\d+ blob ([0-9a-f]+) +(\d+)\t([\s\S]*)$/.exec(entry);
      if (m) base.set(m[3]!, { blob: m[1]!, bytes: Number(m[2]) });
    }
    const ignored = new Set(ignoredPart.split('\0').filter((p) => p && !base.has(p)));
    const omitted: OmittedFile[] = [];
    for (const f of large) {
      const before = base.get(f.path);
      if (before ? before.bytes !== f.bytes || (await this.blobOf(f.path)) !== before.blob : !ignored.has(f.path)) omitted.push(f);
    }
    return { omitted, ignored };
  }

  /** The blob id `git add` would give a workspace file (computed, not written). */
  private async blobOf(file: string): Promise<string> {
    const r = await this.exec([...GIT_ARGS, 'hash-object', '--', file], { user: 'root', env: GIT_ENV, timeoutMs: 60_000 });
    if (r.exitCode !== 0) throw new HarnessError('SANDBOX_LOST', `hashing ${file} in sandbox ${this.id} failed: ${r.stderr.trim().slice(0, 500)}`);
    return r.stdout.trim();
  }

  async killAgentProcesses(): Promise<number> {
    const r = await this.client.request<{ killed: number }>('killAll', {}, 30_000);
    return r.killed;
  }

  /**
   * Every file of the workspace outside `.git`, with the first 16 hex digits of its sha256
   * (symlinks as `link:` + a hash of the target). Compare two to see what changed.
   */
  async manifest(): Promise<Map<string, string>> {
    const r = await this.client.request<{ files: Array<[string, string]> }>('manifest', {}, 60_000);
    return new Map(r.files);
  }

  /** Process ids the agent user owns right now (for checks that nothing survived). */
  async agentProcesses(): Promise<number[]> {
    return (await this.client.request<{ pids: number[] }>('processes')).pids;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    this.client.close();
    try {
      await this.container.remove({ force: true, v: true });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404 && (err as { statusCode?: number }).statusCode !== 409) throw err;
    }
  }
}
