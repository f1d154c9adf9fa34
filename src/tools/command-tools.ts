import { z } from 'zod';
import type { ToolDefinition, ToolOutcome } from './types.js';
import { toolError } from './types.js';
import { MAX_DIFF_FILE_BYTES, WorkspaceDiffError } from '../sandbox/types.js';
import type { OmittedFile, WorkspaceDiff } from '../sandbox/types.js';

function shown(stdout: string, stderr: string): string {
  return stderr ? `${stdout}${stdout && !stdout.endsWith('\n') ? '\n' : ''}[stderr]\n${stderr}` : stdout;
}

/** `bash`: a shell command in the repository, as the agent user, with a timeout. */
export const bash: ToolDefinition = {
  name: 'bash',
  description: 'Run a bash command in the repository root as an unprivileged user. There is no network. Long-running commands are killed at the timeout (default 60 s, at most 600 s).',
  input: z.strictObject({ command: z.string().min(1), timeout_sec: z.number().positive().max(600).default(60) }),
  async run(input: { command: string; timeout_sec: number }, ctx): Promise<ToolOutcome> {
    const r = await ctx.sandbox.exec(['bash', '-c', input.command], { timeoutMs: input.timeout_sec * 1000, maxOutputBytes: ctx.outputBytes });
    const output = shown(r.stdout, r.stderr);
    if (r.timedOut) return toolError('timeout', `the command did not finish within ${input.timeout_sec} s and was killed`, { output, exitCode: r.exitCode });
    return { ok: true, result: { exit_code: r.exitCode, stdout: r.stdout, stderr: r.stderr, truncated: r.truncated, ...(r.oomKilled ? { oom_killed: true } : {}) }, output, exitCode: r.exitCode };
  },
};

/** `run_tests`: the task's visible tests (never the hidden ones). */
export const runTests: ToolDefinition = {
  name: 'run_tests',
  description: 'Run the repository\'s test suite (the tests you can see). Failing tests are reported in the output; they are not a tool error.',
  input: z.strictObject({}),
  async run(_input: Record<string, never>, ctx): Promise<ToolOutcome> {
    const r = await ctx.sandbox.exec(['bash', '-c', ctx.visibleTests.command], { timeoutMs: ctx.visibleTests.timeoutMs, maxOutputBytes: ctx.outputBytes });
    const output = shown(r.stdout, r.stderr);
    if (r.timedOut) return toolError('timeout', `the tests did not finish within ${ctx.visibleTests.timeoutMs / 1000} s`, { output, exitCode: r.exitCode });
    return { ok: true, result: { passed: r.exitCode === 0, exit_code: r.exitCode, output, truncated: r.truncated }, output, exitCode: r.exitCode };
  },
};

/** `search`: a bounded regular-expression search across the repository. */
export const search: ToolDefinition = {
  name: 'search',
  description: 'Search the repository for a regular expression (extended grep syntax). Returns matching lines as path:line:text, at most max_results.',
  readOnly: true,
  input: z.strictObject({
    pattern: z.string().min(1),
    path: z.string().default('.'),
    glob: z.string().optional().describe('only files whose name matches, e.g. *.ts'),
    max_results: z.number().int().positive().max(1000).default(100),
  }),
  async run(input: { pattern: string; path: string; glob?: string; max_results: number }, ctx): Promise<ToolOutcome> {
    if (input.path.split('/').includes('..') || input.path.startsWith('/')) return toolError('permission', `${input.path} is outside the repository`);
    const args = ['grep', '-rnIE', '--exclude-dir=.git', ...(input.glob ? [`--include=${input.glob}`] : []), '-e', input.pattern, '--', input.path];
    const r = await ctx.sandbox.exec(args, { timeoutMs: 30_000, maxOutputBytes: ctx.outputBytes });
    if (r.timedOut) return toolError('timeout', 'the search took longer than 30 s; narrow the path or pattern');
    if (r.exitCode === 2) return toolError(/No such file/.test(r.stderr) ? 'not_found' : 'invalid_args', r.stderr.trim().split('\n')[0] ?? 'grep failed');
    const lines = r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/^\.\//, ''));
    const matches = lines.slice(0, input.max_results);
    return { ok: true, result: { matches, total: lines.length, truncated: lines.length > matches.length || r.truncated }, output: matches.join('\n') };
  },
};

/** Names the files left out of a diff for their size ('' when none). */
function omissionNote(omitted: readonly OmittedFile[]): string {
  if (!omitted.length) return '';
  const list = omitted.map((f) => `${f.path} (${f.bytes} bytes)`).join(', ');
  return `[crucible: ${omitted.length} file(s) over ${MAX_DIFF_FILE_BYTES / 1024 / 1024} MiB left out of the diff, too large for source code: ${list}]`;
}

/** `git_diff`: the work so far, against the starting commit. */
export const gitDiff: ToolDefinition = {
  name: 'git_diff',
  description: 'Show every change made to the repository so far, as a diff against the starting state (new and deleted files included).',
  readOnly: true,
  input: z.strictObject({}),
  async run(_input: Record<string, never>, ctx): Promise<ToolOutcome> {
    let taken: WorkspaceDiff;
    try {
      taken = await ctx.sandbox.diffWithOmissions();
    } catch (err) {
      // Same rule as the final diff: the agent is told, while it can still clean up.
      if (err instanceof WorkspaceDiffError) return toolError('limit', `${err.message}; the final diff would be empty ${omissionNote(err.omitted)}`.trimEnd());
      throw err;
    }
    const { diff, omitted } = taken;
    const cut = Buffer.byteLength(diff) > ctx.outputBytes;
    const text = cut ? Buffer.from(diff).subarray(0, ctx.outputBytes).toString('utf8') : diff;
    const note = omissionNote(omitted);
    return { ok: true, result: { diff: text, truncated: cut, ...(omitted.length ? { omitted } : {}) }, output: note ? `${text}${text && !text.endsWith('\n') ? '\n' : ''}${note}\n` : text };
  },
};
