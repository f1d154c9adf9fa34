import { access, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { HarnessError } from '../../errors.js';
import { packageRoot } from '../../paths.js';
import { ensureBaseImage, imageId } from './base-image.js';
import { buildFromContext } from './build-context.js';
import { loadProfile } from './profile.js';

/** The official base, used when it is local or a registry answers. */
export const OFFICIAL_NODE_BASE = 'node:20-bookworm-slim';
const PULL_TIMEOUT_MS = 20_000;

/** Options of {@link buildSelfImage}. */
export interface SelfImageOptions {
  base?: string;
  tag?: string;
  log?: (line: string) => void;
}

/**
 * Builds the top-level Dockerfile (Crucible's own image). Base: `--base`, else the official
 * Node 20 bookworm image if local or pullable, else a local base made of the offline Debian base
 * plus this host's Node 20 binary (same bookworm libc). Production dependencies are copied from
 * the host's node_modules, so the build downloads nothing.
 */
export async function buildSelfImage(docker: Docker, options: SelfImageOptions = {}): Promise<{ tag: string; id: string; base: string }> {
  const log = options.log ?? (() => {});
  const root = packageRoot();
  const tag = options.tag ?? 'crucible/crucible:latest';
  await access(path.join(root, 'dist', 'cli', 'main.js')).catch(() => {
    throw new HarnessError('IMAGE_BUILD_FAILED', `${root}/dist is missing: run \`npm run build\` first`);
  });
  const base = options.base ?? (await officialOrLocalBase(docker, log));
  const staging = await mkdtemp(path.join(tmpdir(), 'crucible-self-'));
  try {
    log('copying production dependencies');
    await cp(path.join(root, 'node_modules'), path.join(staging, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    await cp(path.join(root, 'package.json'), path.join(staging, 'package.json'));
    await cp(path.join(root, 'package-lock.json'), path.join(staging, 'package-lock.json'));
    const pruned = await execa('npm', ['prune', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--offline'], { cwd: staging, reject: false, all: true });
    if (pruned.exitCode !== 0) throw new HarnessError('IMAGE_BUILD_FAILED', `npm prune failed: ${String(pruned.all).trim().slice(-300)}`);
    const items = [
      { from: path.join(root, 'Dockerfile'), to: 'Dockerfile' },
      { from: path.join(staging, 'package.json'), to: 'package.json' },
      { from: path.join(staging, 'package-lock.json'), to: 'package-lock.json' },
      { from: path.join(staging, 'node_modules'), to: 'node_modules' },
      ...['dist', 'bin', 'sandboxes', 'repos', 'tasks'].map((d) => ({ from: path.join(root, d), to: d })),
    ];
    log(`building ${tag} from ${base}`);
    await buildFromContext(docker, { items: await existing(items), tag, buildArgs: { NODE_BASE: base }, labels: { crucible: '1', 'crucible.kind': 'self' } }, log);
  } catch (err) {
    if (err instanceof HarnessError) throw err;
    throw new HarnessError('IMAGE_BUILD_FAILED', `building ${tag} failed: ${(err as Error).message}`, { cause: err });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const id = await imageId(docker, tag);
  if (!id) throw new HarnessError('IMAGE_BUILD_FAILED', `build of ${tag} finished but the image is missing`);
  return { tag, id, base };
}

async function existing<T extends { from: string }>(items: T[]): Promise<T[]> {
  const kept: T[] = [];
  for (const item of items) if (await access(item.from).then(() => true, () => false)) kept.push(item);
  return kept;
}

async function officialOrLocalBase(docker: Docker, log: (line: string) => void): Promise<string> {
  if (await imageId(docker, OFFICIAL_NODE_BASE)) return OFFICIAL_NODE_BASE;
  if (await tryPull(docker, OFFICIAL_NODE_BASE)) return OFFICIAL_NODE_BASE;
  log(`${OFFICIAL_NODE_BASE} unreachable: building an offline Node ${process.versions.node} base`);
  return localNodeBase(docker, log);
}

async function tryPull(docker: Docker, image: string): Promise<boolean> {
  try {
    const stream = await Promise.race([
      docker.pull(image),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), PULL_TIMEOUT_MS).unref()),
    ]);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
    return true;
  } catch {
    return false;
  }
}

/** The offline Debian base of the default profile plus this host's `node` binary. */
async function localNodeBase(docker: Docker, log: (line: string) => void): Promise<string> {
  if (!process.versions.node.startsWith('20.')) {
    throw new HarnessError('IMAGE_BUILD_FAILED', `the offline base copies the host's Node, which must be 20.x (found ${process.versions.node})`);
  }
  const profile = await loadProfile('default');
  const debian = await ensureBaseImage(docker, { suite: profile.debian.suite, packages: profile.debian.packages }, log);
  const tag = `crucible/node:${process.versions.node}-${debian.tag.split(':')[1]}`;
  if (await imageId(docker, tag)) return tag;
  const dir = await mkdtemp(path.join(tmpdir(), 'crucible-nodebase-'));
  try {
    await writeFile(
      path.join(dir, 'Dockerfile'),
      `FROM ${debian.tag}\nCOPY node /usr/local/bin/node\nRUN /usr/local/bin/node --version\n`,
    );
    await cp(process.execPath, path.join(dir, 'node'));
    await buildFromContext(docker, { items: [{ from: path.join(dir, 'Dockerfile'), to: 'Dockerfile' }, { from: path.join(dir, 'node'), to: 'node' }], tag, buildArgs: {}, labels: { crucible: '1', 'crucible.kind': 'node-base' } }, log);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return tag;
}
