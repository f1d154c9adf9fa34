import path from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { grade } from '../../grade/grade.js';
import { scoreAttempt } from '../../score/index.js';
import { unresolvedEvidence } from '../../score/evidence.js';
import { DockerProvider } from '../../sandbox/docker/docker-provider.js';
import { taskContentHash } from '../../task/content-hash.js';
import { readTrajectory } from '../../trajectory/reader.js';
import { formatScores } from '../format-scores.js';
import { action } from '../harness-errors.js';
import { loadValidTasks } from '../load-tasks.js';

/** `crucible score`: re-scores a saved attempt without running the agent again. */
export function scoreCommand(): Command {
  return new Command('score')
    .description('Re-score a saved trajectory: grade its final diff again and compute every score')
    .argument('<trajectory>', 'a trajectory .jsonl file')
    .option('--task <id>', 'task to score against (default: the one in the trajectory header)')
    .option('--json', 'print scores and findings as JSON')
    .action(
      action(async (file, opts) => {
        const trajectory = await readTrajectory(file);
        if (!trajectory.end) {
          process.stderr.write(`crucible: ${file} has no end event: the attempt never finished, so there is no final diff to score\n`);
          process.exitCode = 1;
          return;
        }
        const [task] = (await loadValidTasks(opts.task ?? trajectory.header.task.id)) ?? [];
        if (!task) return;
        const hash = await taskContentHash(task);
        if (hash !== trajectory.header.task.contentHash) {
          process.stderr.write(
            `crucible: refusing to score: ${path.relative(process.cwd(), task.dir)} has content hash ${hash.slice(0, 12)}, but the attempt ran on ${trajectory.header.task.contentHash.slice(0, 12)}; the task, its files, repository or image definition changed since, so the scores would describe a different task\n`,
          );
          process.exitCode = 1;
          return;
        }
        const provider = new DockerProvider();
        await provider.ping();
        const graded = trajectory.end.status === 'harness_error' ? undefined : await grade(task, trajectory.end.finalDiff, { provider, ...(trajectory.end.claims ? { claims: trajectory.end.claims } : {}) });
        const scored = await scoreAttempt({ task: task.definition, trajectory, ...(graded ? { grade: graded } : {}) });
        const problems = unresolvedEvidence({ task: task.definition, trajectory, ...(graded ? { grade: graded } : {}) }, scored.scores, scored.findings);
        if (opts.json) process.stdout.write(`${JSON.stringify({ attemptId: trajectory.header.attemptId, task: task.definition.id, ...scored, unresolvedEvidence: problems }, null, 2)}\n`);
        else {
          process.stdout.write(`attempt ${trajectory.header.attemptId} (${trajectory.header.agent.spec} on ${task.definition.id}, ${trajectory.end.status})\n${formatScores(scored)}`);
          for (const p of problems) process.stdout.write(`  unresolved evidence: ${p}\n`);
        }
      }),
    ) as unknown as Command;
}
