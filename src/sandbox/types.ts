/** Where the agent's repository lives inside every sandbox. */
export const WORKSPACE = '/workspace';

/** Resource bounds of one sandbox. Sizes in bytes, CPU in cores. */
export interface SandboxLimits {
  /** Most processes alive at once (a fork bomb stops here). Default 256. */
  pids: number;
  /** Memory cap; swap is not allowed on top of it. Default 2 GiB. */
  memoryBytes: number;
  /** CPU share in cores. Default 1. */
  cpus: number;
  /** Size of the `/workspace` tmpfs; `/tmp` and the home directory get a quarter each. Default 1 GiB. */
  diskBytes: number;
}

/** A repository ready to be unpacked into `/workspace` (see `materializeRepo`). */
export interface MaterializedRepo {
  /** A tar of the work tree and its one-commit `.git`, every entry owned by uid 1000, one mtime. */
  tar: Buffer;
  /** The single commit's id; diffs are taken against it. */
  commit: string;
  /** Number of files in the work tree (without `.git`). */
  fileCount: number;
}

/** What to create. Only `image` is required. */
export interface SandboxSpec {
  image: string;
  repo?: MaterializedRepo;
  limits?: Partial<SandboxLimits>;
  /** Identify the run and attempt in container labels, for gc and debugging. */
  runId?: string;
  attemptId?: string;
}

/** Options of one command. */
export interface ExecOptions {
  /** Working directory inside the sandbox. Default `/workspace`. */
  cwd?: string;
  /** Extra environment; the command otherwise gets a clean one (PATH, HOME, USER, LANG). */
  env?: Record<string, string>;
  /** Who runs it: `agent` (default), `root` (harness-internal only) or another user of the image. */
  user?: string;
  /** Wall-clock limit; on expiry every process the command started is killed. Default 60 000. */
  timeoutMs?: number;
  /** Bytes kept per stream (head and tail); the middle is dropped with a marker. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Bytes fed to the command's standard input. */
  stdin?: Buffer | string;
}

/**
 * The outcome of a command that ran. A non-zero exit, a timeout or an OOM kill are results,
 * never exceptions; exceptions mean the harness itself failed.
 */
export interface ExecResult {
  /** Exit code; 128 + signal number when killed by a signal. */
  exitCode: number;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  oomKilled: boolean;
  /** True when output beyond `maxOutputBytes` was dropped (a marker shows where). */
  truncated: boolean;
  durationMs: number;
}

/** Kinds of directory entries; symlinks are reported, never followed. */
export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

/** One directory entry. */
export interface DirEntry {
  name: string;
  type: EntryType;
  size: number;
}

/** What `stat` knows of a path. `mode` holds permission bits only. */
export interface FileStat {
  type: EntryType;
  size: number;
  mode: number;
  mtimeMs: number;
}

/** A file read, possibly cut at `maxBytes`. */
export interface FileContent {
  data: Buffer;
  /** Full size on disk. */
  size: number;
  truncated: boolean;
}

/**
 * One isolated environment holding one attempt's workspace. File operations are confined to
 * `/workspace`: `..` and symbolic links leading out are refused with {@link SandboxPathError}.
 * Methods throw `HarnessError` only when the sandbox itself failed.
 */
export interface Sandbox {
  readonly id: string;
  /** The commit the workspace started from, when a repository was materialized. */
  readonly baseCommit: string | undefined;
  exec(cmd: string | string[], opts?: ExecOptions): Promise<ExecResult>;
  readFile(path: string, opts?: { maxBytes?: number }): Promise<FileContent>;
  writeFile(path: string, data: Buffer | string, opts?: { mode?: number }): Promise<void>;
  listDir(path: string): Promise<DirEntry[]>;
  /** `null` when the path does not exist. */
  stat(path: string): Promise<FileStat | null>;
  /** Unpacks a tar into `dest` (inside `/workspace`) as the agent. */
  copyIn(tar: Buffer, dest?: string): Promise<void>;
  /** A tar of `path` (inside `/workspace`). */
  copyOut(path: string): Promise<Buffer>;
  /**
   * The workspace against its initial commit as a binary git diff (new, deleted, binary files); '' if unchanged.
   * Same as `(await diffWithOmissions()).diff`. Throws {@link WorkspaceDiffError} when what the agent
   * left in the workspace makes a diff impossible.
   */
  diff(): Promise<string>;
  /** The diff, and the files too large to be source code that were left out of it. */
  diffWithOmissions(): Promise<WorkspaceDiff>;
  /** Kills every process the agent user owns; returns how many signals were sent. */
  killAgentProcesses(): Promise<number>;
  /** Removes the sandbox and everything it created. Safe to call twice. */
  close(): Promise<void>;
}

/** Creates sandboxes. Providers differ in where sandboxes live (Docker, later Kubernetes). */
export interface SandboxProvider {
  readonly name: string;
  create(spec: SandboxSpec): Promise<Sandbox>;
}

/** Why a file operation was refused: the agent sees it as a tool error, not a harness failure. */
export type SandboxPathErrorCode =
  | 'not_found'
  | 'outside_workspace'
  | 'permission'
  | 'is_a_directory'
  | 'not_a_file'
  | 'exists'
  | 'no_space'
  | 'invalid'
  | 'io';

/** A refused or failed file operation inside the workspace. */
export class SandboxPathError extends Error {
  override readonly name = 'SandboxPathError';
  constructor(
    readonly code: SandboxPathErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Files larger than this are left out of the final diff without git ever reading them: no source
 * file is that large, and adding one (300 MB from /dev/urandom, a 10 GB sparse file) to the
 * pristine git directory would exhaust its small private space or the diff size cap.
 */
export const MAX_DIFF_FILE_BYTES = 8 * 1024 * 1024;

/** A workspace file left out of the diff for its size. `path` is relative to the workspace. */
export interface OmittedFile {
  path: string;
  bytes: number;
}

/** The workspace diff and what was left out of it. */
export interface WorkspaceDiff {
  diff: string;
  /** Added or changed files over {@link MAX_DIFF_FILE_BYTES}, by path (empty when none). */
  omitted: OmittedFile[];
}

/**
 * Why a diff was impossible because of what the agent left in the workspace: the diff (after
 * omitting the oversized files) is still over the size cap, or adding the files ran out of space.
 */
export type WorkspaceDiffErrorReason = 'too_large' | 'no_space';

/**
 * The final diff could not be taken, and the agent's workspace is the cause (not the harness): the
 * attempt keeps the agent's outcome with an empty diff, and is not resolved. Deliberately not a
 * `HarnessError`, which would make the attempt unscored and retried, letting an agent escape grading.
 */
export class WorkspaceDiffError extends Error {
  override readonly name = 'WorkspaceDiffError';
  constructor(
    readonly reason: WorkspaceDiffErrorReason,
    message: string,
    /** Files omitted before the diff failed (still evidence of what the agent left). */
    readonly omitted: OmittedFile[],
  ) {
    super(message);
  }
}
