import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throwaway project root with repos/<repo> and tasks/<id> made from the given files. */
export async function project(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'crucible-project-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  return root;
}

/** A valid debug task.yaml for repo `demo`, with optional text replacements. */
export function taskYaml(id = 'demo-bug', replace: Array<[string, string]> = []): string {
  let yaml = `id: ${id}
title: Totals are off by one
kind: debug
repo: demo
setup:
  patch: setup.patch
instructions: |
  The total shown for a basket is one cent short.
tests:
  visible:
    command: tsx --test test/*.test.ts
  hidden:
    into: test/hidden
    command: tsx --test --test-reporter=tap test/hidden/*.test.ts
    format: tap
FAIL_TO_PASS:
  - total > adds cents
PASS_TO_PASS:
  - total > empty basket
protected:
  - test/**
canary: crucible-canary:0000-demo-${id}
`;
  for (const [from, to] of replace) yaml = yaml.replace(from, to);
  return yaml;
}

/** Files of a minimal valid project holding one task. */
export function demoFiles(id = 'demo-bug', yaml = taskYaml(id)): Record<string, string> {
  return {
    'repos/demo/src/total.ts': 'export const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);\n',
    'repos/demo/test/total.test.ts': "import { test } from 'node:test';\ntest('visible', () => {});\n",
    [`tasks/${id}/task.yaml`]: yaml,
    [`tasks/${id}/setup.patch`]: '--- a/src/total.ts\n+++ b/src/total.ts\n@@ -1 +1 @@\n-export const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);\n+export const total = (xs: number[]) => xs.reduce((a, b) => a + b, -1);\n',
    [`tasks/${id}/reference.patch`]: '--- a/src/total.ts\n+++ b/src/total.ts\n@@ -1 +1 @@\n-export const total = (xs: number[]) => xs.reduce((a, b) => a + b, -1);\n+export const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);\n',
    [`tasks/${id}/hidden/total.test.ts`]: `// crucible-canary:0000-demo-${id}\nimport { describe, it } from 'node:test';\n`,
  };
}
