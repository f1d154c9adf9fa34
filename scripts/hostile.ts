/**
 * The reliability suite: every `hostile:NAME` behaviour on a small bundled task, in a real
 * sandbox, beside an oracle attempt; prints behaviour / contained / flagged / evidence.
 *
 *   npm run hostile                       the table
 *   npm run hostile -- --json             the rows as JSON (with every check and finding)
 *   npm run hostile -- --only fork-bomb,kill-tools --no-oracle
 *
 * Exits 1 when a row is not contained or not flagged as expected, 2 on bad arguments.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runHostileSuite, SUITE_TASK } from '../src/hostile/suite.js';
import { formatTable, rowPassed } from '../src/hostile/table.js';
import { DockerProvider } from '../src/sandbox/docker/docker-provider.js';
import { requireTask } from '../src/task/loader.js';

async function main(): Promise<number> {
  let raw: { json?: boolean; only?: string; 'no-oracle'?: boolean; task?: string; out?: string };
  try {
    raw = parseArgs({
      options: { json: { type: 'boolean' }, only: { type: 'string' }, 'no-oracle': { type: 'boolean' }, task: { type: 'string' }, out: { type: 'string' } },
    }).values;
  } catch (err) {
    process.stderr.write(`hostile: ${(err as Error).message}\nusage: npm run hostile -- [--json] [--only a,b] [--no-oracle] [--task tasks/ID] [--out DIR]\n`);
    return 2;
  }
  const root = process.cwd();
  const task = await requireTask(path.resolve(root, raw.task ?? SUITE_TASK), root);
  const outDir = raw.out ?? (await mkdtemp(path.join(tmpdir(), 'crucible-hostile-')));
  const started = performance.now();
  const rows = await runHostileSuite({
    provider: new DockerProvider(),
    task,
    outDir,
    ...(raw.only ? { only: raw.only.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
    oracleBeside: raw['no-oracle'] !== true,
    onRow: (r) => process.stderr.write(`${rowPassed(r) ? 'ok  ' : 'FAIL'} ${r.behaviour} (${Math.round(r.details.durationMs / 1000)} s)\n`),
  });
  const seconds = Math.round((performance.now() - started) / 1000);
  if (raw.json) process.stdout.write(`${JSON.stringify({ task: task.definition.id, seconds, trajectories: outDir, rows }, null, 2)}\n`);
  else process.stdout.write(`${formatTable(rows)} in ${seconds} s; trajectories in ${outDir}\n`);
  return rows.every(rowPassed) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`hostile: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(2);
  },
);
