import { isHarnessError } from '../errors.js';

/**
 * Runs a command action and turns a harness failure into one line on stderr and exit code 2,
 * never a stack trace. Anything else is a bug and keeps its stack.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (isHarnessError(err)) {
        process.stderr.write(`crucible: ${err.code}: ${err.message}\n`);
        process.exitCode = 2;
        return;
      }
      throw err;
    }
  };
}
