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
/** Objects a diff adds go here (with the pristine objects as alternates), emptied before and after. */
const SCRATCH_OBJECTS = '/run/crucible/diff-objects';
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
/** For the diff itself, which writes objects: into the scratch directory, reading the pristine ones through alternates. */
const GIT_DIFF_ENV: Record<string, string> = { ...GIT_ENV, GIT_OBJECT_DIRECTORY: SCRATCH_OBJECTS, GIT_ALTERNATE_OBJECT_DIRECTORIES: `${PRISTINE}/.git/objects` };
/** git's messages when a write ran out of space. */
const NO_SPACE = /No space left on device|ENOSPC|Disk quota exceeded/i;

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
   * cannot reach, with a throwaway index, so nothing the agent did to /workspace/.git (rewritten
   * objects, hooks, config) counts. Files over {@link MAX_DIFF_FILE_BYTES} are excluded by pathspec
   * before git reads anything, and reported when they are added or changed. New objects go to a
   * scratch object directory emptied before and after, so repeated diffs (the `git_diff` tool)
   * never accumulate in the small private tmpfs.
   */
  async diffWithOmissions(): Promise<WorkspaceDiff> {
    if (!this.baseCommit) return { diff: '', omitted: [] };
    const large = await this.largeFiles();
    // Classifying reads but writes nothing, so it cannot run out of space.
    const { omitted, ignored } = large.length ? await this.classify(large) : { omitted: [], ignored: new Set<string>() };
    // Ignored files stay out by themselves, and naming one in a pathspec makes `git add` fail.
    const excluded = large.filter((f) => !ignored.has(f.path));
    // One pathspec per NUL-separated entry of stdin: any name, any count, no argv limit.
    const pathspecs = ['.', ...excluded.map((f) => `:(exclude,literal)${f.path}`)].join('\0');
    const script = [
      `rm -rf ${SCRATCH_OBJECTS} && mkdir -p ${SCRATCH_OBJECTS}`,
      `${GIT} read-tree ${this.baseCommit}`,
      `${GIT} add -A --pathspec-from-file=- --pathspec-file-nul`,
      `${GIT} diff --cached --binary --full-index --no-renames --no-ext-diff --no-textconv ${this.baseCommit}`,
    ].join(' && ');
    const r = await this.exec(['/bin/sh', '-c', `${script}; rc=$?; rm -rf ${SCRATCH_OBJECTS}; exit $rc`], {
      user: 'root',
      env: GIT_DIFF_ENV,
      stdin: pathspecs,
      maxOutputBytes: MAX_DIFF_BYTES,
      timeoutMs: 120_000,
    });
    // With the large files out, only the sheer amount of what the agent left can fill the
    // private space or pass the size cap: its doing, not the harness's.
    if (r.truncated) {
      const without = omitted.length ? ` even without the ${omitted.length} file(s) over ${MAX_DIFF_FILE_BYTES / MiB} MiB` : '';
      throw new WorkspaceDiffError('too_large', `the workspace diff is larger than ${MAX_DIFF_BYTES / MiB} MiB${without}`, omitted);
    }
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
