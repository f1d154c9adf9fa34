/**
 * `crucible mcp …` from source for the engine tests, while src/cli/program.ts does not list the
 * `mcp` command yet (once it does, the tests use `cliArgs` from test/helpers/engine.ts).
 */
import { Command } from '@commander-js/extra-typings';
import { mcpCommand } from '../../src/cli/commands/mcp.js';
import { installSignalCleanup } from '../../src/sandbox/cleanup.js';

installSignalCleanup();
const root = new Command('crucible') as unknown as Command;
root.addCommand(mcpCommand());
await root.parseAsync(process.argv);
