import { describe, expect, it } from 'vitest';
import { patchedFiles } from '../../src/task/patch-files.js';

describe('patchedFiles', () => {
  it('lists modified, added, deleted and renamed files of a git diff', () => {
    const patch = [
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1..2 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1 +1 @@',
      '-x',
      '+y',
      'diff --git a/new.txt b/new.txt',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/new.txt',
      '@@ -0,0 +1 @@',
      '+n',
      'diff --git a/old.txt b/old.txt',
      'deleted file mode 100644',
      '--- a/old.txt',
      '+++ /dev/null',
      'diff --git a/lib/x.py b/lib/y.py',
      'similarity index 100%',
      'rename from lib/x.py',
      'rename to lib/y.py',
      '',
    ].join('\n');
    expect(patchedFiles(patch)).toEqual([
      { path: 'src/a.ts', change: 'modified' },
      { path: 'new.txt', change: 'added' },
      { path: 'old.txt', change: 'deleted' },
      { path: 'lib/y.py', from: 'lib/x.py', change: 'renamed' },
    ]);
  });

  it('reads plain --- / +++ pairs without git headers', () => {
    expect(patchedFiles('--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n')).toEqual([{ path: 'x.c', change: 'modified' }]);
  });
});
