/**
 * Errors carry the process exit code they map to, so the CLI can report
 * any of them uniformly: 2 for "you typed something wrong", 1 for
 * everything else (state conflicts, unreadable files, ...).
 */
export class TasklogError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command line: unknown option, missing argument, malformed value. */
export class UsageError extends TasklogError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** The log file exists but cannot be read, parsed or written. */
export class StorageError extends TasklogError {}

/** The config file is unreadable or contains invalid values. */
export class ConfigError extends TasklogError {}
