import { Command } from '@commander-js/extra-typings';

/** `crucible task variant` (placeholder while being written). */
export function taskVariantCommand(): Command {
  return new Command('variant').description('Derive adversarial variants of a task, linked to their origin') as unknown as Command;
}
