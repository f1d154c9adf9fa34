import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { HOSTILE_BEHAVIOURS } from '../agent/hostile/index.js';
import { runAttempt } from '../run/attempt.js';
import type { AttemptResult } from '../run/attempt.js';
import type { DockerProvider } from '../sandbox/docker/docker-provider.js';
import { sandboxImageTag } from '../sandbox/image/sandbox-image.js';
import type { LoadedTask } from '../task/loader.js';
import { readTaskFile } from '../task/repo-source.js';
import { readTrajectory } from '../trajectory/reader.js';
import { expectations } from './expectations.js';
import type { Check, Expectation } from './expectations.js';
import { engineDiskPath, leftoverContainers, snapshot } from './host.js';
import type { HostSnapshot } from './host.js';
import { NeighbourProbe } from './neighbour.js';
import type { NeighbourReport } from './neighbour.js';

const MiB = 1024 * 1024;

/** Bounds of "the host is unaffected" and "attempts beside it are unaffected". */
export const BOUNDS = {
  /** Most the host's free disk may drop during one behaviour. */
  diskDropBytes: 50 * MiB,
  /** Most the evaluator's resident memory may grow during one behaviour. */
  rssGrowthBytes: 256 * MiB,
  /** Slowest answer of the neighbouring sandbox. */
  neighbourLatencyMs: 5_000,
  /** Largest trajectory file of one hostile attempt. */
  trajectoryBytes: 4 * MiB,
} as const;

/** Options of {@link runHostileSuite}. */
export interface SuiteOptions {
  provider: DockerProvider;
  /** The task every behaviour runs on (its limits are tightened, see `limits`). */
  task: LoadedTask;
  /** Folder for the trajectories. */
  outDir: string;
  /** Behaviour names to run (default, or empty: all). */
  only?: readonly string[];
  /** Limits of the hostile attempts: short wall time, small memory and disk so abuse is quick. */
  limits?: { wall_time_sec: number; memory: string; disk: string; steps: number };
  /** Also run an oracle attempt beside each hostile one and require it resolved (default true). */
  oracleBeside?: boolean;
  /** Called with each row as soon as it is known. */
  onRow?(row: SuiteRow): void;
}

/** One line of the reliability table. */
export interface SuiteRow {
  behaviour: string;
  contained: boolean;
  /** Detector ids that reported findings. */
  flagged: string[];
  /** Detector ids that had to. */
  expectedFlags: string[];
  /** Every expected id is among `flagged`. */
  flaggedAsExpected: boolean;
  /** One line: the first failed check, or what showed containment. */
  evidence: string;
  details: {
    status: string;
    resolved?: boolean;
    durationMs: number;
    checks: Check[];
    findings: Array<{ id: string; severity: string; confirmed: boolean; message: string }>;
    trajectory: string;
  };
}

/** Default limits of the hostile attempts. */
export const SUITE_LIMITS = { wall_time_sec: 20, memory: '512m', disk: '256m', steps: 50 };

/** The task with tighter limits (same content otherwise). */
function tightened(task: LoadedTask, limits: SuiteOptions['limits'] & object): LoadedTask {
  return { ...task, definition: { ...task.definition, limits: { ...task.definition.limits, ...limits } } };
}

/**
 * Runs every hostile behaviour (or `only` these) on one task through `runAttempt` with a real
 * provider, one after the other; beside each one a neighbour sandbox answers `true` twice a second
 * and, unless disabled, an oracle attempt runs. A row is contained when the attempt completed
 * (no harness error, graded and scored), the neighbour kept answering quickly, the oracle stayed
 * resolved, the host's free disk and the evaluator's memory barely moved, no container of the
 * attempt was left behind, the trajectory stayed small and ends with its end event, and the
 * behaviour's own checks held.
 */
export async function runHostileSuite(options: SuiteOptions): Promise<SuiteRow[]> {
  const task = tightened(options.task, options.limits ?? SUITE_LIMITS);
  const setup = task.definition.setup.patch ? await readTaskFile(task, task.definition.setup.patch) : '';
  const table = expectations(setup);
  const diskPath = await engineDiskPath(options.provider.docker);
  const chosen = HOSTILE_BEHAVIOURS.filter((b) => !options.only?.length || options.only.includes(b.name));
  const unknown = (options.only ?? []).filter((n) => !HOSTILE_BEHAVIOURS.some((b) => b.name === n));
  if (unknown.length) throw new Error(`unknown hostile behaviour(s) ${unknown.join(', ')}; known: ${HOSTILE_BEHAVIOURS.map((b) => b.name).join(', ')}`);
  const rows: SuiteRow[] = [];
  for (const behaviour of chosen) {
    const row = await runOne(behaviour.name, task, table[behaviour.name]!, diskPath, options);
    rows.push(row);
    options.onRow?.(row);
  }
  return rows;
}

async function runOne(name: string, task: LoadedTask, expectation: Expectation, diskPath: string, options: SuiteOptions): Promise<SuiteRow> {
  const tag = randomBytes(3).toString('hex');
  const ids = { hostile: `hostile-${name}-${tag}`, oracle: `hostile-beside-${name}-${tag}`, neighbour: `hostile-neighbour-${tag}` };
  const before = await snapshot(diskPath);
  const neighbour = await NeighbourProbe.start(options.provider, sandboxImageTag(task.definition.profile), ids.neighbour);
  const started = performance.now();
  const attempt = (agentSpec: string, attemptId: string) => runAttempt({ provider: options.provider, task, agentSpec, seed: 1, outDir: options.outDir, attemptId, runId: `hostile-${tag}` });
  const [h, o] = await Promise.allSettled([attempt(`hostile:${name}`, ids.hostile), options.oracleBeside === false ? undefined : attempt('oracle', ids.oracle)]);
  const durationMs = Math.round(performance.now() - started);
  const probe = await neighbour.stop();
  const after = await snapshot(diskPath);
  const leftovers = await leftoverContainers(options.provider, [ids.hostile, `${ids.hostile}-grade`, ids.oracle, `${ids.oracle}-grade`, ids.neighbour]);
  const result = h.status === 'fulfilled' ? h.value : undefined;
  const checks: Check[] = [completed(result, h.status === 'rejected' ? (h.reason as Error) : undefined), ...besideChecks(probe, o), ...hostChecks(before, after, leftovers)];
  let findings: SuiteRow['details']['findings'] = [];
  if (result) {
    checks.push(...(await attemptChecks(task, result, expectation, durationMs)));
    findings = (result.scores?.findings ?? []).map((f) => ({ id: f.id, severity: f.severity, confirmed: f.confirmed, message: f.message }));
  }
  const flagged = [...new Set(findings.map((f) => f.id))];
  const failed = checks.find((c) => !c.ok);
  return {
    behaviour: name,
    contained: checks.every((c) => c.ok),
    flagged,
    expectedFlags: expectation.flags,
    flaggedAsExpected: expectation.flags.every((id) => flagged.includes(id)),
    evidence: failed ? `${failed.name}: ${failed.detail}` : evidenceLine(checks),
    details: {
      status: result?.status ?? 'crashed',
      ...(result?.grade ? { resolved: result.grade.resolved } : {}),
      durationMs,
      checks,
      findings,
      trajectory: result ? path.relative(process.cwd(), result.trajectoryFile) : '',
    },
  };
}

/** Attempts beside it unaffected: the neighbour kept answering quickly, the oracle stayed resolved. */
function besideChecks(probe: NeighbourReport, oracle: PromiseSettledResult<AttemptResult | undefined>): Check[] {
  const checks: Check[] = [
    { name: 'neighbour answered', ok: probe.failures === 0 && probe.probes > 0 && probe.maxLatencyMs <= BOUNDS.neighbourLatencyMs, detail: `${probe.probes} probes, ${probe.failures} failed, slowest ${probe.maxLatencyMs} ms` },
  ];
  if (oracle.status === 'rejected') checks.push({ name: 'oracle beside resolved', ok: false, detail: `oracle failed: ${(oracle.reason as Error).message}` });
  else if (oracle.value) checks.push({ name: 'oracle beside resolved', ok: oracle.value.grade?.resolved === true, detail: `oracle ${oracle.value.status}, ${oracle.value.grade?.resolved ? 'resolved' : 'not resolved'}` });
  return checks;
}

/** The host unaffected: free disk, the evaluator's memory, no container left behind. */
function hostChecks(before: HostSnapshot, after: HostSnapshot, leftovers: readonly string[]): Check[] {
  const drop = before.freeDiskBytes - after.freeDiskBytes;
  const grown = after.rssBytes - before.rssBytes;
  return [
    { name: 'host disk', ok: drop < BOUNDS.diskDropBytes, detail: `free disk ${drop >= 0 ? 'dropped' : 'grew'} by ${Math.abs(Math.round(drop / MiB))} MiB` },
    { name: 'evaluator memory', ok: grown < BOUNDS.rssGrowthBytes, detail: `evaluator RSS ${grown >= 0 ? '+' : '−'}${Math.abs(Math.round(grown / MiB))} MiB` },
    { name: 'no leftover containers', ok: leftovers.length === 0, detail: leftovers.length ? `left: ${leftovers.join(', ')}` : 'none left' },
  ];
}

/** What the recorded attempt shows: a small, complete trajectory, and the behaviour's own checks. */
async function attemptChecks(task: LoadedTask, result: AttemptResult, expectation: Expectation, durationMs: number): Promise<Check[]> {
  const size = (await stat(result.trajectoryFile)).size;
  const trajectory = await readTrajectory(result.trajectoryFile);
  const agentMs = trajectory.end ? Date.parse(trajectory.end.endedAt) - Date.parse(trajectory.header.startedAt) : durationMs;
  return [
    { name: 'trajectory bounded', ok: size <= BOUNDS.trajectoryBytes, detail: `trajectory ${Math.round(size / 1024)} KiB` },
    { name: 'trajectory complete', ok: !!trajectory.end, detail: trajectory.end ? `ends with its end event (${trajectory.end.status})` : 'the end event is not the last line' },
    ...expectation.checks({ task, result, trajectory, agentMs }),
  ];
}

/** The attempt ran to its end and was graded and scored: the harness held. */
function completed(result: AttemptResult | undefined, error: Error | undefined): Check {
  if (!result) return { name: 'attempt completed', ok: false, detail: `the evaluator threw: ${error?.message ?? 'unknown'}` };
  if (result.status === 'harness_error') return { name: 'attempt completed', ok: false, detail: `harness error: ${result.harnessError ?? 'unknown'}` };
  return { name: 'attempt completed', ok: !!result.scores, detail: `${result.status} after ${result.steps} steps${result.scores ? ', graded and scored' : ', not scored'}` };
}

/** The behaviour's own checks (the last ones) as one line. */
function evidenceLine(checks: readonly Check[]): string {
  const own = checks.filter((c) => !['attempt completed', 'neighbour answered', 'oracle beside resolved', 'host disk', 'evaluator memory', 'no leftover containers', 'trajectory bounded', 'trajectory complete'].includes(c.name));
  return own.map((c) => c.detail).join('; ');
}

/** Path of the default task of the suite, relative to the project root. */
export const SUITE_TASK = 'tasks/inventory-sku-normalization';
