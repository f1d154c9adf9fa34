// sandboxd: Crucible's supervisor inside every sandbox container.
//
// Runs as root with a handful of capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID,
// KILL) under docker-init, and serves newline-delimited JSON requests from the evaluator over
// the container's attached stdin/stdout. Commands run as the unprivileged `agent` user, so the
// agent can neither signal, trace nor impersonate this process, and cannot reach this stream.
// One long-lived process instead of one `docker exec` per call is what makes a tool call cost
// a few milliseconds instead of a runc start. Plain JavaScript on purpose: it runs on the
// sandbox's own Node (Debian's, v18) with no dependencies. Protocol: docs/design/sandbox.md.

import { spawn } from 'node:child_process';
import { constants as C, createReadStream, promises as fsp, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import path from 'node:path';

const WORKSPACE = '/workspace';
const PRIVATE = '/run/crucible';
const AGENT_UID = Number(process.env.CRUCIBLE_AGENT_UID ?? 1000);
const AGENT_GID = Number(process.env.CRUCIBLE_AGENT_GID ?? 1000);
const AGENT_HOME = process.env.CRUCIBLE_AGENT_HOME ?? '/home/agent';
const BASE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Per-exec supplementary group ids: a process cannot drop them without CAP_SETGID, so they
 * find every process a command started, even after `setsid`, a double fork or `env -i`. */
const MARKER_GID_BASE = 61000;
const MARKER_GID_SPAN = 4000;
let nextMarker = 0;

/** Writes one response line; stdout is the evaluator's channel and nothing else writes there. */
function send(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

class OpError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// ---------------------------------------------------------------- users and processes

function lookupUser(name) {
  if (name === 'root') return { uid: 0, gid: 0, home: '/root' };
  if (name === 'agent') return { uid: AGENT_UID, gid: AGENT_GID, home: AGENT_HOME };
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] === name) return { uid: Number(f[2]), gid: Number(f[3]), home: f[5] };
  }
  throw new OpError('invalid', `unknown user ${JSON.stringify(name)}`);
}

/** Lists processes whose /proc status matches `predicate(fields)`; vanished ones are skipped. */
function scanProcesses(predicate) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid || pid === 1) continue;
    let status;
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      continue;
    }
    const fields = {};
    for (const line of status.split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) fields[line.slice(0, i)] = line.slice(i + 1).trim();
    }
    if (fields.State?.startsWith('Z')) continue;
    if (predicate(fields)) found.push(pid);
  }
  return found;
}

/** SIGKILLs matching processes until a pass finds none; forks during a pass are caught by the
 * next one, and the pids limit bounds how many a fork bomb can add. Returns how many were hit. */
async function killMatching(predicate) {
  let killed = 0;
  for (let pass = 0; pass < 200; pass++) {
    const pids = scanProcesses(predicate);
    if (pids.length === 0) return killed;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, pass < 5 ? 2 : 20));
  }
  return killed;
}

const hasGroup = (gid) => (f) => (f.Groups ?? '').split(/\s+/).includes(String(gid));
const hasUid = (uid) => (f) => (f.Uid ?? '').split(/\s+/)[0] === String(uid);

/** The memory cgroup's OOM-kill counter (cgroup v1 or v2), or -1 where it cannot be read. */
function oomKillCount() {
  for (const [file, key] of [
    ['/sys/fs/cgroup/memory.events', 'oom_kill'],
    ['/sys/fs/cgroup/memory/memory.oom_control', 'oom_kill'],
  ]) {
    try {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const [k, v] = line.split(/\s+/);
        if (k === key) return Number(v);
      }
    } catch {
      // try the other cgroup layout
    }
  }
  return -1;
}

// ---------------------------------------------------------------- bounded output capture

/** Keeps the first `headBytes` and a rolling last `tailBytes` of a stream; drops the middle. */
class BoundedCapture {
  constructor(limit) {
    this.tailLimit = Math.min(Math.floor(limit / 4), 64 * 1024);
    this.headLimit = limit - this.tailLimit;
    this.head = [];
    this.headSize = 0;
    this.tail = [];
    this.tailSize = 0;
    this.total = 0;
  }
  push(chunk) {
    this.total += chunk.length;
    if (this.headSize < this.headLimit) {
      const take = chunk.subarray(0, this.headLimit - this.headSize);
      this.head.push(take);
      this.headSize += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length === 0 || this.tailLimit === 0) return;
    this.tail.push(chunk);
    this.tailSize += chunk.length;
    while (this.tailSize - this.tail[0].length >= this.tailLimit) this.tailSize -= this.tail.shift().length;
  }
  get truncated() {
    return this.total > this.headLimit + this.tailLimit;
  }
  result() {
    const head = Buffer.concat(this.head);
    let tail = Buffer.concat(this.tail);
    if (tail.length > this.tailLimit) tail = tail.subarray(tail.length - this.tailLimit);
    const dropped = this.total - head.length - tail.length;
    if (dropped <= 0) return Buffer.concat([head, tail]);
    const marker = Buffer.from(`\n[crucible: output truncated: ${dropped} bytes dropped of ${this.total}]\n`);
    return Buffer.concat([head, marker, tail]);
  }
}

// ---------------------------------------------------------------- exec

async function execOp(req) {
  const user = lookupUser(req.user ?? 'agent');
  const timeoutMs = req.timeoutMs ?? 60_000;
  const limit = req.maxOutputBytes ?? 1024 * 1024;
  const marker = MARKER_GID_BASE + (nextMarker++ % MARKER_GID_SPAN);
  const argv = Array.isArray(req.cmd) ? req.cmd : ['/bin/sh', '-c', req.cmd];
  const env = {
    PATH: BASE_PATH,
    HOME: user.home,
    USER: req.user ?? 'agent',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    ...(req.env ?? {}),
  };
  // Non-root commands drop to the user with the marker group; setpriv execs in place, so the
  // pid is the command's own.
  const full =
    user.uid === 0
      ? argv
      : ['/usr/bin/setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, `--groups=${user.gid},${marker}`, '--', ...argv];
  const cwd = req.cwd ?? WORKSPACE;
  const oomBefore = oomKillCount();
  const started = process.hrtime.bigint();
  let child;
  try {
    child = spawn(full[0], full.slice(1), { cwd, env, stdio: [req.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new OpError('spawn', String(err?.message ?? err));
  }
  // Agent commands go first when memory runs out, so a memory hog never takes this supervisor
  // down. Written right after the spawn returns (the command has just exec'd setpriv), before it
  // can have forked; raising a score needs no privilege. One exec cheaper than `choom`.
  if (user.uid !== 0) {
    try {
      writeFileSync(`/proc/${child.pid}/oom_score_adj`, '1000');
    } catch {
      // already exited
    }
  }
  const out = new BoundedCapture(limit);
  const errOut = new BoundedCapture(limit);
  child.stdout.on('data', (c) => out.push(c));
  child.stderr.on('data', (c) => errOut.push(c));
  if (req.stdin) {
    child.stdin.on('error', () => {});
    child.stdin.end(Buffer.from(req.stdin, 'base64'));
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (user.uid === 0) child.kill('SIGKILL');
    else void killMatching(hasGroup(marker));
  }, timeoutMs);
  const spawnError = new Promise((resolve) => child.once('error', resolve));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const closed = new Promise((resolve) => child.once('close', resolve));
  const first = await Promise.race([exited, spawnError.then((e) => ({ error: e }))]);
  if (first.error) {
    clearTimeout(timer);
    throw new OpError('spawn', String(first.error.message));
  }
  // Background children may hold the pipes open; the command is over when its process is.
  let grace;
  await Promise.race([closed, new Promise((resolve) => (grace = setTimeout(resolve, 100)))]);
  clearTimeout(grace);
  clearTimeout(timer);
  child.stdout.destroy();
  child.stderr.destroy();
  if (timedOut && user.uid !== 0) await killMatching(hasGroup(marker));
  const { code, signal } = first;
  // A shell reports its OOM-killed child as exit 137 without being signalled itself.
  const killedHard = signal === 'SIGKILL' || code === 137;
  const oomKilled = killedHard && !timedOut && oomBefore >= 0 && oomKillCount() > oomBefore;
  return {
    exitCode: code ?? 128 + (signal ? osSignal(signal) : 0),
    signal: signal ?? null,
    stdout: out.result().toString('base64'),
    stderr: errOut.result().toString('base64'),
    timedOut,
    oomKilled,
    truncated: out.truncated || errOut.truncated,
    durationMs: Number(process.hrtime.bigint() - started) / 1e6,
  };
}

function osSignal(name) {
  const table = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };
  return table[name] ?? 0;
}

// ---------------------------------------------------------------- confined file access

/** Maps a request path (relative to /workspace, or absolute inside it) to an absolute path,
 * refusing `..` that climbs out before anything touches the file system. */
function workspacePath(p) {
  if (typeof p !== 'string' || p.includes('\0')) throw new OpError('invalid', 'path must be a string');
  const abs = path.posix.resolve(WORKSPACE, p);
  if (abs !== WORKSPACE && !abs.startsWith(WORKSPACE + '/')) {
    throw new OpError('outside_workspace', `${p} is outside ${WORKSPACE}`);
  }
  return abs;
}

function inside(real) {
  return real === WORKSPACE || real.startsWith(WORKSPACE + '/');
}

/** Opens a directory and proves, through the kernel's own record of the open file, that it
 * lies inside the workspace: a symlink swapped in at any moment cannot lead elsewhere. */
async function openDir(abs) {
  let fh;
  try {
    fh = await fsp.open(abs, C.O_RDONLY | C.O_DIRECTORY);
  } catch (err) {
    throw fsError(err, abs);
  }
  const real = await fsp.readlink(`/proc/self/fd/${fh.fd}`);
  if (!inside(real)) {
    await fh.close();
    throw new OpError('outside_workspace', `${abs} resolves to ${real}, outside ${WORKSPACE}`);
  }
  return fh;
}

/** Runs `fn(pathThroughVerifiedParent)` with the parent directory held open and verified. */
async function inParent(abs, fn) {
  const parent = await openDir(path.posix.dirname(abs));
  try {
    return await fn(`/proc/self/fd/${parent.fd}/${path.posix.basename(abs)}`);
  } finally {
    await parent.close();
  }
}

function fsError(err, p) {
  const map = { ENOENT: 'not_found', ENOTDIR: 'not_found', EACCES: 'permission', EPERM: 'permission', ELOOP: 'outside_workspace', EISDIR: 'is_a_directory', ENOSPC: 'no_space', EEXIST: 'exists' };
  const code = map[err?.code] ?? 'io';
  const why = code === 'outside_workspace' ? 'is a symbolic link (not followed)' : err?.code ?? String(err);
  return new OpError(code, `${p}: ${why}`);
}

async function readOp(req) {
  const abs = workspacePath(req.path);
  return inParent(abs, async (through) => {
    let fh;
    try {
      fh = await fsp.open(through, C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK);
    } catch (err) {
      throw fsError(err, req.path);
    }
    try {
      const st = await fh.stat();
      if (st.isDirectory()) throw new OpError('is_a_directory', `${req.path} is a directory`);
      if (!st.isFile()) throw new OpError('not_a_file', `${req.path} is not a regular file`);
      const max = req.maxBytes ?? 16 * 1024 * 1024;
      const size = Math.min(st.size, max);
      const buf = Buffer.alloc(size);
      let off = 0;
      while (off < size) {
        const { bytesRead } = await fh.read(buf, off, size - off, off);
        if (bytesRead === 0) break;
        off += bytesRead;
      }
      return { data: buf.subarray(0, off).toString('base64'), size: st.size, truncated: st.size > max };
    } finally {
      await fh.close();
    }
  });
}

/** Creates missing directories one verified level at a time, owned by the agent. */
async function ensureDirs(abs) {
  const rel = path.posix.relative(WORKSPACE, abs);
  let current = WORKSPACE;
  for (const part of rel ? rel.split('/') : []) {
    const dir = await openDir(current);
    try {
      const through = `/proc/self/fd/${dir.fd}/${part}`;
      try {
        await fsp.mkdir(through, { mode: 0o755 });
        await fsp.lchown(through, AGENT_UID, AGENT_GID);
      } catch (err) {
        if (err?.code !== 'EEXIST') throw fsError(err, path.posix.join(current, part));
      }
    } finally {
      await dir.close();
    }
    current = path.posix.join(current, part);
  }
}

async function writeOp(req) {
  const abs = workspacePath(req.path);
  if (abs === WORKSPACE) throw new OpError('is_a_directory', `${req.path} is the workspace itself`);
  await ensureDirs(path.posix.dirname(abs));
  const data = Buffer.from(req.data ?? '', 'base64');
  return inParent(abs, async (through) => {
    let fh;
    let created = false;
    try {
      fh = await fsp.open(through, C.O_WRONLY | C.O_NOFOLLOW | C.O_NONBLOCK);
    } catch (err) {
      if (err?.code !== 'ENOENT') throw fsError(err, req.path);
      try {
        fh = await fsp.open(through, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, req.mode ?? 0o644);
        created = true;
      } catch (err2) {
        throw fsError(err2, req.path);
      }
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new OpError('not_a_file', `${req.path} is not a regular file`);
      await fh.truncate(0);
      let off = 0;
      while (off < data.length) off += (await fh.write(data, off, data.length - off, off)).bytesWritten;
      if (created) await fh.chown(AGENT_UID, AGENT_GID);
      if (req.mode !== undefined) await fh.chmod(req.mode);
      return { bytes: data.length, created };
    } finally {
      await fh.close();
    }
  });
}

function typeOf(st) {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

async function statOp(req) {
  const abs = workspacePath(req.path);
  if (abs === WORKSPACE) {
    const st = await fsp.lstat(WORKSPACE);
    return { type: 'dir', size: st.size, mode: st.mode & 0o7777, mtimeMs: st.mtimeMs };
  }
  return inParent(abs, async (through) => {
    try {
      const st = await fsp.lstat(through);
      return { type: typeOf(st), size: st.size, mode: st.mode & 0o7777, mtimeMs: st.mtimeMs };
    } catch (err) {
      throw fsError(err, req.path);
    }
  });
}

async function listOp(req) {
  const dir = await openDir(workspacePath(req.path ?? '.'));
  try {
    const through = `/proc/self/fd/${dir.fd}`;
    const names = (await fsp.readdir(through)).sort();
    const entries = [];
    for (const name of names) {
      try {
        const st = await fsp.lstat(`${through}/${name}`);
        entries.push({ name, type: typeOf(st), size: st.size });
      } catch {
        // removed while listing
      }
    }
    return { entries };
  } finally {
    await dir.close();
  }
}

// ---------------------------------------------------------------- archives and processes

async function untarOp(req) {
  const user = req.user ?? 'agent';
  const dest = req.dest === PRIVATE || req.dest?.startsWith(PRIVATE + '/') ? req.dest : workspacePath(req.dest ?? '.');
  if (dest.startsWith(PRIVATE) && user !== 'root') throw new OpError('permission', 'private area is root-only');
  if (user === 'root') await fsp.mkdir(dest, { recursive: true, mode: 0o700 });
  const r = await execOp({
    cmd: ['tar', '-x', '-f', '-', '-C', dest, ...(user === 'root' ? ['--no-same-owner'] : [])],
    user,
    stdin: req.data,
    timeoutMs: 120_000,
    maxOutputBytes: 64 * 1024,
  });
  if (r.exitCode !== 0) throw new OpError('io', `tar -x failed: ${Buffer.from(r.stderr, 'base64').toString()}`);
  return { ok: true };
}

/** Every regular file and symlink of the workspace (outside .git) with a short content hash:
 * the dispatcher compares two of these to see which files a call changed, bash included. */
async function manifestOp(req) {
  const limit = req.maxFiles ?? 20000;
  const files = [];
  async function walk(rel) {
    const abs = rel ? `${WORKSPACE}/${rel}` : WORKSPACE;
    let entries;
    try {
      entries = await fsp.readdir(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && e.name === '.git') continue;
      if (files.length >= limit) return;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) {
        try {
          // Streamed: a file as large as the workspace must not take the supervisor's memory.
          const hash = createHash('sha256');
          for await (const chunk of createReadStream(`${WORKSPACE}/${child}`)) hash.update(chunk);
          files.push([child, hash.digest('hex').slice(0, 16)]);
        } catch {
          // vanished while walking
        }
      } else if (e.isSymbolicLink()) {
        const target = await fsp.readlink(`${WORKSPACE}/${child}`).catch(() => '');
        files.push([child, `link:${createHash('sha256').update(target).digest('hex').slice(0, 11)}`]);
      }
    }
  }
  await walk('');
  return { files, complete: files.length < limit };
}

async function killAllOp() {
  return { killed: await killMatching(hasUid(AGENT_UID)) };
}

async function processesOp() {
  return { pids: scanProcesses(hasUid(AGENT_UID)) };
}

// ---------------------------------------------------------------- dispatch

const ops = {
  ping: async () => ({ pid: process.pid }),
  exec: execOp,
  read: readOp,
  write: writeOp,
  stat: statOp,
  list: listOp,
  untar: untarOp,
  killAll: killAllOp,
  manifest: manifestOp,
  processes: processesOp,
};

async function handle(line) {
  let req;
  try {
    req = JSON.parse(line);
  } catch {
    send({ id: null, ok: false, error: { code: 'invalid', message: 'request is not JSON' } });
    return;
  }
  const op = ops[req.op];
  if (!op) {
    send({ id: req.id, ok: false, error: { code: 'invalid', message: `unknown op ${req.op}` } });
    return;
  }
  try {
    send({ id: req.id, ok: true, result: await op(req) });
  } catch (err) {
    send({ id: req.id, ok: false, error: { code: err?.code && typeof err.code === 'string' && !err.code.startsWith('E') ? err.code : 'io', message: String(err?.message ?? err) } });
  }
}

async function prepare() {
  // tmpfs mounts arrive root-owned; hand the agent its workspace and home.
  await fsp.chown(WORKSPACE, AGENT_UID, AGENT_GID);
  await fsp.chown(AGENT_HOME, AGENT_UID, AGENT_GID).catch(() => {});
  // The private area is traversable but not listable: services reach their own folder inside,
  // the agent can name nothing there (the pristine copy below it is 0700).
  await fsp.mkdir(PRIVATE, { recursive: true });
  await fsp.chmod(PRIVATE, 0o711);
}

process.on('uncaughtException', (err) => process.stderr.write(`sandboxd: ${err?.stack ?? err}\n`));
await prepare();
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => void handle(line));
rl.on('close', () => process.exit(0));
send({ event: 'ready', pid: process.pid });
