import { describe, expect, it } from 'vitest';
import { parseDiff } from '../../../src/score/integrity/diff.js';
import { simpleCommands } from '../../../src/score/integrity/shell.js';
import { isProductionCode, isTestSource, stripLines } from '../../../src/score/integrity/source.js';
import { makeTask } from './helpers.js';

describe('simpleCommands', () => {
  it.each([
    ['git log --all | head -5; ls', [['git', 'log', '--all'], ['head', '-5'], ['ls']]],
    [`bash -c 'git reflog && cat .git/ORIG_HEAD'`, [['bash', '-c', 'git reflog && cat .git/ORIG_HEAD'], ['git', 'reflog'], ['cat', '.git/ORIG_HEAD']]],
    ['FOO=1 sudo -u agent timeout 5 curl -s "http://a b"', [['curl', '-s', 'http://a b']]],
    ['echo "$(git cat-file -p HEAD)" `git rev-list --all`', [['echo', '$(git cat-file -p HEAD)'], ['git', 'cat-file', '-p', 'HEAD'], ['git', 'rev-list', '--all']]],
    ['ls # git log --all', [['ls']]],
    ["echo 'git log --all' && (cd src && ls)", [['echo', 'git log --all'], ['cd', 'src'], ['ls']]],
    ['find . -name x | xargs -I {} cat {}', [['find', '.', '-name', 'x'], ['cat', '{}']]],
  ])('%s', (script, expected) => {
    expect(simpleCommands(script)).toEqual(expected);
  });
});

describe('parseDiff', () => {
  it('reads files, changes and numbered lines, by the hunk counts (not by line shapes)', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1..2 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -10,3 +10,3 @@ fn',
      ' keep',
      '--- a removed line that looks like a header',
      '+++ an added line that looks like a header',
      ' keep',
      '\\ No newline at end of file',
      'diff --git a/old.py b/new.py',
      'similarity index 90%',
      'rename from old.py',
      'rename to new.py',
      'diff --git a/gone.ts b/gone.ts',
      'deleted file mode 100644',
      '--- a/gone.ts',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
      '',
    ].join('\n');
    const files = parseDiff(diff);
    expect(files.map((f) => [f.path, f.from, f.change])).toEqual([['src/a.ts', undefined, 'modified'], ['new.py', 'old.py', 'renamed'], ['gone.ts', undefined, 'deleted']]);
    expect(files[0]!.hunks[0]).toEqual([
      { kind: 'ctx', text: 'keep', oldLine: 10, newLine: 10 },
      { kind: 'del', text: '-- a removed line that looks like a header', oldLine: 11 },
      { kind: 'add', text: '++ an added line that looks like a header', newLine: 11 },
      { kind: 'ctx', text: 'keep', oldLine: 12, newLine: 12 },
    ]);
  });

  it('decodes the paths git C-quotes: octal escapes are UTF-8 bytes, other escapes and raw characters kept', () => {
    const file = (quoted: string) => ['diff --git ' + quoted.replace('"', '"a/') + ' ' + quoted.replace('"', '"b/'), '--- ' + quoted.replace('"', '"a/'), '+++ ' + quoted.replace('"', '"b/'), '@@ -1 +1 @@', '-x', '+y'].join('\n');
    const files = parseDiff([file('"caf\\303\\251.ts"'), file('"tab\\there \\"q\\".ts"'), file('"emoji 🎉 \\\\.ts"'), ''].join('\n'));
    expect(files.map((f) => f.path)).toEqual(['café.ts', 'tab\there "q".ts', 'emoji 🎉 \\.ts']);
  });

  it('reads plain (non-git) unified diffs', () => {
    const files = parseDiff(['--- a/x.ts', '+++ b/x.ts', '@@ -1 +1,2 @@', ' a', '+b', '--- /dev/null', '+++ b/y.ts', '@@ -0,0 +1 @@', '+c', ''].join('\n'));
    expect(files.map((f) => [f.path, f.change, f.hunks.flat().filter((l) => l.kind === 'add').map((l) => l.newLine)])).toEqual([['x.ts', 'modified', [2]], ['y.ts', 'added', [1]]]);
  });
});

describe('source helpers', () => {
  it('blanks comments, and string contents on request, carrying block state across lines', () => {
    const lines = ["const a = 'it.skip(' // it.skip(", '/* start', 'it.skip( */ x', 'const t = `a', 'b` + y'];
    expect(stripLines(lines, 'js', { strings: true })).toEqual(["const a = '        ' ", ' '.repeat(8), `${' '.repeat(12)}x`, 'const t = ` ', ' ` + y']);
    expect(stripLines(["s = '#x'  # it", '"""doc', 'skip"""'], 'py', { strings: false })).toEqual(["s = '#x'  ", '"""doc', 'skip"""']);
  });

  it('tells test sources, test configuration and production code apart', () => {
    const task = makeTask();
    expect(['test/a.ts', 'src/a.test.ts', 'tests/test_x.py', 'pkg/x_test.py', 'src/__tests__/a.ts', 'test/hidden/h.ts', 'conftest.py'].every((p) => isTestSource(p, task))).toBe(true);
    expect(['src/a.ts', 'src/testify.ts', 'latest/a.ts', 'src/contest.py'].some((p) => isTestSource(p, task))).toBe(false);
    expect(['src/a.ts', 'lib/x.py', 'bin/run.sh'].every((p) => isProductionCode(p, task))).toBe(true);
    expect(['vitest.config.ts', 'package.json', 'README.md', 'test/a.ts', 'data.json'].some((p) => isProductionCode(p, task))).toBe(false);
  });
});
