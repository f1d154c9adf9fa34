import { writeFileSync } from 'node:fs';
import { assertOptionsAllowed, optionValue, optionValues, parseArgs, type OptionSpec, type ParsedArgs } from './args.js';
import { expandHome, loadConfig, type Config } from './config.js';
import { entriesToCsv } from './csv.js';
import { hm, MS_PER_DAY, MS_PER_MINUTE, parseDay, parseTime } from './dates.js';
import { formatDuration, parseDuration } from './duration.js';
import { entryMinutes, findRunning, nextId, normalizeTags, overlaps, sortByStart, type Entry } from './entries.js';
import { TasklogError, UsageError } from './errors.js';
import { renderEntryTable } from './format.js';
import { buildReport, GROUP_BY_VALUES, renderReport, selectEntries, type EntryFilter, type GroupBy } from './report.js';
import { loadLog, saveLog } from './storage.js';

export const VERSION = '0.6.2';

/** Output sinks; the bin script passes process.stdout/stderr writers. */
export interface IO {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface Clock {
  now(): Date;
}

/** Process-level inputs, injected so tests never read the real environment. */
export interface Environment {
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  cwd: string;
}

const SPEC: OptionSpec = {
  values: ['tag', 'duration', 'at', 'end', 'since', 'until', 'by', 'format', 'out', 'limit', 'file', 'config'],
  switches: ['json', 'switch', 'help', 'version'],
  aliases: { t: 'tag', d: 'duration', n: 'limit', o: 'out', h: 'help' },
};

const GLOBAL_OPTIONS = ['file', 'config', 'help'];

const COMMAND_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  add: ['tag', 'duration', 'end'],
  start: ['tag', 'at', 'switch'],
  stop: ['at'],
  list: ['since', 'until', 'tag', 'limit', 'json'],
  report: ['by', 'since', 'until', 'tag', 'json'],
  export: ['format', 'out', 'since', 'until', 'tag'],
  help: [],
};

export const USAGE = `Usage: tasklog <command> [options]

Commands:
  add <description> -d <duration> [--end HH:MM] [-t tag]...
                         log a finished block of time ending now (or at --end)
  start <description> [--at HH:MM] [-t tag]... [--switch]
                         start tracking; --switch stops the running entry first
  stop [--at HH:MM]      stop the running entry
  list [--since DAY] [--until DAY] [-t tag] [-n N] [--json]
  report [--by day|week|tag] [--since DAY] [--until DAY] [-t tag] [--json]
  export [--format csv|json] [-o FILE] [--since DAY] [--until DAY] [-t tag]

Durations: 90m, 1h30m, 1.5h, 1:30.  Days: YYYY-MM-DD, today, yesterday, 3d.
--until is inclusive: "--until 2024-01-07" includes all of January 7th.

Global options: --file PATH (log file), --config PATH, --help, --version
`;

interface Context {
  config: Config;
  dataFile: string;
  now: Date;
  offset: number;
  environment: Environment;
}

/**
 * Runs the CLI and returns the process exit code: 0 on success, 1 for
 * runtime failures (nothing running, unreadable files), 2 for usage errors.
 * Never throws and never touches `process`; output goes through `io`.
 */
export function main(argv: readonly string[], io: IO, clock: Clock, environment: Environment): number {
  try {
    return run(argv, io, clock, environment);
  } catch (err) {
    if (err instanceof TasklogError) {
      io.stderr(`tasklog: ${err.message}\n`);
      if (err instanceof UsageError) io.stderr('Run "tasklog help" for usage.\n');
      return err.exitCode;
    }
    io.stderr(`tasklog: unexpected error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    return 1;
  }
}

function run(argv: readonly string[], io: IO, clock: Clock, environment: Environment): number {
  const args = parseArgs(argv, SPEC);
  if (args.switches.has('version')) {
    io.stdout(`tasklog ${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = args.positionals;
  if (command === undefined || command === 'help' || args.switches.has('help')) {
    if (command === undefined && !args.switches.has('help')) {
      io.stderr(USAGE);
      return 2;
    }
    io.stdout(USAGE);
    return 0;
  }
  const allowed = COMMAND_OPTIONS[command];
  if (allowed === undefined) throw new UsageError(`unknown command "${command}"`);
  assertOptionsAllowed(args, command, [...allowed, ...GLOBAL_OPTIONS]);

  const { config, warnings } = loadConfig({
    env: environment.env,
    homeDir: environment.homeDir,
    cwd: environment.cwd,
    configPath: optionValue(args, 'config'),
  });
  for (const warning of warnings) io.stderr(`tasklog: warning: ${warning}\n`);
  const fileOption = optionValue(args, 'file');
  const dataFile =
    fileOption === undefined ? config.dataFile : expandHome(fileOption, environment.homeDir, environment.cwd);
  const now = clock.now();
  const offset = config.utcOffsetMinutes;
  const ctx: Context = { config, dataFile, now, offset, environment };

  switch (command) {
    case 'add': {
      const description = rest.join(' ').trim();
      if (description === '') throw new UsageError('add needs a description');
      const durationText = optionValue(args, 'duration');
      if (durationText === undefined) throw new UsageError('add needs --duration (e.g. 1h30m)');
      const minutes = parseDuration(durationText);
      if (minutes === 0) throw new UsageError('duration must be greater than zero');
      const endText = optionValue(args, 'end');
      const end = endText === undefined ? now : parseTime(endText, now, offset);
      if (end.getTime() > now.getTime()) throw new UsageError('cannot log time that ends in the future');
      const start = new Date(end.getTime() - minutes * MS_PER_MINUTE);
      const tagArgs = optionValues(args, 'tag');
      const tags = tagArgs.length > 0 ? normalizeTags(tagArgs) : [...config.defaultTags];

      const log = loadLog(dataFile);
      const entry: Entry = {
        id: nextId(log.entries),
        description,
        tags,
        start: start.toISOString(),
        end: end.toISOString(),
      };
      // Overlaps are allowed (people do double-book), but worth a warning.
      const clash = log.entries.find((e) => overlaps(e, entry, now));
      log.entries.push(entry);
      saveLog(dataFile, log);
      io.stdout(
        `Added #${entry.id} "${description}" ${hm(start, offset)}-${hm(end, offset)} (${formatDuration(minutes)})\n`,
      );
      if (clash) io.stderr(`tasklog: warning: #${entry.id} overlaps #${clash.id} "${clash.description}"\n`);
      return 0;
    }

    case 'start': {
      const description = rest.join(' ').trim();
      if (description === '') throw new UsageError('start needs a description');
      const atText = optionValue(args, 'at');
      const at = atText === undefined ? now : parseTime(atText, now, offset);
      if (at.getTime() > now.getTime()) throw new UsageError('cannot start in the future');
      const tagArgs = optionValues(args, 'tag');
      const tags = tagArgs.length > 0 ? normalizeTags(tagArgs) : [...config.defaultTags];

      const log = loadLog(dataFile);
      const running = findRunning(log.entries);
      const messages: string[] = [];
      if (running) {
        if (!args.switches.has('switch')) {
          throw new TasklogError(
            `already tracking #${running.id} "${running.description}" since ${hm(new Date(running.start), offset)}; ` +
              'stop it first or use --switch',
          );
        }
        if (at.getTime() <= Date.parse(running.start)) {
          throw new UsageError(`--at must be after #${running.id} started`);
        }
        running.end = at.toISOString();
        messages.push(`Stopped #${running.id} "${running.description}" after ${formatDuration(entryMinutes(running, now))}`);
      }
      const entry: Entry = { id: nextId(log.entries), description, tags, start: at.toISOString(), end: null };
      log.entries.push(entry);
      saveLog(dataFile, log);
      messages.push(`Started #${entry.id} "${description}" at ${hm(at, offset)}`);
      io.stdout(messages.map((m) => `${m}\n`).join(''));
      return 0;
    }

    case 'stop': {
      if (rest.length > 0) throw new UsageError('stop takes no arguments');
      const atText = optionValue(args, 'at');
      const at = atText === undefined ? now : parseTime(atText, now, offset);
      if (at.getTime() > now.getTime()) throw new UsageError('cannot stop in the future');
      const log = loadLog(dataFile);
      const running = findRunning(log.entries);
      if (!running) throw new TasklogError('nothing is being tracked');
      if (at.getTime() <= Date.parse(running.start)) {
        throw new UsageError('stop time must be after the start time');
      }
      running.end = at.toISOString();
      saveLog(dataFile, log);
      io.stdout(`Stopped #${running.id} "${running.description}" after ${formatDuration(entryMinutes(running, now))}\n`);
      return 0;
    }

    case 'list':
      return listCommand(args, rest, io, ctx);
    case 'report':
      return reportCommand(args, rest, io, ctx);
    case 'export':
      return exportCommand(args, rest, io, ctx);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function listCommand(args: ParsedArgs, rest: readonly string[], io: IO, ctx: Context): number {
  if (rest.length > 0) throw new UsageError('list takes no arguments');
  const sinceText = optionValue(args, 'since');
  const untilText = optionValue(args, 'until');
  const since = sinceText === undefined ? undefined : parseDay(sinceText, ctx.now, ctx.offset);
  // --until names the last day to include, so the cut-off is the next midnight.
  const until =
    untilText === undefined
      ? undefined
      : new Date(parseDay(untilText, ctx.now, ctx.offset).getTime() + MS_PER_DAY);
  const tagText = optionValue(args, 'tag');
  const tag = tagText === undefined ? undefined : normalizeTags([tagText])[0];

  let entries = sortByStart(loadLog(ctx.dataFile).entries).filter((e) => {
    const start = Date.parse(e.start);
    if (since !== undefined && start < since.getTime()) return false;
    if (until !== undefined && start >= until.getTime()) return false;
    return tag === undefined || e.tags.includes(tag);
  });

  const limitText = optionValue(args, 'limit');
  if (limitText !== undefined) {
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer`);
    entries = entries.slice(-limit); // the most recent N
  }

  if (args.switches.has('json')) {
    io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
  } else if (entries.length === 0) {
    io.stdout('No entries.\n');
  } else {
    io.stdout(renderEntryTable(entries, ctx.now, ctx.offset));
  }
  return 0;
}

function reportCommand(args: ParsedArgs, rest: readonly string[], io: IO, ctx: Context): number {
  if (rest.length > 0) throw new UsageError('report takes no arguments');
  const by = optionValue(args, 'by') ?? 'day';
  if (!(GROUP_BY_VALUES as readonly string[]).includes(by)) {
    throw new UsageError(`--by must be one of ${GROUP_BY_VALUES.join(', ')}`);
  }
  const report = buildReport(loadLog(ctx.dataFile).entries, {
    ...filterFromArgs(args, ctx),
    groupBy: by as GroupBy,
    now: ctx.now,
    offsetMinutes: ctx.offset,
    roundTo: ctx.config.roundToMinutes,
  });
  io.stdout(args.switches.has('json') ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
  return 0;
}

function exportCommand(args: ParsedArgs, rest: readonly string[], io: IO, ctx: Context): number {
  if (rest.length > 0) throw new UsageError('export takes no arguments');
  const format = optionValue(args, 'format') ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
  const entries = sortByStart(selectEntries(loadLog(ctx.dataFile).entries, filterFromArgs(args, ctx)));
  const content =
    format === 'csv'
      ? entriesToCsv(entries, { now: ctx.now, offsetMinutes: ctx.offset })
      : `${JSON.stringify({ exportedAt: ctx.now.toISOString(), entries }, null, 2)}\n`;

  const out = optionValue(args, 'out');
  if (out === undefined || out === '-') {
    io.stdout(content);
    return 0;
  }
  const target = expandHome(out, ctx.environment.homeDir, ctx.environment.cwd);
  try {
    writeFileSync(target, content, 'utf8');
  } catch (err) {
    throw new TasklogError(`cannot write ${target}: ${(err as Error).message}`);
  }
  io.stdout(`Exported ${entries.length} entries to ${target}\n`);
  return 0;
}

/** --since/--until/--tag as a report filter; --until is an inclusive day. */
function filterFromArgs(args: ParsedArgs, ctx: Context): EntryFilter {
  const filter: EntryFilter = {};
  const since = optionValue(args, 'since');
  if (since !== undefined) filter.from = parseDay(since, ctx.now, ctx.offset);
  const until = optionValue(args, 'until');
  if (until !== undefined) filter.until = new Date(parseDay(until, ctx.now, ctx.offset).getTime() + MS_PER_DAY);
  const tag = optionValue(args, 'tag');
  if (tag !== undefined) filter.tag = normalizeTags([tag])[0];
  return filter;
}
