import { createHash } from 'node:crypto';
import { readFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { HarnessError } from '../../errors.js';
import { followProgress } from './progress.js';

/** What goes into a debootstrapped base. */
export interface BaseSpec {
  suite: string;
  packages: readonly string[];
}

/** Tag of the offline base for a spec: the same spec always maps to the same tag. */
export function baseTag(spec: BaseSpec): string {
  const hash = createHash('sha256').update(`minbase\0${spec.suite}\0${[...spec.packages].sort().join(',')}`).digest('hex');
  return `crucible/base:${spec.suite}-${hash.slice(0, 12)}`;
}

/**
 * The Debian archive apt is configured with on this machine: first `URIs:` of a deb822
 * `.sources` file, else the first `deb` line of sources.list. Never a hard-coded host.
 */
export async function aptMirror(): Promise<string> {
  const dir = '/etc/apt/sources.list.d';
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const name of files.filter((f) => f.endsWith('.sources')).sort()) {
    const text = await readFile(path.join(dir, name), 'utf8');
    const uri = /^URIs:\s*(\S+)/m.exec(text)?.[1];
    if (uri && !/security/.test(uri)) return uri;
  }
  const list = await readFile('/etc/apt/sources.list', 'utf8').catch(() => '');
  const deb = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/m.exec(list)?.[1];
  if (deb) return deb;
  throw new HarnessError('BASE_BUILD_FAILED', 'no Debian archive configured in /etc/apt (sources.list.d/*.sources or sources.list)');
}

/** Image id when `tag` exists on the engine, else undefined. */
export async function imageId(docker: Docker, tag: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(tag).inspect()).Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/**
 * Makes sure the offline base image exists: a minbase Debian root file system bootstrapped with
 * debootstrap from the machine's apt archive (packages included), imported into the engine.
 * Nothing comes from a container registry. Returns the tag and image id; skips all work when
 * the tag already exists.
 * @throws HarnessError `BASE_BUILD_FAILED` (debootstrap missing, not root, archive unreachable).
 */
export async function ensureBaseImage(docker: Docker, spec: BaseSpec, log: (line: string) => void = () => {}): Promise<{ tag: string; id: string }> {
  const tag = baseTag(spec);
  const existing = await imageId(docker, tag);
  if (existing) return { tag, id: existing };
  const which = await execa('sh', ['-c', 'command -v debootstrap'], { reject: false });
  if (which.exitCode !== 0) {
    throw new HarnessError('BASE_BUILD_FAILED', 'debootstrap is not installed (apt-get install debootstrap), or pass --base IMAGE where a registry is reachable');
  }
  const mirror = await aptMirror();
  const rootfs = await mkdtemp(path.join(tmpdir(), 'crucible-rootfs-'));
  try {
    log(`debootstrap ${spec.suite} from ${mirror} with ${spec.packages.join(' ')}`);
    const boot = await execa(
      'debootstrap',
      ['--variant=minbase', `--include=${spec.packages.join(',')}`, spec.suite, rootfs, mirror],
      { reject: false, all: true, env: { DEBIAN_FRONTEND: 'noninteractive' } },
    );
    if (boot.exitCode !== 0) {
      const tail = String(boot.all ?? '').trim().split('\n').slice(-5).join(' | ');
      throw new HarnessError('BASE_BUILD_FAILED', `debootstrap failed (exit ${boot.exitCode}): ${tail}`);
    }
    // Package caches and lists only make the image bigger.
    await execa('sh', ['-c', `rm -rf "${rootfs}"/var/cache/apt/archives/*.deb "${rootfs}"/var/lib/apt/lists/*`]);
    log(`importing ${tag}`);
    const tar = execa('tar', ['-C', rootfs, '--numeric-owner', '-c', '.'], { buffer: false });
    const [repo, version] = tag.split(':') as [string, string];
    const stream = await docker.importImage(tar.stdout as unknown as string, { repo, tag: version });
    await followProgress(docker, stream);
    await tar;
    const id = await imageId(docker, tag);
    if (!id) throw new HarnessError('BASE_BUILD_FAILED', `import of ${tag} finished but the image is missing`);
    return { tag, id };
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
}
