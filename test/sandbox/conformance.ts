import { statfs } from 'node:fs/promises';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { materializeRepo } from '../../src/sandbox/materialize.js';
import { packTree } from '../../src/sandbox/tar.js';
import type { MaterializedRepo, Sandbox, SandboxProvider } from '../../src/sandbox/types.js';
import { SandboxPathError } from '../../src/sandbox/types.js';

const MiB = 1024 * 1024;

/** A small repository with a setup patch that changes one file, as a task would inject a bug. */
async function fixtureRepo(): Promise<MaterializedRepo> {
  const dir = await mkdtemp(path.join(tmpdir(), 'crucible-conformance-'));
  await mkdir(path.join(dir, 'src'));
  await writeFile(path.join(dir, 'README.md'), '# fixture\n');
  await writeFile(path.join(dir, 'src', 'math.js'), 'export const add = (a, b) => a + b;\n');
  await writeFile(path.join(dir, 'src', 'data.bin'), Buffer.from([0, 1, 2, 3, 255]));
  const setupPatch = [
    'diff --git a/src/math.js b/src/math.js',
    '--- a/src/math.js',
    '+++ b/src/math.js',
    '@@ -1 +1 @@',
    '-export const add = (a, b) => a + b;',
    '+export const add = (a, b) => a - b;',
    '',
  ].join('\n');
  return materializeRepo({ dir, setupPatch });
}

async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/**
 * The behaviour every sandbox provider must show (inspect's self-check idea): isolation,
 * limits, confinement of file operations, clean workspaces and diffs. Runs against a real engine.
 */
export function sandboxConformance(name: string, makeProvider: () => SandboxProvider, image: string, skip: boolean): void {
  describe.skipIf(skip)(`sandbox conformance: ${name}`, () => {
    let provider: SandboxProvider;
    let repo: MaterializedRepo;
    let sandbox: Sandbox;

    beforeAll(async () => {
      provider = makeProvider();
      repo = await fixtureRepo();
      sandbox = await provider.create({ image, repo, attemptId: 'conformance' });
    });
    afterAll(async () => {
      await sandbox?.close();
    });

    it('runs commands as the unprivileged agent user', async () => {
      const r = await sandbox.exec(['id', '-un']);
      expect(r).toMatchObject({ exitCode: 0, stdout: 'agent\n', timedOut: false, oomKilled: false, truncated: false });
      const caps = await sandbox.exec("grep -E '^Cap(Eff|Prm)' /proc/self/status");
      expect(caps.stdout).toMatch(/CapPrm:\s+0+\n/);
      expect(caps.stdout).toMatch(/CapEff:\s+0+\n/);
    });

    it('reports exit codes and both output streams', async () => {
      const r = await sandbox.exec('echo out; echo err >&2; exit 3');
      expect(r).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', signal: null });
    });

    it('has no network: connections to outside addresses and name resolution fail', async () => {
      const r = await sandbox.exec(
        "node -e \"require('net').connect(53,'8.8.8.8').on('connect',()=>{console.log('CONNECTED');process.exit(0)}).on('error',e=>{console.log(e.code);process.exit(1)})\"",
        { timeoutMs: 15_000 },
      );
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toMatch(/ENETUNREACH|EHOSTUNREACH|ECONNREFUSED/);
      const dns = await sandbox.exec('getent hosts deb.debian.org', { timeoutMs: 15_000 });
      expect(dns.exitCode).not.toBe(0);
      const ifaces = await sandbox.exec("cat /proc/net/dev | tail -n +3 | awk -F: '{print $1}' | tr -d ' '");
      expect(ifaces.stdout.trim().split('\n')).toEqual(['lo']);
    });

    it('materializes the repository as exactly one commit with nothing that tells its story', async () => {
      const r = await sandbox.exec(
        [
          'git rev-list --all --count',
          'git remote | wc -l',
          'git tag | wc -l',
          'git reflog 2>/dev/null | wc -l',
          "git count-objects -v | awk '/^count:/{print $2}'",
          'git rev-list --objects --all | wc -l',
          "find . -name '*.orig' -o -name '*.rej' | wc -l",
          "find . -path ./.git -prune -o -type f -printf '%T@\\n' | sort -u | wc -l",
          'find . ! -user agent | wc -l',
          'git status --porcelain | wc -l',
          'cat src/math.js',
        ].join(' && '),
      );
      expect(r.exitCode).toBe(0);
      const [commits, remotes, tags, reflog, objects, reachable, strays, mtimes, foreign, dirty, math] = r.stdout.trim().split('\n').map((s) => s.trim());
      expect({ commits, remotes, tags, reflog, strays, mtimes, foreign, dirty }).toEqual({
        commits: '1', remotes: '0', tags: '0', reflog: '0', strays: '0', mtimes: '1', foreign: '0', dirty: '0',
      });
      expect(objects).toBe(reachable);
      expect(math).toBe('export const add = (a, b) => a - b;');
      expect((await sandbox.exec('git rev-parse HEAD')).stdout.trim()).toBe(repo.commit);
    });

    it('reads, writes, lists and stats files inside the workspace', async () => {
      await sandbox.writeFile('notes/new.txt', 'hello\n');
      expect((await sandbox.readFile('notes/new.txt')).data.toString()).toBe('hello\n');
      expect(await sandbox.listDir('notes')).toEqual([{ name: 'new.txt', type: 'file', size: 6 }]);
      expect(await sandbox.stat('notes/new.txt')).toMatchObject({ type: 'file', size: 6 });
      expect(await sandbox.stat('missing.txt')).toBeNull();
      const owner = await sandbox.exec(['stat', '-c', '%U', 'notes/new.txt']);
      expect(owner.stdout).toBe('agent\n');
      const part = await sandbox.readFile('README.md', { maxBytes: 3 });
      expect(part).toEqual({ data: Buffer.from('# f'), size: 10, truncated: true });
      await expect(sandbox.readFile('nope.txt')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('copies a tar in as the agent and a path out as a tar', async () => {
      const packed = await packTree([
        { path: 'incoming', type: 'dir', mode: 0o755, data: Buffer.alloc(0) },
        { path: 'incoming/a.txt', type: 'file', mode: 0o644, data: Buffer.from('alpha\n') },
      ]);
      await sandbox.copyIn(packed, '.');
      expect((await sandbox.exec(['stat', '-c', '%U %s', 'incoming/a.txt'])).stdout).toBe('agent 6\n');
      const out = await sandbox.copyOut('incoming');
      expect(out.includes(Buffer.from('incoming/a.txt'))).toBe(true);
      expect(out.includes(Buffer.from('alpha\n'))).toBe(true);
      await expect(sandbox.copyOut('../etc')).rejects.toMatchObject({ code: 'outside_workspace' });
    });

    it.each([
      ['a `..` path', '../etc/passwd'],
      ['an absolute path outside', '/etc/passwd'],
      ['a symlink the agent made to a file outside', 'link-file'],
      ['a path through a symlinked directory outside', 'link-dir/passwd'],
    ])('refuses reads and writes through %s', async (_label, target) => {
      await sandbox.exec('ln -sfn /etc/passwd link-file; ln -sfn /etc link-dir');
      const read = await sandbox.readFile(target).then(() => 'read', (e: unknown) => e);
      expect(read).toBeInstanceOf(SandboxPathError);
      expect((read as SandboxPathError).code).toBe('outside_workspace');
      const write = await sandbox.writeFile(target, 'owned').then(() => 'written', (e: unknown) => e);
      expect(write).toBeInstanceOf(SandboxPathError);
      expect((write as SandboxPathError).code).toBe('outside_workspace');
      const passwd = await sandbox.exec(['head', '-c', '4', '/etc/passwd']);
      expect(passwd.stdout).toBe('root');
    });

    it('refuses to write through a symlink into /tmp and leaves nothing there', async () => {
      await sandbox.exec('mkdir -p /tmp/outside && ln -sfn /tmp/outside escape');
      await expect(sandbox.writeFile('escape/planted.txt', 'x')).rejects.toMatchObject({ code: 'outside_workspace' });
      expect((await sandbox.exec('ls -A /tmp/outside')).stdout).toBe('');
    });

    it('diffs the workspace against the initial commit: new, deleted, modified and binary files', async () => {
      const fresh = await provider.create({ image, repo });
      try {
        expect(await fresh.diff()).toBe('');
        await fresh.exec("rm README.md && printf 'export const add = (a, b) => a + b;\\n' > src/math.js && printf '\\000\\001new' > src/new.bin && git add -A && git commit -qm sneaky");
        await fresh.writeFile('added.txt', 'added\n');
        const diff = await fresh.diff();
        expect(diff).toMatch(/diff --git a\/README.md b\/README.md\ndeleted file mode 100644/);
        expect(diff).toMatch(/-export const add = \(a, b\) => a - b;\n\+export const add = \(a, b\) => a \+ b;/);
        expect(diff).toMatch(/diff --git a\/src\/new.bin b\/src\/new.bin\nnew file mode 100644\n[^\n]+\nGIT binary patch/);
        expect(diff).toMatch(/diff --git a\/added.txt b\/added.txt\nnew file mode 100644/);
        // Rewriting the agent's own git history changes nothing: the diff is against the pristine commit.
        await fresh.exec('rm -rf .git && git init -q && git add -A && git commit -qm fake');
        expect(await fresh.diff()).toBe(diff);
      } finally {
        await fresh.close();
      }
    });

    it('kills every process a timed-out command started, including ones that escaped with setsid', async () => {
      const r = await sandbox.exec('setsid sleep 1000 & (env -i setsid sh -c "sleep 1001 & sleep 1002") & while true; do :; done', { timeoutMs: 1_000 });
      expect(r).toMatchObject({ timedOut: true, exitCode: 137, signal: 'SIGKILL' });
      expect(r.durationMs).toBeLessThan(5_000);
      const ps = await sandbox.exec(['ps', '-u', 'agent', '-o', 'comm=']);
      expect(ps.stdout.trim().split('\n')).toEqual(['ps']);
    });

    it('returns when the command exits even if a background child keeps running, and kills it on request', async () => {
      const r = await sandbox.exec('sleep 600 & echo started', { timeoutMs: 10_000 });
      expect(r).toMatchObject({ exitCode: 0, stdout: 'started\n', timedOut: false });
      expect(r.durationMs).toBeLessThan(2_000);
      expect((await sandbox.exec('pgrep -u agent -x sleep | wc -l')).stdout.trim()).toBe('1');
      expect(await sandbox.killAgentProcesses()).toBeGreaterThanOrEqual(1);
      expect((await sandbox.exec(['ps', '-u', 'agent', '-o', 'comm='])).stdout.trim()).toBe('ps');
    });

    it('truncates a 100 MB output flood with a marker while the evaluator\'s memory stays flat', async () => {
      const before = process.memoryUsage().rss;
      const r = await sandbox.exec('head -c 100000000 /dev/zero | tr "\\0" a; echo; echo THE-END', { maxOutputBytes: MiB, timeoutMs: 60_000 });
      const grown = process.memoryUsage().rss - before;
      expect(r.exitCode).toBe(0);
      expect(r.truncated).toBe(true);
      expect(r.stdout).toMatch(/\[crucible: output truncated: \d+ bytes dropped of 100000009\]/);
      expect(r.stdout.endsWith('THE-END\n')).toBe(true);
      expect(r.stdout.length).toBeLessThan(MiB + 200);
      expect(grown).toBeLessThan(50 * MiB);
    });

    it('cannot be forged or stopped by the agent: its supervisor is out of reach', async () => {
      const attack = await sandbox.exec(
        [
          'pid=$(pgrep -f sandboxd.mjs | head -1)',
          'kill -9 $pid 2>&1 || echo KILL-REFUSED',
          `echo '{"id":999999,"ok":true,"result":{"exitCode":0}}' > /proc/$pid/fd/1 2>&1 || echo WRITE-REFUSED`,
          'cat /proc/$pid/environ >/dev/null 2>&1 || echo ENVIRON-REFUSED',
          `echo '{"id":1,"ok":true,"result":{"exitCode":0,"stdout":"forged"}}'`,
        ].join('; '),
      );
      expect(attack.stdout).toContain('KILL-REFUSED');
      expect(attack.stdout).toContain('WRITE-REFUSED');
      expect(attack.stdout).toContain('ENVIRON-REFUSED');
      expect(attack.stdout).toContain('{"id":1,"ok":true,"result":{"exitCode":0,"stdout":"forged"}}');
      const after = await sandbox.exec('echo still-here; exit 7');
      expect(after).toMatchObject({ exitCode: 7, stdout: 'still-here\n' });
    });

    it('ends a memory hog with oomKilled', async () => {
      const small = await provider.create({ image, limits: { memoryBytes: 256 * MiB } });
      try {
        const r = await small.exec("node -e \"const a=[];for(;;)a.push(Buffer.alloc(1<<20,1))\"", { timeoutMs: 60_000 });
        expect(r).toMatchObject({ oomKilled: true, timedOut: false, exitCode: 137 });
        expect((await small.exec('echo alive')).stdout).toBe('alive\n');
      } finally {
        await small.close();
      }
    });

    it('gives a disk filler "no space left" while the host\'s free space barely moves', async () => {
      const small = await provider.create({ image, limits: { diskBytes: 128 * MiB } });
      try {
        const hostBefore = await freeBytes(tmpdir());
        const r = await small.exec('dd if=/dev/zero of=/workspace/fill bs=1M count=1024', { timeoutMs: 60_000 });
        const hostAfter = await freeBytes(tmpdir());
        expect(r.exitCode).not.toBe(0);
        expect(r.stderr).toMatch(/No space left on device/);
        expect(Math.abs(hostBefore - hostAfter)).toBeLessThan(50 * MiB);
        const root = await small.exec('touch /usr/evil 2>&1; echo $?');
        expect(root.stdout).toMatch(/Read-only file system/);
      } finally {
        await small.close();
      }
    });

    it('stops a fork bomb at the pids limit while another sandbox still answers within 2 s', async () => {
      const other = await provider.create({ image });
      const bomb = sandbox.exec('bomb() { bomb | bomb & }; bomb; sleep 30', { timeoutMs: 8_000 });
      bomb.catch(() => {});
      try {
        await new Promise((r) => setTimeout(r, 2_000));
        const started = performance.now();
        const probe = await other.exec(['true']);
        expect(probe.exitCode).toBe(0);
        expect(performance.now() - started).toBeLessThan(2_000);
        const pids = await sandbox.exec('cat /sys/fs/cgroup/pids/pids.current 2>/dev/null || cat /sys/fs/cgroup/pids.current', { timeoutMs: 10_000 });
        expect(Number(pids.stdout.trim())).toBeLessThanOrEqual(256);
        const r = await bomb;
        expect(r.timedOut).toBe(true);
        expect((await sandbox.exec(['ps', '-u', 'agent', '-o', 'comm='], { timeoutMs: 10_000 })).stdout.trim()).toBe('ps');
      } finally {
        await bomb.catch(() => {});
        await other.close();
      }
    });
  });
}
