import { Command } from '@commander-js/extra-typings';

/** `crucible review` (placeholder while being written). */
export function reviewCommand(): Command {
  return new Command('review').description('Expert review: queue, web page, agreement, export and import') as unknown as Command;
}
