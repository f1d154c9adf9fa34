import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { followProgress } from './progress.js';

/** A file or folder placed into a build context: `from` on the host, `to` relative to the context. */
export interface ContextItem {
  from: string;
  to: string;
}

/** What to build and how to tag and label it. */
export interface BuildRequest {
  items: readonly ContextItem[];
  tag: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
}

/**
 * Assembles a build context folder from `items` and builds it through the engine API with the
 * classic builder (no registry needed when the base exists locally).
 * @throws Error with the build's own error message when a step fails.
 */
export async function buildFromContext(docker: Docker, req: BuildRequest, onLine?: (line: string) => void): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'crucible-ctx-'));
  try {
    for (const item of req.items) {
      await cp(item.from, path.join(dir, item.to), { recursive: true, verbatimSymlinks: true });
    }
    const tar = execa('tar', ['-C', dir, '-c', '.'], { buffer: false });
    const stream = await docker.buildImage(tar.stdout as unknown as NodeJS.ReadableStream, {
      t: req.tag,
      buildargs: req.buildArgs,
      labels: req.labels,
      rm: true,
      forcerm: true,
    });
    await followProgress(docker, stream, onLine);
    await tar;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
