import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TimedProvider } from '../../bench/helpers/timed-provider.js';
import { applyDiff } from '../../src/grade/apply-diff.js';
import type { DockerSandbox } from '../../src/sandbox/docker/docker-sandbox.js';
import { materializeRepo } from '../../src/sandbox/materialize.js';
import { engineImage, noEngine } from '../helpers/engine.js';

/**
 * The run benchmark's TimedProvider on a real sandbox: what the agent or the task runs is timed
 * as `exec`, the harness's own execs (diff, copy-out, grading's git apply, root bookkeeping) as
 * `harness-exec`, so the overhead share cannot count harness time as command time.
 */
describe.skipIf(noEngine)('run benchmark timed provider', () => {
  const provider = new TimedProvider();
  let sandbox: DockerSandbox | undefined;
  afterAll(async () => {
    await sandbox?.close();
  });

  /** Kinds of the spans recorded while `fn` runs, in order. */
  async function kindsOf(fn: () => Promise<unknown>): Promise<string[]> {
    const before = provider.intervals.length;
    await fn();
    return provider.intervals.slice(before).map((i) => i.kind);
  }

  it('tells the agent\'s and the task\'s commands from the harness\'s execs by who asked', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crucible-bench-timed-'));
    await writeFile(path.join(dir, 'math.js'), 'export const add = (a, b) => a - b;\n');
    sandbox = (await provider.create({ image: engineImage, repo: await materializeRepo({ dir }), attemptId: 'bench-probe' })) as DockerSandbox;
    const s = sandbox;

    expect(await kindsOf(() => s.exec(['bash', '-c', "sed -i 's/a - b/a + b/' math.js"]))).toEqual(['exec']);

    // The diff execs (find, git add into scratch objects, git diff) sit inside one harness span.
    let diff = '';
    const diffKinds = await kindsOf(async () => (diff = await s.diff()));
    expect(diff).toContain('+export const add = (a, b) => a + b;');
    expect(diffKinds.length).toBeGreaterThan(2);
    expect(new Set(diffKinds)).toEqual(new Set(['harness-exec']));

    const copyKinds = await kindsOf(() => s.copyOut('math.js'));
    expect(copyKinds).toContain('harness-exec');
    expect(copyKinds).not.toContain('exec');

    // Grading's plumbing runs as the agent user, yet it is the harness that asked.
    const patch = ['diff --git a/notes.txt b/notes.txt', 'new file mode 100644', '--- /dev/null', '+++ b/notes.txt', '@@ -0,0 +1 @@', '+hello', ''].join('\n');
    let applied = false;
    expect(await kindsOf(async () => (applied = (await applyDiff(s, patch)).applied))).toEqual(['harness-exec']);
    expect(applied).toBe(true);
    expect((await s.readFile('notes.txt')).data.toString()).toBe('hello\n');

    expect(await kindsOf(() => s.exec(['true'], { user: 'root' }))).toEqual(['harness-exec']);
    const wait = 'for i in $(seq 1 5); do (exec 3<>/dev/tcp/127.0.0.1/9) 2>/dev/null && exit 0; sleep 0.1; done; exit 1';
    expect(await kindsOf(() => s.exec(['bash', '-c', wait], { user: 'root' }))).toEqual(['exec']);
    expect(provider.intervals.every((i) => i.attempt === 'bench-probe')).toBe(true);
  });
});
