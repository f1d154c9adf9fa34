/**
 * Attested Python runs: the TypeScript side alone, then the real launcher
 * (sandboxes/common/python/crucible_attest.py) under Debian's /usr/bin/python3 against the small
 * projects in test/fixtures/attestation, fed its nonce through stdin as the grader does.
 */
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  type Attestation,
  attestationPath,
  attestedCommand,
  canonicalJson,
  crossCheck,
  LAUNCHER_EXIT_CODES,
  LAUNCHER_PATH,
  newNonce,
  verifyAttestation,
} from '../../src/grade/attestation.js';
import { parsePytest } from '../../src/grade/parsers/pytest.js';
import { parseUnittest } from '../../src/grade/parsers/unittest.js';
import type { TestStatus } from '../../src/grade/parsers/types.js';

const PYTHON = '/usr/bin/python3';
const LAUNCHER = fileURLToPath(new URL('../../sandboxes/common/python/crucible_attest.py', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/attestation/', import.meta.url));
const HEX64 = expect.stringMatching(/^[0-9a-f]{64}$/);

/** Whether Debian's python3 with its pytest is here (the unit project otherwise needs only Node). */
const HAVE_PYTHON = spawnSync(PYTHON, ['-m', 'pytest', '--version'], { encoding: 'utf8' }).status === 0;
/** Under CI the launcher tests must run (.ci/run installs python3-pytest): a missing Python fails them. */
const RUN_LAUNCHER = HAVE_PYTHON || process.env.CI === 'true';
if (!RUN_LAUNCHER) console.warn(`attestation.test.ts: ${PYTHON} -m pytest is unavailable; launcher tests are skipped (apt-get install -y python3-pytest)`);

/** Signs fields the way the launcher does. */
function sign(fields: Omit<Attestation, 'mac'>, nonce: string): Attestation {
  const mac = createHmac('sha256', Buffer.from(nonce, 'ascii')).update(canonicalJson(fields)).digest('hex');
  return { ...fields, mac };
}

describe('attestedCommand', () => {
  it.each([
    ['python3 -m pytest -rA tests', `/usr/bin/python3 -I ${LAUNCHER_PATH} /tmp/r/report pytest -rA tests`],
    ['python3 -m unittest', `/usr/bin/python3 -I ${LAUNCHER_PATH} /tmp/r/report unittest`],
    ['  python3  -m\tunittest -v tests.test_x 2>&1', `/usr/bin/python3 -I ${LAUNCHER_PATH} /tmp/r/report unittest -v tests.test_x 2>&1`],
  ])('%j', (command, expected) => {
    expect(attestedCommand(command, '/tmp/r/report')).toBe(expected);
  });

  it('quotes the report path and honours the interpreter and launcher options', () => {
    expect(attestedCommand('python3 -m pytest', "/tmp/it's here/r", { python: '/opt/py 3/python3', launcher: '/l/a.py' })).toBe(
      `'/opt/py 3/python3' -I /l/a.py '/tmp/it'\\''s here/r' pytest`,
    );
  });

  it.each([
    'python -m pytest',
    'python3 -m pytestx',
    'python3 -m unittest.mock',
    'cd x && python3 -m pytest',
    'PYTHONPATH=src python3 -m pytest',
    'python3 -mpytest',
    'python3 -m pytest\nrm -rf /',
    'npm test',
  ])('%j is not attestable', (command) => {
    expect(attestedCommand(command, '/tmp/r')).toBeUndefined();
  });

  it('rejects an unusable report path', () => {
    expect(() => attestedCommand('python3 -m pytest', '')).toThrow('unusable report path ""');
    expect(() => attestedCommand('python3 -m pytest', '/tmp/a\nb')).toThrow('unusable report path');
  });

  it('names the attestation after the report', () => {
    expect(attestationPath('/tmp/r/report.xml')).toBe('/tmp/r/report.xml.attest');
  });
});

describe('newNonce', () => {
  it('gives 64 fresh lowercase hex digits', () => {
    const a = newNonce();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newNonce()).not.toBe(a);
  });
});

describe('canonicalJson', () => {
  it('sorts keys by code point and escapes like Python ensure_ascii', () => {
    expect(canonicalJson({ b: 1, a: { '😀': 'x', '\uffff': '\u007f', é: '"\\\n\t\u0001' }, '': -3 })).toBe(
      '{"":-3,"a":{"\\u00e9":"\\"\\\\\\n\\t\\u0001","\\uffff":"\\u007f","\\ud83d\\ude00":"x"},"b":1}',
    );
  });

  it('rejects values the launcher never writes', () => {
    expect(() => canonicalJson([1])).toThrow('canonical JSON supports');
    expect(() => canonicalJson(1.5)).toThrow('canonical JSON supports');
    expect(() => canonicalJson(true)).toThrow('canonical JSON supports');
  });
});

describe('verifyAttestation', () => {
  const nonce = 'ab'.repeat(32);
  const good = sign({ version: 1, runner: 'pytest', exit_code: 1, outcomes: { 't.py::a': 'passed', 't.py::b': 'failed' } }, nonce);

  it('accepts a correctly signed attestation, whatever its key order and spacing', () => {
    const text = JSON.stringify({ mac: good.mac, outcomes: good.outcomes, version: 1, exit_code: 1, runner: 'pytest' }, null, 2);
    expect(verifyAttestation(text, nonce)).toEqual({ ok: true, attestation: good });
  });

  it.each([
    ['wrong nonce', JSON.stringify(good), 'cd'.repeat(32), 'MAC mismatch'],
    ['changed outcome', JSON.stringify({ ...good, outcomes: { 't.py::a': 'passed', 't.py::b': 'passed' } }), nonce, 'MAC mismatch'],
    ['changed exit code', JSON.stringify({ ...good, exit_code: 0 }), nonce, 'MAC mismatch'],
    ['not JSON', 'root:x:0:0:root:/root:/bin/bash', nonce, 'not JSON'],
    ['array', '[]', nonce, 'not a JSON object'],
    ['bad version', JSON.stringify({ ...good, version: 2 }), nonce, 'unsupported version 2'],
    ['extra field', JSON.stringify({ ...good, note: 'x' }), nonce, expect.stringMatching(/^fields are \["exit_code","mac","note"/)],
    ['missing field', JSON.stringify({ version: 1, runner: 'pytest', exit_code: 0, mac: good.mac }), nonce, expect.stringMatching(/^fields are /)],
    ['bad runner', JSON.stringify({ ...good, runner: 'nose' }), nonce, 'unknown runner "nose"'],
    ['bad exit code', JSON.stringify({ ...good, exit_code: '1' }), nonce, 'exit_code is not an integer: "1"'],
    ['bad status', JSON.stringify({ ...good, outcomes: { a: 'ok' } }), nonce, 'outcome of "a" is "ok"'],
    ['short mac', JSON.stringify({ ...good, mac: 'abc' }), nonce, 'mac is not 64 lowercase hex digits'],
    ['bad nonce', JSON.stringify(good), 'XYZ', 'invalid nonce (expected 32-256 lowercase hex digits)'],
  ])('%s → refused', (_name, text, key, reason) => {
    expect(verifyAttestation(text, key)).toEqual({ ok: false, reason });
  });

  it('keeps an outcome whose id is "__proto__" as a plain entry', () => {
    const odd = sign({ version: 1, runner: 'unittest', exit_code: 0, outcomes: JSON.parse('{"__proto__":"passed"}') }, nonce);
    const result = verifyAttestation(JSON.stringify(odd), nonce);
    expect(result.ok).toBe(true);
    expect(result.ok && Object.entries(result.attestation.outcomes)).toEqual([['__proto__', 'passed']]);
  });
});

describe('crossCheck', () => {
  const unittestAttestation: Attestation = {
    version: 1,
    runner: 'unittest',
    exit_code: 1,
    outcomes: { 'm.C.test_a': 'passed', 'm.C.test_b': 'failed', 'm.C.setUpClass': 'error' },
    mac: '0'.repeat(64),
  };
  const consistent = [
    { id: 'm.C.setUpClass', status: 'error' as const },
    { id: 'm.C.test_a', status: 'passed' as const },
    { id: 'm.C.test_b', status: 'failed' as const },
  ];

  it('finds nothing when report, exit code and attestation agree', () => {
    expect(crossCheck(unittestAttestation, consistent, 1)).toEqual([]);
  });

  it('lists every disagreement', () => {
    const parsed: Array<{ id: string; status: TestStatus }> = [
      { id: 'm.C.test_a', status: 'passed' },
      { id: 'm.C.test_b', status: 'passed' },
      { id: 'm.C.test_fake', status: 'passed' },
      { id: 'm.C.test_a', status: 'passed' },
    ];
    expect(crossCheck(unittestAttestation, parsed, 0)).toEqual([
      'exit code 0 differs from the attested 1',
      '"m.C.test_a" is reported 2 times (passed, passed)',
      '"m.C.test_b" is reported passed but attested failed',
      '"m.C.test_fake" is reported passed but is not in the attestation',
      '"m.C.setUpClass" is attested error but is not in the report',
    ]);
  });

  const pytestAttestation: Attestation = {
    version: 1,
    runner: 'pytest',
    exit_code: 1,
    outcomes: { 't.py::a': 'error', 't.py::b': 'skipped', 't.py::c': 'skipped', 't.py::d': 'skipped' },
    mac: '0'.repeat(64),
  };

  it('pytest: accepts a teardown error listed twice, xfail by node id and skips by location', () => {
    const parsed: Array<{ id: string; status: TestStatus }> = [
      { id: 't.py::a', status: 'passed' },
      { id: 't.py:3', status: 'skipped' },
      { id: 't.py:9', status: 'skipped' },
      { id: 't.py::d', status: 'skipped' },
      { id: 't.py::a', status: 'error' },
    ];
    expect(crossCheck(pytestAttestation, parsed, 1)).toEqual([]);
  });

  it('pytest: more location skips than attested skips, or none at all, are problems', () => {
    const tooMany = ['t.py:1', 't.py:2', 't.py:3', 't.py:4'].map((id) => ({ id, status: 'skipped' as const }));
    expect(crossCheck(pytestAttestation, [{ id: 't.py::a', status: 'error' }, ...tooMany], 1)).toEqual([
      '4 skip lines are reported by location but only 3 other skipped tests are attested',
    ]);
    expect(crossCheck(pytestAttestation, [{ id: 't.py::a', status: 'error' }], 1)).toEqual([
      '3 attested skipped tests have no skip line in the report',
    ]);
    expect(crossCheck(pytestAttestation, [{ id: 't.py::a', status: 'passed' }, { id: 't.py::a', status: 'passed' }, { id: 't.py:1', status: 'skipped' }], 1)).toEqual([
      '"t.py::a" is reported 2 times (passed, passed)',
      '"t.py::a" is reported passed but attested error',
    ]);
  });
});

/** A run of the real launcher on a fresh copy of a fixture project. */
interface LauncherRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The project copy (the working directory). */
  dir: string;
  /** The report path given to the launcher (in a folder outside the project). */
  report: string;
  nonce: string;
}

describe.runIf(RUN_LAUNCHER)('the launcher under /usr/bin/python3', () => {
  let root = '';
  let copies = 0;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'crucible-attest-'));
  });
  afterAll(() => {
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  /** Copies a fixture project into a fresh folder. */
  function copyFixture(fixture: string): string {
    const dir = path.join(root, `${fixture}-${++copies}`);
    cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
    return dir;
  }

  /** Runs `python3 -m <runnerArgs>` the attested way, through a shell, as the grader will. */
  function runAttested(fixture: string, runnerArgs: string, options: { input?: string; env?: Record<string, string>; dir?: string } = {}): LauncherRun {
    const dir = options.dir ?? copyFixture(fixture);
    const reports = path.join(root, `reports-${++copies}`);
    mkdirSync(reports);
    const report = path.join(reports, 'report');
    const nonce = newNonce();
    const command = attestedCommand(`python3 -m ${runnerArgs}`, report, { python: PYTHON, launcher: LAUNCHER });
    if (command === undefined) throw new Error(`not attestable: ${runnerArgs}`);
    const result = spawnSync('/bin/sh', ['-c', command], {
      cwd: dir,
      input: options.input ?? `${nonce}\n`,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ...options.env },
      timeout: 30_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, dir, report, nonce };
  }

  /** Runs plain `python3 -m <args>` in `dir`, for comparison. */
  function runPlain(dir: string, args: string[], env: Record<string, string> = {}) {
    return spawnSync(PYTHON, ['-m', ...args], { cwd: dir, input: '', encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ...env }, timeout: 30_000 });
  }

  /** The verified attestation of a run (fails the test when it is missing or does not verify). */
  function attestationOf(run: LauncherRun) {
    return verifyAttestation(readFileSync(attestationPath(run.report), 'utf8'), run.nonce);
  }

  const withoutTimings = (text: string): string => text.replace(/ in \d+\.\d+s\b/g, ' in Xs');

  describe('honest unittest suite', () => {
    const OUTCOMES: Record<string, TestStatus> = {
      'tests.test_calc.BrokenSetup.setUpClass': 'error',
      'tests.test_calc.CalcTests.test_add': 'passed',
      'tests.test_calc.CalcTests.test_exit_inside_test': 'error',
      'tests.test_calc.CalcTests.test_fails': 'failed',
      'tests.test_calc.CalcTests.test_fixed_bug': 'failed',
      'tests.test_calc.CalcTests.test_known_bug': 'skipped',
      'tests.test_calc.CalcTests.test_raises': 'error',
      'tests.test_calc.CalcTests.test_skipped': 'skipped',
      'tests.test_calc.CalcTests.test_stdin_is_empty': 'passed',
      'tests.test_calc.CalcTests.test_subtests': 'failed',
      'tests.test_calc.CalcTests.test_ünïcödé': 'passed',
    };

    it('attests exactly the outcomes, which the parsed output matches', () => {
      const run = runAttested('unittest-honest', 'unittest -v');
      expect(run.status).toBe(1);
      const verified = attestationOf(run);
      expect(verified).toEqual({ ok: true, attestation: { version: 1, runner: 'unittest', exit_code: 1, outcomes: OUTCOMES, mac: HEX64 } });
      const parsed = parseUnittest(run.stderr);
      expect(Object.fromEntries(parsed.tests.map(({ id, status }) => [id, status]))).toEqual(OUTCOMES);
      expect(verified.ok && crossCheck(verified.attestation, parsed.tests, run.status ?? -1)).toEqual([]);
    });

    it('writes the file in canonical form, so a verifier in any language can recompute the MAC', () => {
      const run = runAttested('unittest-honest', 'unittest -v');
      const text = readFileSync(attestationPath(run.report), 'utf8');
      const verified = attestationOf(run);
      expect(verified.ok && `${canonicalJson(verified.attestation)}\n`).toBe(text);
      expect(text).toContain('"tests.test_calc.CalcTests.test_\\u00fcn\\u00efc\\u00f6d\\u00e9":"passed"');
    });

    it('leaves test code nothing to read on stdin or any inherited pipe', () => {
      const run = runAttested('unittest-honest', 'unittest -v tests.test_calc.CalcTests.test_stdin_is_empty');
      expect(run.status).toBe(0);
      expect(JSON.parse(readFileSync(path.join(run.dir, 'stdin-probe.json'), 'utf8'))).toEqual({ fd0: '/dev/null', read: '' });
      expect(run.stdout + run.stderr).not.toContain(run.nonce);
    });

    it('prints what python3 -m unittest -v prints', () => {
      const dir = copyFixture('unittest-honest');
      const plain = runPlain(dir, ['unittest', '-v']);
      const run = runAttested('unittest-honest', 'unittest -v', { dir });
      expect(withoutTimings(run.stderr)).toBe(withoutTimings(plain.stderr));
      expect(run.stdout).toBe(plain.stdout);
      expect(run.status).toBe(plain.status);
    });

    it('refuses a forged verification: another nonce does not verify the genuine file', () => {
      const run = runAttested('unittest-honest', 'unittest -v');
      expect(verifyAttestation(readFileSync(attestationPath(run.report), 'utf8'), newNonce())).toEqual({ ok: false, reason: 'MAC mismatch' });
    });
  });

  describe('honest pytest suite', () => {
    const OUTCOMES: Record<string, TestStatus> = {
      'tests/test_sample.py::test_fail': 'failed',
      'tests/test_sample.py::test_param[1]': 'passed',
      'tests/test_sample.py::test_param[2]': 'failed',
      'tests/test_sample.py::test_param[3]': 'passed',
      'tests/test_sample.py::test_pass': 'passed',
      'tests/test_sample.py::test_raises': 'failed',
      'tests/test_sample.py::test_setup_error': 'error',
      'tests/test_sample.py::test_skip_inside': 'skipped',
      'tests/test_sample.py::test_skipped': 'skipped',
      'tests/test_sample.py::test_stdin_is_empty': 'passed',
      'tests/test_sample.py::test_teardown_error': 'error',
      'tests/test_sample.py::test_xfail': 'skipped',
      'tests/test_sample.py::test_xpass': 'passed',
      'tests/test_sample.py::test_xpass_strict': 'failed',
      'tests/test_sample.py::test_ünïcödé': 'passed',
    };

    it('attests exactly the outcomes, which the parsed output matches', () => {
      const run = runAttested('pytest-honest', 'pytest -rA -p no:cacheprovider tests');
      expect(run.status).toBe(1);
      const verified = attestationOf(run);
      expect(verified).toEqual({ ok: true, attestation: { version: 1, runner: 'pytest', exit_code: 1, outcomes: OUTCOMES, mac: HEX64 } });
      const parsed = parsePytest(run.stdout);
      expect(parsed.warnings).toEqual(['duplicate test id "tests/test_sample.py::test_teardown_error" appears 2 times']);
      expect(verified.ok && crossCheck(verified.attestation, parsed.tests, run.status ?? -1)).toEqual([]);
      expect(JSON.parse(readFileSync(path.join(run.dir, 'stdin-probe.json'), 'utf8'))).toEqual({ fd0: '/dev/null', read: '' });
    });

    it('prints what python3 -m pytest prints', () => {
      const dir = copyFixture('pytest-honest');
      const plain = runPlain(dir, ['pytest', '-rA', '-p', 'no:cacheprovider', 'tests']);
      const run = runAttested('pytest-honest', 'pytest -rA -p no:cacheprovider tests', { dir });
      expect(withoutTimings(run.stdout)).toBe(withoutTimings(plain.stdout));
      expect(run.stderr).toBe(plain.stderr);
      expect(run.status).toBe(plain.status);
    });
  });

  describe('fake output, then os._exit(0) at import', () => {
    it('unittest: the output fools the parser, but no attestation is written', () => {
      const run = runAttested('fake-output', 'unittest -v');
      expect(run.status).toBe(0);
      expect(parseUnittest(run.stderr).tests).toEqual([
        { id: 'tests.test_victim.VictimTests.test_add', status: 'passed' },
        { id: 'tests.test_victim.VictimTests.test_sub', status: 'passed' },
      ]);
      expect(existsSync(attestationPath(run.report))).toBe(false);
    });

    it('pytest: the output fools the parser, but no attestation is written', () => {
      const run = runAttested('fake-output', 'pytest -rA -s -p no:cacheprovider tests');
      expect(run.status).toBe(0);
      expect(parsePytest(run.stdout).tests).toEqual([
        { id: 'tests/test_victim.py::VictimTests::test_add', status: 'passed' },
        { id: 'tests/test_victim.py::VictimTests::test_sub', status: 'passed' },
      ]);
      expect(existsSync(attestationPath(run.report))).toBe(false);
    });
  });

  it('a forged attestation (path found on the command line, made-up MAC) does not verify', () => {
    const run = runAttested('forged-attest', 'unittest -v');
    expect(run.status).toBe(0);
    const text = readFileSync(attestationPath(run.report), 'utf8');
    expect(JSON.parse(text)).toEqual({
      exit_code: 0,
      mac: HEX64,
      outcomes: { 'tests.test_victim.VictimTests.test_add': 'passed', 'tests.test_victim.VictimTests.test_sub': 'passed' },
      runner: 'unittest',
      version: 1,
    });
    expect(verifyAttestation(text, run.nonce)).toEqual({ ok: false, reason: 'MAC mismatch' });
  });

  describe('sys.exit(0) and pytest.exit(returncode=0) in code under test', () => {
    it('unittest, module named on the command line: the run is attested as aborted with no outcomes', () => {
      const run = runAttested('exit-at-import', 'unittest -v tests.test_exit');
      expect(run.status).toBe(LAUNCHER_EXIT_CODES.aborted);
      expect(run.stderr).toBe('crucible_attest: the unittest run was aborted by SystemExit(0) raised outside any test\n');
      expect(attestationOf(run)).toEqual({ ok: true, attestation: { version: 1, runner: 'unittest', exit_code: 93, outcomes: {}, mac: HEX64 } });
    });

    it('unittest discovery: the import is an error; an atexit handler cannot turn the exit code into 0', () => {
      const run = runAttested('exit-at-import', 'unittest -v');
      expect(run.status).toBe(1);
      expect(run.stderr).not.toContain('ATEXIT HANDLER RAN');
      const verified = attestationOf(run);
      expect(verified).toEqual({
        ok: true,
        attestation: {
          version: 1,
          runner: 'unittest',
          exit_code: 1,
          outcomes: { 'tests.test_fine.FineTests.test_fine': 'passed', 'unittest.loader._FailedTest.tests.test_exit': 'error' },
          mac: HEX64,
        },
      });
      expect(verified.ok && crossCheck(verified.attestation, parseUnittest(run.stderr).tests, run.status ?? -1)).toEqual([]);
    });

    it('pytest: the import is a collection error', () => {
      const run = runAttested('exit-at-import', 'pytest -rA -p no:cacheprovider tests');
      expect(run.status).toBe(2);
      const verified = attestationOf(run);
      expect(verified).toEqual({ ok: true, attestation: { version: 1, runner: 'pytest', exit_code: 2, outcomes: { 'tests/test_exit.py': 'error' }, mac: HEX64 } });
      expect(verified.ok && crossCheck(verified.attestation, parsePytest(run.stdout).tests, run.status ?? -1)).toEqual([]);
    });

    it('pytest.exit(returncode=0) in a test: plain pytest exits 0, the attested run exits 2 with only the tests before it', () => {
      const dir = copyFixture('exit-at-import');
      expect(runPlain(dir, ['pytest', '-rA', '-p', 'no:cacheprovider', 'checks/pytest_exit_in_test.py']).status).toBe(0);
      const run = runAttested('exit-at-import', 'pytest -rA -p no:cacheprovider checks/pytest_exit_in_test.py', { dir });
      expect(run.status).toBe(2);
      expect(attestationOf(run)).toEqual({
        ok: true,
        attestation: { version: 1, runner: 'pytest', exit_code: 2, outcomes: { 'checks/pytest_exit_in_test.py::test_first': 'passed' }, mac: HEX64 },
      });
    });
  });

  it('pytest.exit(returncode=256): plain pytest exits 0 (256 wraps around), the attested run exits 93', () => {
    const dir = copyFixture('exit-at-import');
    expect(runPlain(dir, ['pytest', '-p', 'no:cacheprovider', 'checks/pytest_exit_256.py']).status).toBe(0);
    const run = runAttested('exit-at-import', 'pytest -p no:cacheprovider checks/pytest_exit_256.py', { dir });
    expect(run.status).toBe(LAUNCHER_EXIT_CODES.aborted);
    expect(attestationOf(run)).toEqual({ ok: true, attestation: { version: 1, runner: 'pytest', exit_code: 93, outcomes: {}, mac: HEX64 } });
  });

  it('a conftest that forces exit status 0 over failures: plain pytest exits 0, the attested run exits 1', () => {
    const dir = copyFixture('forced-exit-code');
    expect(runPlain(dir, ['pytest', '-p', 'no:cacheprovider', 'tests']).status).toBe(0);
    const run = runAttested('forced-exit-code', 'pytest -p no:cacheprovider tests', { dir });
    expect(run.status).toBe(1);
    expect(attestationOf(run)).toEqual({ ok: true, attestation: { version: 1, runner: 'pytest', exit_code: 1, outcomes: { 'tests/test_failing.py::test_fails': 'failed' }, mac: HEX64 } });
  });

  describe('planted crucible_attest.py, sitecustomize.py, unittest.py and pytest.py in the project root', () => {
    const markers = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.ran')).sort();

    it('would run under plain python3 -m (the fixture is a real attack)', () => {
      const dir = copyFixture('planted');
      runPlain(dir, ['unittest', '-v']);
      expect(markers(dir)).toEqual(['planted-unittest.ran']);
      runPlain(dir, ['pytest', 'tests'], { PYTHONPATH: dir });
      expect(markers(dir)).toEqual(['planted-sitecustomize.ran', 'planted-unittest.ran']);
    });

    it.each([
      ['unittest -v', 'unittest', 'tests.test_ok.OkTests.test_ok'],
      ['pytest -rA -p no:cacheprovider tests', 'pytest', 'tests/test_ok.py::OkTests::test_ok'],
    ])('%s: none of them runs, even with the project on PYTHONPATH', (args, runner, id) => {
      const dir = copyFixture('planted');
      const run = runAttested('planted', args, { dir, env: { PYTHONPATH: dir } });
      expect(run.status).toBe(0);
      expect(markers(dir)).toEqual([]);
      expect(attestationOf(run)).toEqual({ ok: true, attestation: { version: 1, runner, exit_code: 0, outcomes: { [id]: 'passed' }, mac: HEX64 } });
    });
  });

  describe('launcher failures write no attestation', () => {
    it.each([
      ['no nonce', ''],
      ['a short nonce', 'abc123\n'],
      ['an uppercase nonce', `${'AB'.repeat(32)}\n`],
    ])('%s: exit 91 before any test runs, and a stale attestation is removed', (_name, input) => {
      const dir = copyFixture('unittest-honest');
      const reports = path.join(root, `stale-${++copies}`);
      mkdirSync(reports);
      const report = path.join(reports, 'report');
      writeFileSync(attestationPath(report), 'stale');
      const result = spawnSync(PYTHON, ['-I', LAUNCHER, report, 'unittest', '-v'], { cwd: dir, input, encoding: 'utf8' });
      expect(result.status).toBe(LAUNCHER_EXIT_CODES.noNonce);
      expect(result.stderr).toBe('crucible_attest: no valid nonce on stdin (expected one line of 32-256 lowercase hex digits)\n');
      expect(existsSync(attestationPath(report))).toBe(false);
    });

    it('an unknown runner: exit 90', () => {
      const result = spawnSync(PYTHON, ['-I', LAUNCHER, path.join(root, 'r'), 'nose'], { input: `${newNonce()}\n`, encoding: 'utf8' });
      expect(result.status).toBe(LAUNCHER_EXIT_CODES.usage);
      expect(result.stderr).toBe('crucible_attest: usage: python3 -I crucible_attest.py <report-path> unittest|pytest [args...]\n');
    });

    it('a report folder that does not exist: exit 94 before any test runs', () => {
      const report = path.join(root, 'missing', 'report');
      const result = spawnSync(PYTHON, ['-I', LAUNCHER, report, 'unittest', '-v'], { cwd: copyFixture('unittest-honest'), input: `${newNonce()}\n`, encoding: 'utf8' });
      expect(result.status).toBe(LAUNCHER_EXIT_CODES.writeFailed);
      expect(result.stderr).toBe(`crucible_attest: the folder of ${report}.attest does not exist\n`);
    });
  });

  it("canonical JSON: the launcher's serializer, Python's json.dumps and canonicalJson agree on awkward keys", () => {
    const value = { b: 1, a: { '😀': 'x', '\uffff': '\u007f', é: '"\\\n\t\u0001', '\udc80': 'lone', z: -2 }, '': 'ü' };
    const script = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(path.dirname(LAUNCHER))})`,
      'import crucible_attest',
      'value = json.loads(sys.stdin.read())',
      'print(crucible_attest._canonical_json(value))',
      "print(json.dumps(value, sort_keys=True, separators=(',', ':')))",
    ].join('\n');
    const result = spawnSync(PYTHON, ['-I', '-c', script], { input: JSON.stringify(value), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const expected = canonicalJson(value);
    expect(result.stdout).toBe(`${expected}\n${expected}\n`);
  });
});
