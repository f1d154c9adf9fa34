import type { ContainerCreateOptions } from 'dockerode';
import type { SandboxLimits } from '../types.js';
import { WORKSPACE } from '../types.js';

/** Capabilities the in-sandbox supervisor needs: manage agent-owned files (CHOWN, DAC_OVERRIDE,
 * FOWNER), drop to the agent user (SETUID, SETGID) and stop its processes (KILL). The agent's
 * own processes run without any capability. */
export const SUPERVISOR_CAPS = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETUID', 'SETGID', 'KILL'];

/**
 * Engine options for one sandbox container: no network, all other capabilities dropped,
 * no privilege gain, pids / memory / CPU caps, a read-only root with size-capped tmpfs for the
 * writable places, docker-init as PID 1 to reap orphans, and the supervisor as the command.
 */
export function containerOptions(image: string, name: string, limits: SandboxLimits, labels: Record<string, string>): ContainerCreateOptions {
  const side = Math.max(16 * 1024 * 1024, Math.floor(limits.diskBytes / 4));
  return {
    name,
    Image: image,
    Cmd: ['node', '/opt/crucible/sandboxd.mjs'],
    User: '0',
    WorkingDir: WORKSPACE,
    Env: ['CRUCIBLE_AGENT_UID=1000', 'CRUCIBLE_AGENT_GID=1000', 'CRUCIBLE_AGENT_HOME=/home/agent'],
    Labels: labels,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: false,
    Tty: false,
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      CapAdd: SUPERVISOR_CAPS,
      SecurityOpt: ['no-new-privileges'],
      PidsLimit: limits.pids,
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: Math.round(limits.cpus * 1e9),
      ReadonlyRootfs: true,
      Tmpfs: {
        [WORKSPACE]: `rw,exec,size=${limits.diskBytes},mode=0755`,
        '/tmp': `rw,exec,nosuid,size=${side},mode=1777`,
        '/home/agent': `rw,exec,nosuid,size=${side},mode=0755`,
        // 0711: services (run as their own user) can reach their own folder inside; the agent can list nothing.
        '/run/crucible': `rw,exec,nosuid,size=${side},mode=0711`,
      },
      Init: true,
      IpcMode: 'private',
      AutoRemove: false,
    },
  };
}
