import { Command } from '@commander-js/extra-typings';
import { imageCommand } from './commands/image.js';
import { sandboxCommand } from './commands/sandbox.js';
import { smokeCommand } from './commands/smoke.js';
import { taskCommand } from './commands/task.js';
import { gradeCommand } from './commands/grade.js';
import { attemptCommand } from './commands/attempt.js';
import { trajectoryCommand } from './commands/trajectory.js';
import { scoreCommand } from './commands/score.js';
import { mcpCommand } from './commands/mcp.js';
import { compareCommand } from './commands/compare.js';
import { gateCommand } from './commands/gate.js';
import { runCommand } from './commands/run.js';
import { mergeCommand } from './commands/merge.js';
import { suiteCommand } from './commands/suite.js';
import { reportCommand } from './commands/report.js';
import { robustnessCommand } from './commands/robustness.js';
import { reviewCommand } from './commands/review.js';
import { VERSION } from '../version.js';

/** Every runnable command as `path  description`, so `crucible --help` shows the whole tree. */
function commandIndex(root: Command): string {
  const rows: Array<[string, string]> = [];
  const walk = (cmd: Command, prefix: string) => {
    for (const sub of cmd.commands as Command[]) {
      const name = `${prefix}${sub.name()}`;
      if (sub.commands.length === 0) rows.push([`${name} ${sub.usage()}`.trim(), sub.description()]);
      walk(sub, `${name} `);
    }
  };
  walk(root, 'crucible ');
  const width = Math.max(...rows.map(([n]) => n.length));
  return `\nAll commands:\n${rows.map(([n, d]) => `  ${n.padEnd(width)}  ${d}`).join('\n')}\n`;
}

/** The whole CLI, without parsing anything: tests inspect it, main.ts runs it. */
export function program(): Command {
  const root = new Command('crucible')
    .description('Evaluate coding agents inside real repositories, in containers, with hidden tests and scored trajectories')
    .version(VERSION)
    .showHelpAfterError()
    .helpCommand(false) as unknown as Command;
  root.addCommand(imageCommand());
  root.addCommand(sandboxCommand());
  root.addCommand(smokeCommand() as unknown as Command);
  root.addCommand(taskCommand());
  root.addCommand(gradeCommand());
  root.addCommand(attemptCommand());
  root.addCommand(trajectoryCommand());
  root.addCommand(scoreCommand());
  root.addCommand(mcpCommand());
  root.addCommand(runCommand());
  root.addCommand(mergeCommand());
  root.addCommand(suiteCommand());
  root.addCommand(compareCommand());
  root.addCommand(gateCommand());
  root.addCommand(robustnessCommand());
  root.addCommand(reportCommand());
  root.addCommand(reviewCommand());
  root.addHelpText('after', () => commandIndex(root));
  return root;
}
