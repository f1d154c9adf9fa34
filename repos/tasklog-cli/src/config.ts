import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseOffset } from './dates.js';
import { ConfigError } from './errors.js';
import { normalizeTags } from './entries.js';

/** Effective settings after merging defaults, config file and environment. */
export interface Config {
  /** Absolute path of the JSON log. */
  dataFile: string;
  /** Fixed offset used to decide which day/week an entry belongs to. */
  utcOffsetMinutes: number;
  /** Reports round each entry to this many minutes (1 = no rounding). */
  roundToMinutes: number;
  /** Tags applied by `add`/`start` when none are given on the command line. */
  defaultTags: string[];
}

/** Everything config loading depends on, injected so tests never touch $HOME. */
export interface ConfigSource {
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  cwd: string;
  /** Explicit `--config` path; wins over `$TASKLOG_CONFIG` and the default. */
  configPath?: string;
}

export interface LoadedConfig {
  config: Config;
  /** The config file that was consulted (it may not exist). */
  path: string;
  /** Non-fatal problems, e.g. unknown keys; the CLI prints them to stderr. */
  warnings: string[];
}

const KNOWN_KEYS = ['dataFile', 'utcOffsetMinutes', 'roundToMinutes', 'defaultTags'];

/** Built-in defaults. */
export function defaultConfig(homeDir: string): Config {
  return {
    dataFile: join(homeDir, '.tasklog', 'log.json'),
    utcOffsetMinutes: 0,
    roundToMinutes: 1,
    defaultTags: [],
  };
}

/**
 * Loads the configuration. Precedence, lowest to highest: built-in
 * defaults, the config file (`--config`, else `$TASKLOG_CONFIG`, else
 * `~/.tasklogrc.json`), then `$TASKLOG_FILE` / `$TASKLOG_UTC_OFFSET`.
 *
 * A missing config file is fine; an unreadable or invalid one is an error
 * rather than being silently ignored, because a typo there would otherwise
 * send entries to the wrong log file.
 *
 * Relative `dataFile` paths in the config file are resolved against the
 * config file's directory; relative `$TASKLOG_FILE` against the cwd.
 *
 * @throws ConfigError
 */
export function loadConfig(source: ConfigSource): LoadedConfig {
  const { env, homeDir, cwd } = source;
  const path = expandHome(source.configPath ?? env.TASKLOG_CONFIG ?? join(homeDir, '.tasklogrc.json'), homeDir, cwd);
  const config = defaultConfig(homeDir);
  const warnings: string[] = [];

  const raw = readConfigFile(path);
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.includes(key)) warnings.push(`${path}: unknown config key "${key}"`);
  }
  if (raw.dataFile !== undefined) {
    if (typeof raw.dataFile !== 'string' || raw.dataFile.trim() === '') {
      throw new ConfigError(`${path}: dataFile must be a non-empty string`);
    }
    config.dataFile = expandHome(raw.dataFile, homeDir, dirname(path));
  }
  if (raw.utcOffsetMinutes !== undefined) {
    config.utcOffsetMinutes = offsetOrThrow(raw.utcOffsetMinutes, `${path}: utcOffsetMinutes`);
  }
  if (raw.roundToMinutes !== undefined) {
    const step = raw.roundToMinutes;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 1 || step > 60) {
      throw new ConfigError(`${path}: roundToMinutes must be an integer between 1 and 60`);
    }
    config.roundToMinutes = step;
  }
  if (raw.defaultTags !== undefined) {
    if (!Array.isArray(raw.defaultTags) || !raw.defaultTags.every((t) => typeof t === 'string')) {
      throw new ConfigError(`${path}: defaultTags must be a list of strings`);
    }
    try {
      config.defaultTags = normalizeTags(raw.defaultTags as string[]);
    } catch (err) {
      throw new ConfigError(`${path}: ${(err as Error).message}`);
    }
  }

  if (env.TASKLOG_FILE) config.dataFile = expandHome(env.TASKLOG_FILE, homeDir, cwd);
  if (env.TASKLOG_UTC_OFFSET) {
    config.utcOffsetMinutes = offsetOrThrow(env.TASKLOG_UTC_OFFSET, 'TASKLOG_UTC_OFFSET');
  }
  return { config, path, warnings };
}

/**
 * Expands a leading `~/` to the home directory and resolves relative paths
 * against `base`.
 */
export function expandHome(path: string, homeDir: string, base: string): string {
  if (path === '~') return homeDir;
  if (path.startsWith('~/')) return join(homeDir, path.slice(2));
  return isAbsolute(path) ? path : resolve(base, path);
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`cannot read config ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`${path} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`${path}: expected a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function offsetOrThrow(value: unknown, label: string): number {
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw new ConfigError(`${label} must be a number of minutes or "+HH:MM"`);
  }
  try {
    return parseOffset(value);
  } catch (err) {
    throw new ConfigError(`${label}: ${(err as Error).message}`);
  }
}
