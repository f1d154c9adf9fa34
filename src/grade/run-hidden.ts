import { randomBytes } from 'node:crypto';
import type { DockerSandbox } from '../sandbox/docker/docker-sandbox.js';
import type { TaskDefinition } from '../task/schema.js';
import { attestedCommand, crossCheck, newNonce, verifyAttestation } from './attestation.js';
import { parseReport } from './parsers/index.js';
import type { ParsedReport } from './parsers/types.js';

/** What running the hidden tests produced. */
export interface HiddenRun {
  report: ParsedReport;
  /** The raw report text (the runner's stdout, or stderr for unittest). */
  output: string;
  exitCode: number;
  timedOut: boolean;
  durationMs: number;
  /** For Python runners: whether the attesting launcher vouched for the parsed results. */
  attestation?: { ok: boolean; problems: string[] };
}

const MAX_REPORT_BYTES = 16 * 1024 * 1024;

/**
 * Runs the hidden test command as the agent user and parses its report from the runner's own
 * stdout (stderr for unittest) — pipes the supervisor created as root, which processes started
 * by the code under test can neither reopen nor write into. Python runners go through the
 * attesting launcher: results the launcher did not sign (early exit, printed fakes, a forged
 * file) do not count.
 */
export async function runHiddenTests(sandbox: DockerSandbox, hidden: TaskDefinition['tests']['hidden']): Promise<HiddenRun> {
  const python = hidden.format === 'unittest' || hidden.format === 'pytest';
  const attestPath = `/tmp/.crucible-attest-${randomBytes(8).toString('hex')}`;
  const nonce = python ? newNonce() : undefined;
  const command = python ? attestedCommand(hidden.command, attestPath) ?? hidden.command : hidden.command;
  const r = await sandbox.exec(command, {
    timeoutMs: hidden.timeout_sec * 1000,
    maxOutputBytes: MAX_REPORT_BYTES,
    ...(nonce ? { stdin: `${nonce}\n` } : {}),
  });
  const output = hidden.format === 'unittest' ? r.stderr : r.stdout;
  const report = parseReport(hidden.format, output);
  const run: HiddenRun = { report, output, exitCode: r.exitCode, timedOut: r.timedOut, durationMs: r.durationMs };
  if (nonce) {
    const file = await sandbox.exec(['cat', `${attestPath}.attest`], { user: 'root' });
    if (file.exitCode !== 0) {
      run.attestation = { ok: false, problems: ['the runner wrote no attestation (it did not finish normally)'] };
    } else {
      const verified = verifyAttestation(file.stdout, nonce);
      const problems = verified.ok ? crossCheck(verified.attestation, report.tests, r.exitCode) : [verified.reason];
      run.attestation = { ok: problems.length === 0, problems };
    }
  }
  return run;
}
