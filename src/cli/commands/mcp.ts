import { Command } from '@commander-js/extra-typings';
import { runAttempt } from '../../run/attempt.js';
import type { AttemptResult } from '../../run/attempt.js';
import { DockerProvider } from '../../sandbox/docker/docker-provider.js';
import { action } from '../harness-errors.js';
import { loadValidTasks } from '../load-tasks.js';

/** One line on how an attempt went. */
export function attemptLine(r: AttemptResult): string {
  const verdict = r.harnessError ? `harness error: ${r.harnessError}` : r.grade ? `${r.grade.resolved ? 'RESOLVED' : 'NOT RESOLVED'}: ${r.grade.rationale}` : 'not graded';
  return `${r.status} after ${r.steps} step(s); ${verdict}`;
}

/**
 * `crucible mcp …`: Crucible as an MCP server. `serve` runs one attempt of a task where the
 * agent is whoever connects over MCP (stdio by default, or Streamable HTTP on 127.0.0.1 with a
 * bearer token); the attempt is recorded and graded like any other.
 */
export function mcpCommand(): Command {
  const mcp = new Command('mcp').description('Serve Crucible\'s tools over MCP to an agent you drive yourself');
  mcp
    .command('serve')
    .description('Run one attempt of a task for an MCP client (stdio, or HTTP on 127.0.0.1), then grade it')
    .requiredOption('--task <id>', 'the task')
    .option('--http <port>', 'serve Streamable HTTP on 127.0.0.1:PORT (0: any free port) instead of stdio; URL and token go to stderr')
    .option('--seed <n>', 'seed of the attempt (fault placement)', '1')
    .option('--out <dir>', 'where the trajectory is written', '.crucible/trajectories')
    .action(
      action(async (opts) => {
        if (opts.http !== undefined && !/^\d+$/.test(opts.http)) {
          process.stderr.write(`crucible mcp serve: --http expects a port number (0 for any free port), got ${JSON.stringify(opts.http)}\n`);
          process.exitCode = 2;
          return;
        }
        if (!/^\d+$/.test(opts.seed)) {
          process.stderr.write(`crucible mcp serve: --seed expects a non-negative integer, got ${JSON.stringify(opts.seed)}\n`);
          process.exitCode = 2;
          return;
        }
        const [task] = (await loadValidTasks(opts.task)) ?? [];
        if (!task) return;
        const provider = new DockerProvider();
        await provider.ping();
        if (opts.http === undefined) process.stderr.write(`crucible mcp: serving task ${task.definition.id} over stdio once its sandbox is ready\n`);
        const r = await runAttempt({ provider, task, agentSpec: opts.http === undefined ? 'mcp' : `mcp-http:${opts.http}`, seed: Number(opts.seed), outDir: opts.out });
        process.stderr.write(`crucible mcp: ${task.definition.id} ${attemptLine(r)}\n`);
        process.stderr.write(`crucible mcp: trajectory ${r.trajectoryFile}\n`);
        if (r.harnessError) process.exitCode = 2;
      }),
    );
  return mcp as unknown as Command;
}
