import { installSignalCleanup } from '../sandbox/cleanup.js';
import { program } from './program.js';

installSignalCleanup();
await program().parseAsync(process.argv);
