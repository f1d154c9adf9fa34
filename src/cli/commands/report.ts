import { Command } from '@commander-js/extra-typings';

/** `crucible report` (placeholder while being written). */
export function reportCommand(): Command {
  return new Command('report').description('Write a self-contained static HTML report from a results database') as unknown as Command;
}
