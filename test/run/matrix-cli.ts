/**
 * `crucible run | merge | suite` from source for the tests, while src/cli/program.ts does not
 * list these commands yet (once it does, the tests can use `cliArgs` from test/helpers/engine.ts).
 */
import { Command } from '@commander-js/extra-typings';
import { mergeCommand } from '../../src/cli/commands/merge.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { suiteCommand } from '../../src/cli/commands/suite.js';
import { installSignalCleanup } from '../../src/sandbox/cleanup.js';

installSignalCleanup();
const root = new Command('crucible') as unknown as Command;
root.addCommand(runCommand());
root.addCommand(mergeCommand());
root.addCommand(suiteCommand());
await root.parseAsync(process.argv);
