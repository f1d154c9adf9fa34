import { readFile } from 'node:fs/promises';
import { Command } from '@commander-js/extra-typings';
import { parse } from 'yaml';
import { runAttempt } from '../../run/attempt.js';
import { DockerProvider } from '../../sandbox/docker/docker-provider.js';
import { FaultPlanSchema } from '../../trajectory/schema.js';
import type { FaultPlan } from '../../trajectory/schema.js';
import { action } from '../harness-errors.js';
import { formatScores } from '../format-scores.js';
import { loadValidTasks } from '../load-tasks.js';

/** `crucible attempt`: one agent on one task, recorded and graded. */
export function attemptCommand(): Command {
  return new Command('attempt')
    .description('Run one agent on one task: sandbox, tools, trajectory, then grading')
    .requiredOption('--task <id>', 'the task')
    .requiredOption('--agent <spec>', 'oracle, noop, replay:FILE, openai:MODEL, cmd:"…"')
    .option('--agent-config <file>', 'agent configuration (YAML or JSON): prompt variant, sampling, limits')
    .option('--faults <file>', 'fault plan (YAML or JSON): { faults: [{ class, tool, at? }] }')
    .option('--seed <n>', 'seed for fault placement and the agent', '1')
    .option('--out <dir>', 'where the trajectory is written', '.crucible/trajectories')
    .option('--json', 'print the result as JSON')
    .action(
      action(async (opts) => {
        const [task] = (await loadValidTasks(opts.task)) ?? [];
        if (!task) return;
        const read = async (file: string) => parse(await readFile(file, 'utf8')) as unknown;
        const agentConfig = opts.agentConfig ? ((await read(opts.agentConfig)) as Record<string, unknown>) : {};
        let faults: FaultPlan | undefined;
        if (opts.faults) {
          const parsed = FaultPlanSchema.safeParse(await read(opts.faults));
          if (!parsed.success) {
            const issue = parsed.error.issues[0]!;
            process.stderr.write(`crucible: ${opts.faults}: field \`${issue.path.join('.')}\`: ${issue.message}\n`);
            process.exitCode = 1;
            return;
          }
          faults = parsed.data;
        }
        const provider = new DockerProvider();
        await provider.ping();
        const r = await runAttempt({ provider, task, agentSpec: opts.agent, agentConfig, faults, seed: Number(opts.seed), outDir: opts.out });
        if (opts.json) process.stdout.write(`${JSON.stringify({ ...r, diff: undefined }, null, 2)}\n`);
        else {
          process.stdout.write(`${r.status} after ${r.steps} steps; ${r.harnessError ? `harness error: ${r.harnessError}` : r.grade?.rationale ?? 'not graded'}\ntrajectory: ${r.trajectoryFile}\n`);
          if (r.scores) process.stdout.write(formatScores(r.scores));
        }
        if (r.harnessError) process.exitCode = 2;
      }),
    ) as unknown as Command;
}
