/**
 * Attested hidden-test runs for Python.
 *
 * Python tests run in the same process as the code under test, so a patch can print fake
 * `test_x ... ok` / `PASSED` lines, leave early with `os._exit(0)` or write a forged report. The
 * grader therefore runs `python3 -m unittest|pytest` through the launcher
 * `sandboxes/common/python/crucible_attest.py` (installed at {@link LAUNCHER_PATH}), which reads a
 * fresh nonce from stdin before any other code runs, records every outcome from the runner's own
 * result objects and, only when the runner finishes, writes `<report>.attest`: the outcomes, the
 * exit code and an HMAC-SHA256 of both keyed with the nonce. The grader then:
 *
 * 1. runs {@link attestedCommand}'s command with {@link newNonce}'s nonce plus `\n` as stdin;
 * 2. refuses the run when `<report>.attest` ({@link attestationPath}) is missing (killed or left
 *    early) or when {@link verifyAttestation} fails (forged, stale, truncated);
 * 3. grades from the attested outcomes, and treats any problem from {@link crossCheck} (the parsed
 *    output or the exit code disagreeing with the attestation) as evidence of tampering.
 *
 * Known limit (see the launcher's header): code under test that deliberately attacks the launcher
 * in memory (gc/frame walking, monkeypatching the runner, conftest hooks rewriting reports) can
 * still defeat it; this is tamper evidence for the common tricks, not isolation.
 *
 * File format, written in canonical form (see {@link canonicalJson}) plus a newline:
 * `{"exit_code":N,"mac":"<64 hex>","outcomes":{"<id>":"passed|failed|error|skipped"},"runner":"unittest|pytest","version":1}`
 * where `mac` = HMAC-SHA256(key = the nonce's ASCII bytes, message = canonical JSON of the other
 * four fields).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { worseStatus } from './parsers/common.js';
import type { TestStatus } from './parsers/types.js';

/** Where the sandbox image holds the launcher (copied from `sandboxes/common/python/`). */
export const LAUNCHER_PATH = '/opt/crucible/python/crucible_attest.py';

/** The interpreter {@link attestedCommand} uses by default: the image's, never one found on PATH. */
export const DEFAULT_PYTHON = '/usr/bin/python3';

/** Appended to the report path to name the attestation file. */
export const ATTESTATION_SUFFIX = '.attest';

/** The only attestation format version. */
export const ATTESTATION_VERSION = 1;

/**
 * Exit codes of the launcher itself. `aborted` comes with an attestation (the runner did not
 * return: SystemExit or another exception outside any test); the others come without one.
 */
export const LAUNCHER_EXIT_CODES = {
  usage: 90,
  noNonce: 91,
  noRunner: 92,
  aborted: 93,
  writeFailed: 94,
} as const;

/** Test runners the launcher can drive. */
export type AttestedRunner = 'unittest' | 'pytest';

/** A verified attestation, as written by the launcher. */
export interface Attestation {
  version: 1;
  runner: AttestedRunner;
  /** The launcher's exit status (the runner's, corrected as the launcher's header describes). */
  exit_code: number;
  /** Status of every test the runner reported, by canonical unittest id or pytest node id. */
  outcomes: Record<string, TestStatus>;
  /** HMAC-SHA256 (lowercase hex) of the other fields' canonical JSON, keyed with the nonce. */
  mac: string;
}

/** Result of {@link verifyAttestation}. */
export type VerifyResult = { ok: true; attestation: Attestation } | { ok: false; reason: string };

/** Options of {@link attestedCommand}. */
export interface AttestedCommandOptions {
  /** Interpreter to run the launcher with; default {@link DEFAULT_PYTHON}. */
  python?: string;
  /** Launcher location; default {@link LAUNCHER_PATH}. */
  launcher?: string;
}

/** One parsed test result, as the report parsers give them. */
export interface ParsedOutcome {
  id: string;
  status: TestStatus;
}

const COMMAND = /^python3[ \t]+-m[ \t]+(unittest|pytest)(?=[ \t]|$)/;
const NONCE = /^[0-9a-f]{32,256}$/;
const MAC = /^[0-9a-f]{64}$/;
const STATUSES: ReadonlySet<string> = new Set<TestStatus>(['passed', 'failed', 'skipped', 'error']);
const RUNNERS: ReadonlySet<string> = new Set<AttestedRunner>(['unittest', 'pytest']);
const FIELDS = ['exit_code', 'mac', 'outcomes', 'runner', 'version'];
/** A pytest skip reported by location (`tests/test_x.py:12`), not by node id. */
const LOCATION_SKIP = /:\d+$/;

/**
 * Rewrites a hidden-test command into its attested form, or returns undefined when the command
 * is not one the launcher can run.
 *
 * The command must start with `python3 -m unittest` or `python3 -m pytest` (leading whitespace
 * allowed); the rest of it is kept verbatim. `python3 -m pytest -rA tests` becomes
 * `/usr/bin/python3 -I /opt/crucible/python/crucible_attest.py '<report>' pytest -rA tests`. The
 * interpreter is an absolute path so that a `python3` planted on PATH (a workspace venv, say)
 * cannot read the nonce. Run it with the repository root as working directory and the nonce plus
 * `\n` as stdin; the exit code given to {@link crossCheck} must be the launcher's, so the rest of
 * the command should not chain other commands after it.
 *
 * @param command - the task's hidden-test command.
 * @param reportPath - where the report goes; the attestation is written to
 *   {@link attestationPath}(reportPath), so its folder must exist and be writable by the tests.
 * @param options - interpreter and launcher paths.
 * @throws Error when `reportPath` is empty or holds a NUL or newline.
 */
export function attestedCommand(command: string, reportPath: string, options: AttestedCommandOptions = {}): string | undefined {
  if (reportPath === '' || /[\0\n\r]/.test(reportPath)) throw new Error(`unusable report path ${JSON.stringify(reportPath)}`);
  const trimmed = command.trimStart();
  const match = COMMAND.exec(trimmed);
  if (match === null) return undefined;
  const runner = match[1] ?? '';
  const python = shellQuote(options.python ?? DEFAULT_PYTHON);
  const launcher = shellQuote(options.launcher ?? LAUNCHER_PATH);
  return `${python} -I ${launcher} ${shellQuote(reportPath)} ${runner}${trimmed.slice(match[0].length)}`;
}

/** `text` as one POSIX shell word (left bare when it is plainly safe). */
function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Path of the attestation written for `reportPath` (`<reportPath>.attest`). */
export function attestationPath(reportPath: string): string {
  return `${reportPath}${ATTESTATION_SUFFIX}`;
}

/** A fresh nonce for one run: 32 random bytes as 64 lowercase hex digits. */
export function newNonce(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Checks an attestation file's text against the run's nonce.
 *
 * Reasons never quote the text itself. Read the file without following symlinks, or as the test
 * user: code under test that leaves early can plant one at the attestation path.
 *
 * Fails (never throws) on text that is not JSON, an unknown version, missing, extra or mistyped
 * fields, an invalid nonce, or a MAC that does not match (compared in constant time).
 *
 * @param json - the content of {@link attestationPath}.
 * @param nonce - the nonce given to the launcher for this run.
 */
export function verifyAttestation(json: string, nonce: string): VerifyResult {
  if (!NONCE.test(nonce)) return { ok: false, reason: 'invalid nonce (expected 32-256 lowercase hex digits)' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    // No parser message: it quotes the text, which may be whatever a planted symlink pointed at.
    return { ok: false, reason: 'not JSON' };
  }
  const shape = checkShape(value);
  if (typeof shape === 'string') return { ok: false, reason: shape };
  const { mac, ...fields } = shape;
  const expected = createHmac('sha256', Buffer.from(nonce, 'ascii')).update(canonicalJson(fields), 'ascii').digest();
  if (!timingSafeEqual(expected, Buffer.from(mac, 'hex'))) return { ok: false, reason: 'MAC mismatch' };
  return { ok: true, attestation: shape };
}

/** The attestation when `value` has exactly the expected fields and types, else a reason. */
function checkShape(value: unknown): Attestation | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  if (keys.join(',') !== FIELDS.join(',')) return `fields are ${JSON.stringify(keys)}, expected ${JSON.stringify(FIELDS)}`;
  if (record.version !== ATTESTATION_VERSION) return `unsupported version ${JSON.stringify(record.version)}`;
  const { runner, exit_code: exitCode, outcomes, mac } = record;
  if (typeof runner !== 'string' || !RUNNERS.has(runner)) return `unknown runner ${JSON.stringify(runner)}`;
  if (typeof exitCode !== 'number' || !Number.isSafeInteger(exitCode)) return `exit_code is not an integer: ${JSON.stringify(exitCode)}`;
  if (typeof mac !== 'string' || !MAC.test(mac)) return 'mac is not 64 lowercase hex digits';
  if (typeof outcomes !== 'object' || outcomes === null || Array.isArray(outcomes)) return 'outcomes is not an object';
  const checked: Record<string, TestStatus> = {};
  for (const [id, status] of Object.entries(outcomes)) {
    if (typeof status !== 'string' || !STATUSES.has(status)) return `outcome of ${JSON.stringify(id)} is ${JSON.stringify(status)}`;
    Object.defineProperty(checked, id, { value: status, enumerable: true, writable: true, configurable: true });
  }
  return { version: ATTESTATION_VERSION, runner: runner as AttestedRunner, exit_code: exitCode, outcomes: checked, mac };
}

/**
 * The canonical JSON the MAC covers, identical to Python's
 * `json.dumps(value, sort_keys=True, separators=(',', ':'), ensure_ascii=True)` on objects,
 * strings and integers: keys sorted by code point, no whitespace, every character outside
 * printable ASCII escaped as `\uXXXX` (lowercase, astral characters as surrogate pairs).
 *
 * @param value - plain objects, strings and safe integers only.
 * @throws Error on any other value.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort(compareCodePoints);
    return `{${keys.map((key) => `${jsonString(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  throw new Error(`canonical JSON supports objects, strings and safe integers, not ${JSON.stringify(value) ?? typeof value}`);
}

const SHORT_ESCAPES: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x08: '\\b', 0x0c: '\\f' };

/** A JSON string literal escaped like Python's `ensure_ascii` encoder. */
function jsonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const short = SHORT_ESCAPES[unit];
    if (short !== undefined) out += short;
    else if (unit >= 0x20 && unit <= 0x7e) out += text[i];
    else out += `\\u${unit.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** Orders strings by code point, as Python sorts `str` (UTF-16 order differs above U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(j) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}

/**
 * Lists the ways a parsed report and the run's exit code disagree with a verified attestation;
 * an empty list means they are consistent.
 *
 * Checked: the exit code equals the attested one; every parsed id is attested with the same
 * status (a parsed id reported several times counts with its worst status); every attested id is
 * in the parsed report. Ids are compared as they are: unittest ids are canonical
 * `pkg.mod.Class.test_x` on both sides, pytest ids are node ids.
 *
 * pytest specifics: a test with a teardown error is listed twice (its call status, then ERROR),
 * which is expected; any other repetition is a problem, and for unittest any repetition is.
 * pytest prints skips folded by location (`SKIPPED [N] file:line`), never by node id, so parsed
 * skipped ids of the form `file:line` are not matched by id: attested skipped tests need not
 * appear by id, and there must be at least as many attested skipped tests not otherwise listed
 * as such location lines, and at least one such line when there are some. (Known false alarm: a
 * test skipped in its body whose teardown then fails is attested `error` but also leaves a skip
 * line, so it reads as one skip line too many.)
 *
 * @param attestation - from {@link verifyAttestation}.
 * @param parsed - the parsed report's tests, in report order.
 * @param exitCode - the exit code of the attested command.
 */
export function crossCheck(attestation: Attestation, parsed: readonly ParsedOutcome[], exitCode: number): string[] {
  const problems: string[] = [];
  if (exitCode !== attestation.exit_code) problems.push(`exit code ${exitCode} differs from the attested ${attestation.exit_code}`);
  const isPytest = attestation.runner === 'pytest';
  const grouped = new Map<string, TestStatus[]>();
  let locationSkips = 0;
  for (const { id, status } of parsed) {
    if (isPytest && status === 'skipped' && !id.includes('::') && LOCATION_SKIP.test(id)) {
      locationSkips += 1;
      continue;
    }
    const statuses = grouped.get(id) ?? [];
    statuses.push(status);
    grouped.set(id, statuses);
  }
  const outcomes = new Map(Object.entries(attestation.outcomes));
  for (const [id, statuses] of grouped) {
    const name = JSON.stringify(id);
    if (statuses.length > 1 && !(isPytest && isTeardownPair(statuses))) {
      problems.push(`${name} is reported ${statuses.length} times (${statuses.join(', ')})`);
    }
    const status = statuses.reduce(worseStatus);
    const attested = outcomes.get(id);
    if (attested === undefined) problems.push(`${name} is reported ${status} but is not in the attestation`);
    else if (attested !== status) problems.push(`${name} is reported ${status} but attested ${attested}`);
  }
  let unlistedSkips = 0;
  for (const [id, attested] of outcomes) {
    if (grouped.has(id)) continue;
    if (isPytest && attested === 'skipped') unlistedSkips += 1;
    else problems.push(`${JSON.stringify(id)} is attested ${attested} but is not in the report`);
  }
  if (locationSkips > unlistedSkips) {
    problems.push(`${locationSkips} skip lines are reported by location but only ${unlistedSkips} other skipped tests are attested`);
  } else if (unlistedSkips > 0 && locationSkips === 0) {
    problems.push(`${unlistedSkips} attested skipped tests have no skip line in the report`);
  }
  return problems;
}

/** pytest's listing of a test whose teardown failed: its call status, then ERROR. */
function isTeardownPair(statuses: readonly TestStatus[]): boolean {
  return statuses.length === 2 && statuses.filter((status) => status === 'error').length === 1;
}
