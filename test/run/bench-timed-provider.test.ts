import { describe, expect, it } from 'vitest';
import { execOrigin } from '../../bench/helpers/exec-origin.js';

/** A V8 stack as `new Error().stack` gives it inside the benchmark's `exec` wrapper. */
function stackFrom(...frames: string[]): string {
  return ['Error', '    at DockerSandbox.exec (file:///work/main/bench/helpers/timed-provider.ts:52:55)', ...frames.map((f) => `    at ${f}`)].join('\n');
}

// The run benchmark's overhead share counts only the agent's and the task's commands as time
// "inside sandboxed commands" (bench/helpers/exec-origin.ts): these pin down who counts as whom.
describe('run benchmark exec origin', () => {
  it('counts grading plumbing as harness work, whoever runs it', () => {
    const apply = stackFrom('applyDiff (file:///work/main/src/grade/apply-diff.ts:20:32)', 'async copyHiddenTests (file:///work/main/src/grade/grade.ts:153:21)');
    expect(execOrigin(apply, ['git', 'apply', '--whitespace=nowarn', '--binary', '-'], undefined)).toBe('harness');
    const restore = stackFrom('restoreProtected (file:///work/main/src/grade/apply-diff.ts:41:36)');
    expect(execOrigin(restore, ['git', 'checkout', 'abc', '--', 'test/a.ts'], 'agent')).toBe('harness');
    const mkdir = stackFrom('copyHiddenTests (file:///work/main/src/grade/grade.ts:158:17)', 'async grade (file:///work/main/src/grade/grade.ts:80:5)');
    expect(execOrigin(mkdir, ['mkdir', '-p', '--', 'test/hidden'], undefined)).toBe('harness');
    // A compiled build names the module .js; an anonymous frame still gives the file away.
    expect(execOrigin(stackFrom('file:///work/main/dist/src/grade/apply-diff.js:20:32'), ['git', 'apply', '-'], undefined)).toBe('harness');
  });

  it('counts root commands as harness work, except waiting for a task service to listen', () => {
    const services = stackFrom('startServices (file:///work/main/src/grade/services.ts:24:19)');
    expect(execOrigin(services, ['sh', '-c', 'mkdir -p /run/crucible/services && chmod 0711 /run/crucible/services'], 'root')).toBe('harness');
    const attest = stackFrom('runHiddenTests (file:///work/main/src/grade/run-hidden.ts:43:32)');
    expect(execOrigin(attest, ['cat', '/tmp/.crucible-attest-0011.attest'], 'root')).toBe('harness');
    const wait = 'for i in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null && exit 0; sleep 0.1; done; exit 1';
    expect(execOrigin(services, ['bash', '-c', wait], 'root')).toBe('command');
    expect(execOrigin(services, ['sh', '-c', 'cd /run/crucible/services/api && (setsid sh -c node server.mjs &)'], 'service')).toBe('command');
  });

  it('counts agent tools, setup and hidden tests as commands', () => {
    const tool = stackFrom('Object.run (file:///work/main/src/tools/command-tools.ts:17:35)', 'async Dispatcher.call (file:///work/main/src/tools/dispatcher.ts:90:20)');
    expect(execOrigin(tool, ['bash', '-c', 'git apply fix.patch && npm test'], undefined)).toBe('command');
    const setup = stackFrom('openTaskSandbox (file:///work/main/src/grade/task-sandbox.ts:53:32)');
    expect(execOrigin(setup, 'npm ci --offline', undefined)).toBe('command');
    const hidden = stackFrom('runHiddenTests (file:///work/main/src/grade/run-hidden.ts:34:27)', 'async runAndEvaluateHidden (file:///work/main/src/grade/grade.ts:133:15)');
    expect(execOrigin(hidden, 'tsx --test --test-reporter=tap test/hidden/*.test.ts', undefined)).toBe('command');
  });
});
