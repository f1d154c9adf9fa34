"""Crucible's attesting launcher for hidden Python test runs.

Usage (working directory = the repository root; the grader writes the run's nonce, one line of
lowercase hex, to stdin and closes it):

    /usr/bin/python3 -I /opt/crucible/python/crucible_attest.py <report-path> unittest [args...]
    /usr/bin/python3 -I /opt/crucible/python/crucible_attest.py <report-path> pytest [args...]

It behaves like `python3 -m unittest [args...]` / `python3 -m pytest [args...]` (same output,
byte for byte, apart from timings) and, when the runner finishes, writes `<report-path>.attest`:

    {"exit_code":N,"mac":"<hex>","outcomes":{"<id>":"passed|failed|error|skipped",...},
     "runner":"unittest|pytest","version":1}

`mac` is HMAC-SHA256 keyed with the nonce (its ASCII bytes, exactly as read) over the canonical
JSON of every other field: keys sorted by code point, no whitespace, strings escaped like Python's
`json.dumps(ensure_ascii=True)` (so the text is pure ASCII), integers in decimal. The file itself
is written in the same canonical form, followed by a newline.

Ids: unittest uses `test.id()` (`pkg.mod.Class.test_x`); class and module fixture errors get
`pkg.mod.Class.setUpClass` / `pkg.mod.setUpModule`, import failures keep unittest's
`unittest.loader._FailedTest.<module>`; subtest failures fold into their test (worst status
wins, error > failed > skipped > passed, a skipped subtest never hides the test's own status).
pytest uses node ids; a setup or teardown failure makes the test `error`, xfail counts as
`skipped`, non-strict xpass as `passed`, strict xpass as `failed`; a collector that fails
(import error, `sys.exit` at import...) is recorded under its node id (`tests/test_x.py`) as
`error`, a module-level skip as `skipped`.

Exit status: the runner's (unittest: 0 when successful, else 1; pytest: its return code), with
two corrections that are also attested: at least 1 when any outcome is failed/error (a conftest
or monkeypatch cannot turn a failing run into exit 0), and pytest's INTERRUPTED (2) when the
session was stopped by `pytest.exit(returncode=0)`/KeyboardInterrupt yet reported 0. A runner
that does not return (SystemExit or another exception raised outside any test, e.g. `sys.exit(0)`
in a module imported by `python -m unittest pkg.mod`) still gets an attestation of the outcomes
recorded so far, with the SystemExit code when it is a non-zero integer, else 93; a code outside
0-255 (`pytest.exit(returncode=256)` would leave with status 0) also becomes 93. The process
leaves through os._exit right after writing the file, so atexit handlers and lingering threads of
the code under test cannot change the exit status afterwards (they do not run).
Launcher failures write no attestation: 90 usage, 91 no/invalid nonce on stdin, 92 runner not
importable, 94 the attestation could not be written (checked before the run too: the report's
folder must exist).

What it defends against (the code under test runs in this very process):
  * printed fake results (`test_x (...) ... ok`, `PASSED ...`, a fake closing summary): the
    attestation comes from result objects, never from output, and the grader cross-checks both;
  * ending the run early with os._exit(0), a signal or a crash: no attestation is written, so the
    grader refuses the run instead of trusting the output it saw;
  * sys.exit()/pytest.exit() at import or in fixtures: recorded as errors or as an aborted run
    with a non-zero exit code;
  * forged or stale `.attest` files: without the nonce the MAC cannot be computed; the nonce is
    fresh per run, read before any other code runs, and stdin is then pointed at /dev/null;
  * planted `sitecustomize.py`, `crucible_attest.py`, `unittest.py`, `pytest.py`... in the
    workspace: `-I` keeps the workspace (and PYTHONPATH) out of sys.path while the launcher and
    the runner are imported; the cwd and PYTHONPATH are added afterwards, as `python -m` would;
  * relative report paths and os.chdir() in tests: the path is made absolute at start.

What it does NOT defend against (be honest: this is tamper-evidence for the common tricks, not
isolation). Code under test that deliberately targets the launcher from inside the process can:
  * walk gc.get_objects() or stack frames (sys._getframe().f_back...) to find the recorder and
    rewrite its outcomes, or find the signing closure and read the nonce from its cell;
  * monkeypatch the runner (unittest.TestCase.run, TextTestResult methods, _pytest internals) or
    ship a conftest.py whose hooks rewrite reports before the recorder sees them;
  * read or write this process's memory directly (ctypes, /proc/self/mem).
Closing those needs the recorder outside the tested process (e.g. a separate interpreter that
receives per-test events it can check) plus pristine test infrastructure (hidden conftest.py,
no patch changes outside the source tree); this launcher only raises the bar. Also by design:
`-I` means user site-packages and PYTHON* variables other than PYTHONPATH are ignored.
"""

# Everything the launcher needs is imported and bound here, before the workspace is on sys.path
# and before any code under test runs, so that later monkeypatching of module attributes
# (`os.write = ...`, `hmac.new = ...`, `builtins.sorted = ...`) does not reach the launcher. It
# uses no json module: the canonical JSON below is its own.
import os
import sys
import traceback

try:
    from _hashlib import hmac_digest as _hmac_digest
except ImportError:  # pragma: no cover - CPython without OpenSSL
    import hmac as _hmac

    def _hmac_digest(key, msg, digest):
        return _hmac.new(key, msg, digest).digest()


_os_open = os.open
_os_close = os.close
_os_read = os.read
_os_write = os.write
_os_dup2 = os.dup2
_os_unlink = os.unlink
_os_replace = os.replace
_os_exit = os._exit
_abspath = os.path.abspath
_str = str
_int = int
_isinstance = isinstance
_sorted = sorted

VERSION = 1
RUNNERS = ('unittest', 'pytest')
STATUSES = ('passed', 'skipped', 'failed', 'error')
_SEVERITY = {'passed': 0, 'skipped': 1, 'failed': 2, 'error': 3}

EXIT_USAGE = 90
EXIT_NO_NONCE = 91
EXIT_NO_RUNNER = 92
EXIT_ABORTED = 93
EXIT_WRITE_FAILED = 94

_MIN_NONCE = 32
_MAX_NONCE = 256
_HEX = b'0123456789abcdef'
_SHORT_ESCAPES = {'"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f'}


def _take_nonce():
    """Reads one line from fd 0 byte by byte (so nothing beyond it is buffered anywhere), then
    points fd 0 at /dev/null. Returns the nonce as ASCII bytes, or None when it is missing or not
    32-256 lowercase hex digits."""
    data = bytearray()
    try:
        while len(data) <= _MAX_NONCE + 1:
            byte = _os_read(0, 1)
            if not byte or byte == b'\n':
                break
            data += byte
    except OSError:
        data = bytearray()
    finally:
        _detach_stdin()
    if data.endswith(b'\r'):
        del data[-1]
    if not _MIN_NONCE <= len(data) <= _MAX_NONCE or any(c not in _HEX for c in data):
        return None
    return bytes(data)


def _detach_stdin():
    fd = _os_open(os.devnull, os.O_RDONLY)
    if fd != 0:
        _os_dup2(fd, 0)
        _os_close(fd)


def _make_signer(key):
    """The only holder of the key: a closure cell (see the header for why that is not secret
    from deliberately hostile in-process code)."""

    def sign(message):
        return _hmac_digest(key, message, 'sha256').hex()

    return sign


def _json_string(text):
    out = ['"']
    for ch in text:
        code = ord(ch)
        escape = _SHORT_ESCAPES.get(ch)
        if escape is not None:
            out.append(escape)
        elif 0x20 <= code <= 0x7E:
            out.append(ch)
        elif code <= 0xFFFF:
            out.append('\\u%04x' % code)
        else:
            code -= 0x10000
            out.append('\\u%04x\\u%04x' % (0xD800 | (code >> 10), 0xDC00 | (code & 0x3FF)))
    out.append('"')
    return ''.join(out)


def _canonical_json(value):
    """Canonical JSON of dicts with str keys, strs and ints; identical to
    json.dumps(value, sort_keys=True, separators=(',', ':'), ensure_ascii=True) on those types."""
    if _isinstance(value, dict):
        parts = []
        for key in _sorted(value):
            if not _isinstance(key, _str):
                raise TypeError('canonical JSON keys must be strings')
            parts.append(_json_string(key) + ':' + _canonical_json(value[key]))
        return '{' + ','.join(parts) + '}'
    if _isinstance(value, _str):
        return _json_string(value)
    if _isinstance(value, _int) and not _isinstance(value, bool):
        return _int.__repr__(value)
    raise TypeError('canonical JSON supports only dict, str and int, not %s' % type(value).__name__)


def _worse(a, b):
    return b if _SEVERITY[b] > _SEVERITY[a] else a


class _Outcomes:
    """Per-id statuses: the test's own ones and those folded in from its subtests (unittest) or
    phases (pytest), combined like Crucible's report parsers combine them."""

    def __init__(self):
        self._own = {}
        self._sub = {}

    def own(self, test_id, status):
        previous = self._own.get(test_id)
        self._own[test_id] = status if previous is None else _worse(previous, status)

    def sub(self, test_id, status):
        previous = self._sub.get(test_id)
        self._sub[test_id] = status if previous is None else _worse(previous, status)

    def final(self):
        result = {}
        for test_id in list(self._own) + [k for k in self._sub if k not in self._own]:
            own = self._own.get(test_id)
            sub = self._sub.get(test_id)
            if own is None:
                result[test_id] = sub
            elif sub is None or sub == 'skipped':
                result[test_id] = own
            else:
                result[test_id] = _worse(own, sub)
        return result


def _fixture_id(description):
    """`setUpClass (pkg.mod.Class)` -> `pkg.mod.Class.setUpClass` (unittest's _ErrorHolder ids);
    any other id is returned unchanged."""
    if not description.endswith(')') or ' (' not in description:
        return description
    name, _, rest = description.partition(' (')
    dotted = rest[:-1]
    if not name or not dotted or any(c in name + dotted for c in ' ()\t\n'):
        return description
    if dotted == name or dotted.endswith('.' + name):
        return dotted
    return dotted + '.' + name


def _run_unittest(args, outcomes):
    import unittest
    import unittest.case

    subtest_type = getattr(unittest.case, '_SubTest', None)

    def record(test, status):
        if subtest_type is not None and _isinstance(test, subtest_type):
            outcomes.sub(_fixture_id(test.test_case.id()), status)
        else:
            outcomes.own(_fixture_id(test.id()), status)

    class AttestingResult(unittest.TextTestResult):
        def addSuccess(self, test):
            super().addSuccess(test)
            record(test, 'passed')

        def addError(self, test, err):
            super().addError(test, err)
            record(test, 'error')

        def addFailure(self, test, err):
            super().addFailure(test, err)
            record(test, 'failed')

        def addSkip(self, test, reason):
            super().addSkip(test, reason)
            record(test, 'skipped')

        def addExpectedFailure(self, test, err):
            super().addExpectedFailure(test, err)
            record(test, 'skipped')

        def addUnexpectedSuccess(self, test):
            super().addUnexpectedSuccess(test)
            record(test, 'failed')

        def addSubTest(self, test, subtest, err):
            super().addSubTest(test, subtest, err)
            if err is not None:
                failed = subtest.failureException is not None and issubclass(err[0], subtest.failureException)
                outcomes.sub(_fixture_id(test.id()), 'failed' if failed else 'error')

    class AttestingRunner(unittest.TextTestRunner):
        resultclass = AttestingResult

    prog_name = os.path.basename(sys.executable) + ' -m unittest'
    sys.argv[:] = [prog_name, *args]
    program = unittest.main(module=None, argv=[prog_name, *args], exit=False, testRunner=AttestingRunner)
    result = program.result
    no_tests_code = getattr(sys.modules.get('unittest.main'), '_NO_TESTS_EXITCODE', None)
    if no_tests_code is not None and result.testsRun == 0 and not result.skipped:
        return no_tests_code  # Python 3.12+
    return 0 if result.wasSuccessful() else 1


def _run_pytest(pytest, args, outcomes):
    state = {'interrupted': False}

    class AttestingRecorder:
        def pytest_runtest_logreport(self, report):
            if report.when == 'call':
                if report.passed:
                    outcomes.own(report.nodeid, 'passed')
                elif report.failed:
                    outcomes.own(report.nodeid, 'failed')
                elif report.skipped:
                    outcomes.own(report.nodeid, 'skipped')
            elif report.failed:
                outcomes.own(report.nodeid, 'error')
            elif report.skipped:
                outcomes.own(report.nodeid, 'skipped')

        def pytest_collectreport(self, report):
            if report.failed:
                outcomes.own(report.nodeid, 'error')
            elif report.skipped:
                outcomes.own(report.nodeid, 'skipped')

        def pytest_keyboard_interrupt(self, excinfo):
            state['interrupted'] = True

    sys.argv[:] = [os.path.join(os.path.dirname(pytest.__file__), '__main__.py'), *args]
    returned = pytest.main(list(args), plugins=[AttestingRecorder()])
    try:
        code = _int(returned)
    except (TypeError, ValueError):
        code = 1
    if state['interrupted'] and code == 0:
        code = 2
    return code


def _prepare_sys_path():
    """What `python -m` would have done (cwd first), plus PYTHONPATH, which -I ignored."""
    extra = [_abspath(p) for p in os.environ.get('PYTHONPATH', '').split(os.pathsep) if p]
    sys.path[0:0] = [os.getcwd(), *extra]


def _write_attestation(path, sign, runner, exit_code, outcomes):
    payload = {'version': VERSION, 'runner': runner, 'exit_code': exit_code, 'outcomes': outcomes}
    mac = sign(_canonical_json(payload).encode('ascii'))
    payload['mac'] = mac
    data = (_canonical_json(payload) + '\n').encode('ascii')
    tmp = path + '.tmp'
    _remove(tmp)
    fd = _os_open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[_os_write(fd, view):]
    finally:
        _os_close(fd)
    _os_replace(tmp, path)


def _remove(path):
    try:
        _os_unlink(path)
    except FileNotFoundError:
        pass


def _say(message):
    try:
        _os_write(2, ('crucible_attest: %s\n' % message).encode('utf-8', 'replace'))
    except OSError:
        pass


def _flush_stdio():
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except BaseException:  # noqa: BLE001 - leaving anyway
            pass


def _main(argv):
    nonce = _take_nonce()
    if len(argv) < 2 or argv[1] not in RUNNERS or not argv[0]:
        _say('usage: python3 -I crucible_attest.py <report-path> unittest|pytest [args...]')
        return EXIT_USAGE
    attest_path = _abspath(argv[0]) + '.attest'
    runner, args = argv[1], argv[2:]
    if not os.path.isdir(os.path.dirname(attest_path)):
        _say('the folder of %s does not exist' % attest_path)
        return EXIT_WRITE_FAILED
    try:
        _remove(attest_path)
    except OSError as error:
        _say('cannot remove a stale %s: %s' % (attest_path, error))
        return EXIT_WRITE_FAILED
    if nonce is None:
        _say('no valid nonce on stdin (expected one line of %d-%d lowercase hex digits)' % (_MIN_NONCE, _MAX_NONCE))
        return EXIT_NO_NONCE
    sign = _make_signer(nonce)
    del nonce
    pytest = None
    if runner == 'pytest':
        try:
            import pytest
        except ImportError as error:
            _say('cannot import pytest: %s' % error)
            return EXIT_NO_RUNNER
    else:
        import unittest  # noqa: F401 - imported before the workspace joins sys.path

    _prepare_sys_path()
    outcomes = _Outcomes()
    try:
        if runner == 'unittest':
            code = _run_unittest(args, outcomes)
        else:
            code = _run_pytest(pytest, args, outcomes)
    except SystemExit as exit_:
        value = exit_.code
        code = value if _isinstance(value, _int) and not _isinstance(value, bool) and value != 0 else EXIT_ABORTED
        _flush_stdio()
        _say('the %s run was aborted by SystemExit(%r) raised outside any test' % (runner, value))
    except BaseException:  # noqa: BLE001 - any escape means the runner did not finish
        _flush_stdio()
        traceback.print_exc()
        _say('the %s run was aborted by an exception raised outside any test' % runner)
        code = EXIT_ABORTED
    if not 0 <= code <= 255:
        code = EXIT_ABORTED  # os._exit(256) would leave with status 0
    final = outcomes.final()
    if code == 0 and any(status in ('failed', 'error') for status in final.values()):
        code = 1
    _flush_stdio()
    try:
        _write_attestation(attest_path, sign, runner, code, final)
    except (OSError, TypeError, ValueError) as error:
        _say('cannot write %s: %s' % (attest_path, error))
        return EXIT_WRITE_FAILED
    return code


if __name__ == '__main__':
    _status = _main(sys.argv[1:])
    _flush_stdio()
    _os_exit(_status)
