#!/usr/bin/env tsx
/**
 * Process entry point: wires the real argv, streams, clock and environment
 * into `main` and turns its return value into the exit code.
 */
import { homedir } from 'node:os';
import { main } from '../src/cli.js';

const code = main(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  },
  { now: () => new Date() },
  { env: process.env, homeDir: homedir(), cwd: process.cwd() },
);
process.exitCode = code;
