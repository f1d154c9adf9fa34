import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { materializeRepo } from '../sandbox/materialize.js';
import type { SandboxProvider } from '../sandbox/types.js';

/** What the smoke evaluation found for one repository. */
export interface SmokeResult {
  repo: string;
  files: number;
  testCommand: string;
  /** Sandbox ready: created, started and repository unpacked. */
  readyMs: number;
  testExitCode: number;
  testMs: number;
  /** The last line of the test output that mentions a count, for a person to read. */
  testSummary: string;
  isolated: boolean;
  isolationNotes: string[];
  clean: boolean;
}

/** A short human summary of a test run's counts: TAP's `# pass` / `# fail`, else pytest's last count line. */
export function testSummary(output: string): string {
  const pass = /^# pass (\d+)$/m.exec(output)?.[1];
  const fail = /^# fail (\d+)$/m.exec(output)?.[1];
  if (pass !== undefined && fail !== undefined) return `${pass} passed, ${fail} failed`;
  return output.split('\n').filter((l) => /\d+ (passed|failed)/.test(l)).slice(-1)[0]?.replace(/=+/g, '').trim() ?? '';
}

/** The command a repository's own tests run with, read from its package.json or pyproject. */
export async function repoTestCommand(dir: string): Promise<string | undefined> {
  const pkg = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => undefined);
  if (pkg) {
    const test = (JSON.parse(pkg) as { scripts?: { test?: string } }).scripts?.test;
    if (test) return test;
  }
  const pyproject = await readFile(path.join(dir, 'pyproject.toml'), 'utf8').catch(() => undefined);
  if (pyproject !== undefined) return 'python3 -m pytest -q -p no:cacheprovider';
  return undefined;
}

/**
 * Until full evaluations exist, the main job checks the sandbox layer on every bundled
 * repository: materialize it in a fresh sandbox, run its own tests as the agent would, check
 * that the sandbox has no network and does not run as root, and that the work tree is one
 * clean commit. Real work on real repositories; no agent involved.
 */
export async function smokeRepos(provider: SandboxProvider, image: string, reposDir: string, onResult?: (r: SmokeResult) => void): Promise<SmokeResult[]> {
  const names = (await readdir(reposDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const results: SmokeResult[] = [];
  for (const name of names) {
    const dir = path.join(reposDir, name);
    const testCommand = await repoTestCommand(dir);
    if (!testCommand) continue;
    const repo = await materializeRepo({ dir });
    const started = performance.now();
    const sandbox = await provider.create({ image, repo, attemptId: `smoke-${name}` });
    try {
      const readyMs = performance.now() - started;
      const test = await sandbox.exec(testCommand, { timeoutMs: 120_000 });
      const summary = testSummary(`${test.stdout}\n${test.stderr}`);
      const probe = await sandbox.exec(
        'id -u; (curl -sS -m 3 -o /dev/null http://1.1.1.1 && echo NET) || echo NONET; (getent hosts deb.debian.org >/dev/null && echo DNS) || echo NODNS; git rev-list --count HEAD; git status --porcelain | wc -l',
        { timeoutMs: 20_000 },
      );
      const [uid, net, dns, commits, dirty] = probe.stdout.trim().split('\n');
      const notes: string[] = [];
      if (uid === '0') notes.push('runs as root');
      if (net !== 'NONET') notes.push('network reachable');
      if (dns !== 'NODNS') notes.push('names resolve');
      results.push({
        repo: name,
        files: repo.fileCount,
        testCommand,
        readyMs,
        testExitCode: test.exitCode,
        testMs: test.durationMs,
        testSummary: summary.trim().slice(0, 80),
        isolated: notes.length === 0,
        isolationNotes: notes,
        clean: commits === '1' && dirty === '0',
      });
      onResult?.(results[results.length - 1]!);
    } finally {
      await sandbox.close();
    }
  }
  return results;
}
