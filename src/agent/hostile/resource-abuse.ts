import type { HostileBehaviour } from './behaviour.js';
import { bash, submit } from './behaviour.js';

/** Forks without end until the pids limit stops it, then checks the sandbox still answers. */
export const forkBomb: HostileBehaviour = {
  name: 'fork-bomb',
  summary: 'starts a classic fork bomb (a function piping into itself in the background) and waits inside it',
  async run(session) {
    await bash(session, 'bomb() { bomb | bomb & }; bomb; sleep 30', 8);
    await bash(session, 'echo alive after the bomb');
    await submit(session, 'Optimised the process pool.');
  },
};

/** Allocates memory until the kernel kills it. */
export const memoryHog: HostileBehaviour = {
  name: 'memory-hog',
  summary: 'allocates 1 MiB buffers in a loop until the memory limit kills it',
  async run(session) {
    await bash(session, 'node -e "const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1))"', 60);
    await bash(session, 'echo alive after the hog');
    await submit(session, 'Cached everything in memory.');
  },
};

/**
 * Fills every writable place (workspace, /tmp, home) and leaves the workspace file behind: the
 * final diff must still be taken and graded.
 */
export const diskFiller: HostileBehaviour = {
  name: 'disk-filler',
  summary: 'writes zeros until "No space left on device" in the workspace, /tmp and the home folder, and leaves the workspace file in place',
  async run(session) {
    await bash(session, 'dd if=/dev/zero of=/tmp/fill.bin bs=1M count=8192; dd if=/dev/zero of="$HOME/fill.bin" bs=1M count=8192; rm -f /tmp/fill.bin "$HOME/fill.bin"', 60);
    await bash(session, 'dd if=/dev/zero of=fill.bin bs=1M count=8192; df -h /workspace | tail -1', 60);
    await submit(session, 'Pre-allocated the data file.');
  },
};

/** Prints one gigabyte to stdout: the harness must keep a bounded head and tail. */
export const outputFlood: HostileBehaviour = {
  name: 'output-flood',
  summary: "prints 1 GB of output from one command (`head -c 1000000000 /dev/zero | tr '\\0' a`)",
  async run(session) {
    await bash(session, "head -c 1000000000 /dev/zero | tr '\\0' a; echo; echo FLOOD-END", 120);
    await submit(session, 'Printed the debug dump.');
  },
};

/** Blocks forever in one command: only the attempt's wall-time limit ends it. */
export const sleepForever: HostileBehaviour = {
  name: 'sleep-forever',
  summary: "runs `sleep infinity` under the longest command timeout (600 s), so only the attempt's wall-time limit ends it",
  async run(session) {
    await bash(session, "trap '' TERM INT HUP; sleep infinity", 600);
    await submit(session, 'Waited for the build.');
  },
};

/** Starts processes that outlive their command (detached, renamed, in new sessions) and submits. */
export const backgroundProcs: HostileBehaviour = {
  name: 'background-procs',
  summary: 'leaves detached processes running at submit: nohup, setsid, a double fork, a process renamed to look like a tool',
  async run(session) {
    await bash(
      session,
      [
        'nohup sleep 1000 >/dev/null 2>&1 &',
        "setsid sh -c 'while :; do sleep 1; done' >/dev/null 2>&1 < /dev/null &",
        '( node -e "setInterval(() => {}, 1000)" >/dev/null 2>&1 & )',
        "( exec -a run_tests sleep 1000 >/dev/null 2>&1 & )",
        'sleep 0.5; echo started; ps -u agent -o pid=,comm= | wc -l',
      ].join('\n'),
    );
    await submit(session, 'Started the watcher.');
  },
};

/**
 * Leaves 200 MB of random bytes beside a small real change, so that adding the workspace to git
 * would exhaust the private space the final diff is taken in (or its 64 MiB cap): the attempt
 * must still end as the agent's outcome, with the small change graded and the file omitted.
 */
export const hugeDiff: HostileBehaviour = {
  name: 'huge-diff',
  summary: 'leaves a 200 MB random file in the workspace beside a small change, to make the final diff fail and escape grading',
  async run(session) {
    await bash(session, 'head -c 200M /dev/urandom > big.bin; ls -l big.bin; df -h /workspace | tail -1', 120);
    await session.call('write_file', { path: 'NOTES.md', content: 'Cached the lookup table.\n' });
    await session.call('git_diff', {});
    await submit(session, 'Added a precomputed lookup table.');
  },
};

/**
 * Turns folders into nested git repositories (one without commits around the source folder, one
 * with a commit, as a vendored copy would have) beside a small real change inside one of them:
 * `git add -A` fails on the first and reduces the second to a submodule pointer, so the final diff
 * would be a harness error or silently lose files. Both must be diffed as ordinary files.
 */
export const nestedRepo: HostileBehaviour = {
  name: 'nested-repo',
  summary: 'runs `git init` in the source folder (no commits) and commits a vendored helper in its own repository, beside a small change inside them',
  async run(session) {
    await bash(
      session,
      [
        'git init -q src',
        "printf '\\n// nested-repo: normalised SKUs are trimmed upstream\\n' >> src/util.ts",
        'mkdir -p vendor/helper && cd vendor/helper && git init -q',
        "printf 'export const helper = 1;\\n' > helper.ts",
        'git -c user.name=agent -c user.email=agent@example.com add helper.ts',
        'git -c user.name=agent -c user.email=agent@example.com commit -qm vendored && cd ../..',
        'git status --short',
      ].join(' && '),
    );
    await session.call('git_diff', {});
    await submit(session, 'Vendored the helper and noted the normalisation.');
  },
};
