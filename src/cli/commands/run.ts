import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Command } from '@commander-js/extra-typings';
import { parse } from 'yaml';
import { AGENTS, parseAgentSpec } from '../../agent/registry.js';
import { HarnessError } from '../../errors.js';
import { packageRoot } from '../../paths.js';
import { runMatrix } from '../../run/matrix.js';
import type { MatrixAgent, MatrixTask } from '../../run/matrix.js';
import { checkUserLabels, parseAgentArgument, parseShard } from '../../run/matrix-plan.js';
import { liveProgress, plainProgress } from '../../run/matrix-progress.js';
import { installSignalCleanup } from '../../sandbox/cleanup.js';
import { DockerProvider } from '../../sandbox/docker/docker-provider.js';
import { collectGarbage } from '../../sandbox/gc.js';
import { sandboxImageTag } from '../../sandbox/image/sandbox-image.js';
import { StoreSchemaError } from '../../store/migrations.js';
import { Store, StoreError } from '../../store/store.js';
import type { ScoredAttempt } from '../../store/types.js';
import { taskContentHash } from '../../task/content-hash.js';
import { selectTasks } from '../../task/selection.js';
import { FaultPlanSchema } from '../../trajectory/schema.js';
import type { FaultPlan } from '../../trajectory/schema.js';
import { action } from '../harness-errors.js';
import { loadValidTasks } from '../load-tasks.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** A usage problem: one line on stderr, exit status 1. */
export class UsageError extends Error {}

function positiveInt(name: string, text: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} expects an integer ≥ ${min}, got ${JSON.stringify(text)}`);
  return n;
}

function parseLabels(items: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const item of items) {
    const i = item.indexOf('=');
    const key = i === -1 ? '' : item.slice(0, i);
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new UsageError(`--label expects key=value (key of letters, digits, . _ -), got ${JSON.stringify(item)}`);
    labels[key] = item.slice(i + 1);
  }
  try {
    checkUserLabels(labels);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return labels;
}

async function readConfigFile(file: string): Promise<unknown> {
  try {
    return parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Reads an agent configuration file: YAML or JSON holding a mapping (or nothing). */
async function readAgentConfig(file: string): Promise<Record<string, unknown>> {
  const value = await readConfigFile(file);
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${file}: an agent configuration must be a mapping (key: value), got ${Array.isArray(value) ? 'a list' : typeof value}`);
  return value as Record<string, unknown>;
}

/**
 * The agents of a run from the `--agent` arguments: `SPEC` runs with the `--agent-config` file
 * given to every agent (or `{}`), `SPEC@FILE` with its own file instead (not merged: each agent
 * runs with exactly one configuration, which goes into the run key and the attempt records).
 * @throws UsageError for an unknown agent, a malformed argument, or an unreadable configuration.
 */
export async function matrixAgents(args: readonly string[], sharedConfigFile: string | undefined): Promise<MatrixAgent[]> {
  if (args.length === 0) throw new UsageError('give at least one --agent (e.g. --agent oracle --agent noop)');
  const parsed = args.map((text) => {
    try {
      return parseAgentArgument(text);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  });
  for (const { spec } of parsed) {
    const { name } = parseAgentSpec(spec);
    if (!AGENTS[name]) throw new UsageError(`unknown agent ${JSON.stringify(name)}; known agents: ${Object.keys(AGENTS).sort().join(', ')}`);
  }
  const shared = sharedConfigFile ? await readAgentConfig(sharedConfigFile) : {};
  return Promise.all(parsed.map(async ({ spec, configFile }) => ({ spec, config: configFile ? await readAgentConfig(configFile) : shared })));
}

async function gitRevision(): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', 'HEAD'], { cwd: packageRoot(), timeout: 2000 });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The `--json` shape of an attempt: coordinates, outcome and scores. */
function jsonAttempt(a: ScoredAttempt) {
  return {
    id: a.id,
    task: a.taskId,
    agent: a.agentSpec,
    repeat: a.repeat,
    state: a.state,
    exitStatus: a.exitStatus ?? (a.state === 'harness_error' ? 'harness_error' : null),
    resolved: a.resolved ?? null,
    cheated: a.cheated ?? null,
    ...(a.harnessError !== undefined ? { harnessError: a.harnessError } : {}),
    scores: a.scores,
  };
}

/**
 * `crucible run`: every agent × task × repeat into a results database. Resumable (the same
 * command skips finished attempts and redoes interrupted ones), shardable (`--shard i/n`),
 * with transient harness failures retried and permanent ones aborting the run (exit 2).
 */
export function runCommand(): Command {
  return new Command('run')
    .description('Run every agent × task × repeat into a results database (resumable, shardable)')
    .requiredOption('--tasks <selection>', 'tasks: ids, globs, folders, all, or suite:NAME (pinned content hashes)')
    .option('--agent <spec>', 'an agent, repeatable: oracle, noop, replay:FILE, openai:MODEL, cmd:"…"; SPEC@FILE.yaml gives it its own configuration', collect, [] as string[])
    .option('--agent-config <file>', 'configuration (YAML or JSON) for every agent without its own @FILE: prompt variant, sampling, limits')
    .option('--repeats <k>', 'attempts per agent and task', '1')
    .option('--concurrency <n>', 'attempts running at a time', '1')
    .option('--seed <n>', 'run seed; each attempt seed derives from it and the attempt coordinates', '1')
    .option('--db <file>', 'results database (SQLite; created if missing)', '.crucible/results.db')
    .option('--label <key=value>', 'label stored on the run and every attempt, repeatable (faults, origin, strategy, origin_hash are reserved: the run sets them)', collect, [] as string[])
    .option('--shard <i/n>', 'run only the attempts whose matrix index % n == i-1')
    .option('--faults <file>', 'fault plan (YAML or JSON): { faults: [{ class, tool, at? }] }')
    .option('--out <dir>', 'where trajectories are written', '.crucible/trajectories')
    .option('--json', 'print one JSON document at the end: { runId, attempts: [...] }')
    .action(
      action(async (opts) => {
        let store: Store | undefined;
        const stopper = new AbortController();
        const onSignal = () => stopper.abort();
        try {
          const repeats = positiveInt('--repeats', opts.repeats);
          const concurrency = positiveInt('--concurrency', opts.concurrency);
          const seed = positiveInt('--seed', opts.seed, 0);
          const labels = parseLabels(opts.label);
          let shard;
          try {
            shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
          } catch (err) {
            throw new UsageError((err as Error).message);
          }
          const agents = await matrixAgents(opts.agent, opts.agentConfig);
          let faults: FaultPlan | undefined;
          if (opts.faults) {
            const parsed = FaultPlanSchema.safeParse(await readConfigFile(opts.faults));
            if (!parsed.success) {
              const issue = parsed.error.issues[0]!;
              throw new UsageError(`${opts.faults}: field \`${issue.path.join('.')}\`: ${issue.message}`);
            }
            faults = parsed.data;
          }

          const loaded = await loadValidTasks(opts.tasks);
          if (!loaded) return;
          const pins = new Map((await selectTasks(opts.tasks, process.cwd())).map((s) => [path.resolve(s.dir), s.pinnedHash]));
          const tasks: MatrixTask[] = [];
          for (const task of loaded) {
            const contentHash = await taskContentHash(task);
            const pinned = pins.get(path.resolve(task.dir));
            if (pinned && pinned !== contentHash) {
              throw new UsageError(
                `task ${task.definition.id} changed since its suite was pinned (content hash ${contentHash.slice(0, 12)}, pinned ${pinned.slice(0, 12)}); re-pin the suite or restore the task`,
              );
            }
            tasks.push({ task, contentHash });
          }

          const provider = new DockerProvider();
          await provider.ping();
          const gc = await collectGarbage(provider.docker);
          const removed = gc.filter((d) => d.removed).length;
          if (removed) process.stderr.write(`crucible: removed ${removed} sandbox(es) left by dead processes\n`);
          const imageIds = new Map<string, string>();
          const byProfile = new Map<string, string>();
          for (const { task } of tasks) {
            const profile = task.definition.profile;
            if (!byProfile.has(profile)) {
              const tag = sandboxImageTag(profile);
              try {
                byProfile.set(profile, (await provider.docker.getImage(tag).inspect()).Id);
              } catch (err) {
                if ((err as { statusCode?: number }).statusCode === 404) throw new HarnessError('IMAGE_MISSING', `image ${tag} is not on the engine; build it with \`crucible image build\``);
                throw new HarnessError('ENGINE_UNREACHABLE', `could not inspect image ${tag}: ${(err as Error).message.split('\n')[0]}`);
              }
            }
            imageIds.set(task.definition.id, byProfile.get(profile)!);
          }

          try {
            store = Store.open(opts.db);
          } catch (err) {
            if (err instanceof StoreSchemaError || err instanceof StoreError) throw new UsageError(err.message);
            throw err;
          }
          installSignalCleanup();
          process.on('SIGINT', onSignal);
          process.on('SIGTERM', onSignal);
          const progress = opts.json ? plainProgress(process.stderr, process.stderr) : process.stdout.isTTY ? liveProgress() : plainProgress();
          let result;
          try {
            result = await runMatrix({
              provider,
              store,
              tasks,
              agents,
              repeats,
              concurrency,
              seed,
              ...(faults ? { faults } : {}),
              labels,
              ...(shard ? { shard } : {}),
              outDir: opts.out,
              imageIds,
              gitRevision: await gitRevision(),
              signal: stopper.signal,
              onEvent: (e) => progress.onEvent(e),
            });
          } finally {
            await progress.close();
          }
          const finished = result.attempts.filter((a) => a.state === 'finished');
          if (opts.json) {
            process.stdout.write(`${JSON.stringify({ runId: result.runId, attempts: result.attempts.map(jsonAttempt) }, null, 2)}\n`);
          } else {
            process.stdout.write(
              `run ${result.runId.slice(0, 12)}${shard ? ` shard ${shard.index}/${shard.count}` : ''}: ${finished.length}/${result.attempts.length} finished (${result.skipped} earlier, ${result.finished} now), ${finished.filter((a) => a.resolved).length} resolved, ${result.harnessErrors} harness error(s); results in ${opts.db}\n`,
            );
          }
          if (result.stopped) {
            process.stderr.write('crucible: stopped; unfinished attempts are pending: run the same command again to resume\n');
            process.exitCode = 130;
          }
          else if (result.harnessErrors > 0) {
            process.stderr.write(`crucible: ${result.harnessErrors} attempt(s) ended in harness errors (not scored); run the same command again to retry them\n`);
            process.exitCode = 2;
          }
        } catch (err) {
          if (err instanceof UsageError) {
            process.stderr.write(`crucible: ${err.message}\n`);
            process.exitCode = 1;
            return;
          }
          if (err instanceof HarnessError) {
            // Whatever is still winding down must not keep the process alive.
            setTimeout(() => process.exit(), 15_000).unref();
          }
          throw err;
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          store?.close();
        }
      }),
    ) as unknown as Command;
}
