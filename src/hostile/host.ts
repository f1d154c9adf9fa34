import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type Docker from 'dockerode';
import type { DockerProvider } from '../sandbox/docker/docker-provider.js';
import { LABEL } from '../sandbox/owner.js';

/** What the host looks like at one moment: free disk where containers live, the evaluator's memory. */
export interface HostSnapshot {
  freeDiskBytes: number;
  rssBytes: number;
}

/** The folder whose file system holds the engine's containers (the temp folder for a remote engine). */
export async function engineDiskPath(docker: Docker): Promise<string> {
  try {
    const info = (await docker.info()) as { DockerRootDir?: string };
    if (info.DockerRootDir) {
      await statfs(info.DockerRootDir);
      return info.DockerRootDir;
    }
  } catch {
    // a remote engine, or a root dir this process cannot see
  }
  return tmpdir();
}

/** Free bytes on `dir`'s file system and this process's resident memory. */
export async function snapshot(dir: string): Promise<HostSnapshot> {
  const s = await statfs(dir);
  return { freeDiskBytes: s.bavail * s.bsize, rssBytes: process.memoryUsage().rss };
}

/** Names of containers still present (running or not) for any of these attempt ids. */
export async function leftoverContainers(provider: DockerProvider, attemptIds: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of attemptIds) {
    const list = await provider.docker.listContainers({ all: true, filters: { label: [`${LABEL.attempt}=${id}`] } });
    out.push(...list.map((c) => (c.Names?.[0] ?? c.Id).replace(/^\//, '')));
  }
  return out;
}
