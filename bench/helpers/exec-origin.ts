/**
 * Who asked for a command run in a sandbox, for the run benchmark's overhead share. The issue
 * defines overhead as "wall time not spent inside sandboxed commands"; the commands meant are
 * the agent's and the task's, not the harness's own bookkeeping that happens to run in the
 * sandbox too. The rule, by call site first:
 *
 * - `harness`: every exec made inside a sandbox method the harness calls for itself
 *   ({@link HARNESS_METHODS}: the workspace diff, the copy-out tar; the benchmark marks those on
 *   the instance, see TimedProvider), and every exec whose caller is grading's plumbing:
 *   `applyDiff` / `restoreProtected` (src/grade/apply-diff.ts: git apply of the agent's diff or
 *   of a hidden-test patch, restoring protected paths) and `copyHiddenTests`. Commands run as
 *   `root` are harness too (ExecOptions: root is harness-internal only: attestation reads,
 *   service directory set-up, log tails) — except the wait for a task's service to listen,
 *   which is the service's own start-up time.
 * - `command`: everything else — agent tool commands (bash, run_tests, grep), the task's setup
 *   commands, its services, its hidden tests.
 */
export type ExecOrigin = 'command' | 'harness';

/** Sandbox methods the harness calls for itself whose inner execs are bookkeeping, not commands. */
export const HARNESS_METHODS = ['diff', 'diffWithOmissions', 'copyOut'] as const;

/** Stack frames of grading's plumbing: a function name, or the module that holds only plumbing. */
const HARNESS_CALLERS = [/\bat (?:async )?applyDiff\b/, /\bat (?:async )?restoreProtected\b/, /\bat (?:async )?copyHiddenTests\b/, /[/\\]src[/\\]grade[/\\]apply-diff\.[cm]?[jt]s:/];

/** A service readiness probe (src/grade/services.ts): a loop opening the service's TCP port. */
const SERVICE_READY = /\/dev\/tcp\/127\.0\.0\.1\//;

/**
 * Classifies one `exec` call: `stack` is the stack captured where `sandbox.exec` was called
 * (`new Error().stack`), `cmd` and `user` its arguments.
 */
export function execOrigin(stack: string, cmd: string | readonly string[], user: string | undefined): ExecOrigin {
  if (HARNESS_CALLERS.some((caller) => caller.test(stack))) return 'harness';
  if (user === 'root') {
    const line = typeof cmd === 'string' ? cmd : cmd.join(' ');
    return SERVICE_READY.test(line) ? 'command' : 'harness';
  }
  return 'command';
}
