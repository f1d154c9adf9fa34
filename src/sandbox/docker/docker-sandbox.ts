import type Docker from 'dockerode';
import { HarnessError } from '../../errors.js';
import type { DirEntry, ExecOptions, ExecResult, FileContent, FileStat, Sandbox } from '../types.js';
import { SandboxPathError, WORKSPACE } from '../types.js';
import type { SandboxPathErrorCode } from '../types.js';
import { DaemonClient, DaemonRequestError } from './daemon-client.js';

/** Where the pristine copy of the initial repository lives: root-only, out of the agent's reach. */
export const PRISTINE = '/run/crucible/pristine';
const MAX_DIFF_BYTES = 64 * 1024 * 1024;

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
    if (!this.baseCommit) return '';
    // Runs git as root against the pristine git dir the agent cannot reach, with a throwaway
    // index, so nothing the agent did to /workspace/.git (rewritten objects, hooks, config) counts.
    const git = 'git -c core.hooksPath=/dev/null -c core.fsmonitor=false -c safe.directory=* -c core.quotePath=false';
    const script = [
      `${git} read-tree ${this.baseCommit}`,
      `${git} add -A`,
      `${git} diff --cached --binary --full-index --no-renames --no-ext-diff --no-textconv ${this.baseCommit}`,
    ].join(' && ');
    const r = await this.exec(['/bin/sh', '-c', script], {
      user: 'root',
      env: {
        GIT_DIR: `${PRISTINE}/.git`,
        GIT_WORK_TREE: WORKSPACE,
        GIT_INDEX_FILE: '/run/crucible/diff.index',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        HOME: '/run/crucible',
      },
      maxOutputBytes: MAX_DIFF_BYTES,
      timeoutMs: 120_000,
    });
    if (r.exitCode !== 0 || r.truncated) {
      throw new HarnessError('SANDBOX_LOST', `diff of sandbox ${this.id} failed${r.truncated ? ' (larger than 64 MiB)' : ''}: ${r.stderr.trim().slice(0, 500)}`);
    }
    return r.stdout;
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
