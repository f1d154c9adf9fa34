import { readFile } from 'node:fs/promises';
import { Command } from '@commander-js/extra-typings';
import { grade } from '../../grade/grade.js';
import type { GradeResult } from '../../grade/grade.js';
import { DockerProvider } from '../../sandbox/docker/docker-provider.js';
import { readPredictions } from '../../task/predictions.js';
import { action } from '../harness-errors.js';
import { loadValidTasks } from '../load-tasks.js';

function summary(label: string, g: GradeResult): string {
  return `${g.resolved ? 'RESOLVED    ' : 'NOT RESOLVED'} ${label}: ${g.rationale}`;
}

/** `crucible grade`: grade a patch, or SWE-bench predictions, with no agent involved. */
export function gradeCommand(): Command {
  return new Command('grade')
    .description('Grade a patch (or SWE-bench predictions) against tasks, with no agent')
    .option('--task <id>', 'the task to grade against (with --patch)')
    .option('--patch <file>', 'a unified diff against the task\'s base')
    .option('--predictions <file>', 'SWE-bench predictions JSONL: instance_id, model_name_or_path, model_patch')
    .option('--tasks <selection>', 'where to look up instance ids (with --predictions)', 'all')
    .option('--json', 'print results as JSON')
    .option('--keep-sandbox', 'keep the grading sandbox of an unresolved result for inspection')
    .action(
      action(async (opts) => {
        if (!!opts.patch === !!opts.predictions || (opts.patch && !opts.task)) {
          process.stderr.write('crucible grade: give --task ID --patch FILE, or --predictions FILE.jsonl\n');
          process.exitCode = 2;
          return;
        }
        const provider = new DockerProvider();
        if (opts.patch) {
          const [task] = (await loadValidTasks(opts.task!)) ?? [];
          if (!task) return;
          await provider.ping();
          const result = await grade(task, await readFile(opts.patch, 'utf8'), { provider, keepSandbox: opts.keepSandbox });
          process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${summary(task.definition.id, result)}\n${result.keptSandbox ? `kept sandbox ${result.keptSandbox}\n` : ''}`);
          if (!result.resolved) process.exitCode = 1;
          return;
        }
        const tasks = await loadValidTasks(opts.tasks);
        if (!tasks) return;
        const { predictions, problems } = await readPredictions(opts.predictions!);
        for (const p of problems) process.stderr.write(`${p}\n`);
        const byInstance = new Map(tasks.map((t) => [t.definition.source?.instance_id ?? t.definition.id, t]));
        await provider.ping();
        const rows = [];
        for (const p of predictions) {
          const task = byInstance.get(p.instance_id);
          if (!task) {
            rows.push({ instance_id: p.instance_id, model_name_or_path: p.model_name_or_path, error: 'no imported task for this instance_id' });
            if (!opts.json) process.stdout.write(`UNKNOWN      ${p.instance_id}: no imported task for this instance_id\n`);
            continue;
          }
          const result = await grade(task, p.model_patch, { provider, keepSandbox: opts.keepSandbox });
          rows.push({ instance_id: p.instance_id, model_name_or_path: p.model_name_or_path, task: task.definition.id, resolved: result.resolved, f2p: result.evaluation?.f2p, p2p: result.evaluation?.p2p, rationale: result.rationale });
          if (!opts.json) process.stdout.write(`${summary(`${p.instance_id} (${p.model_name_or_path})`, result)}\n`);
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else process.stdout.write(`${rows.filter((r) => 'resolved' in r && r.resolved).length}/${rows.length} resolved\n`);
        if (problems.length > 0) process.exitCode = 1;
      }),
    ) as unknown as Command;
}
