import { createHash } from 'node:crypto';
import path from 'node:path';
import type Docker from 'dockerode';
import { HarnessError } from '../../errors.js';
import { hashTree, readTree } from '../tree.js';
import { ensureBaseImage, imageId } from './base-image.js';
import { buildFromContext } from './build-context.js';
import type { ContextItem } from './build-context.js';
import { installNpmTools } from './npm-tools.js';
import { loadProfile, sandboxesDir } from './profile.js';
import type { Profile } from './profile.js';

/** Label carrying the content hash an image was built from. */
export const HASH_LABEL = 'crucible.image.hash';

/** The tag a profile's image is built under. */
export function sandboxImageTag(profile: string): string {
  return `crucible/sandbox-${profile}:latest`;
}

/** Outcome of {@link buildSandboxImage}. */
export interface BuiltImage {
  tag: string;
  id: string;
  /** sha256 of the definition and base id; equal hashes mean equal images. */
  hash: string;
  /** False when an image with this hash already existed and nothing was built. */
  built: boolean;
  base: string;
}

/** Options of {@link buildSandboxImage}. */
export interface BuildOptions {
  /** A registry image to start from instead of the offline debootstrap base. */
  base?: string;
  force?: boolean;
  log?: (line: string) => void;
}

/**
 * The content hash of a profile's image: every file of its folder (minus installed modules),
 * the shared sandbox files (supervisor, attesting Python launcher), and the base image id.
 */
export async function definitionHash(profile: Profile, baseId: string): Promise<string> {
  const tree = await readTree(profile.dir, (rel) => rel.split('/').includes('node_modules'));
  const common = await readTree(path.join(sandboxesDir(), 'common'), (rel) => rel.includes('__pycache__'));
  return createHash('sha256').update(hashTree(tree)).update(hashTree(common)).update(baseId).digest('hex');
}

/**
 * Builds `sandboxes/<profile>` through the engine API unless an image with the same content
 * hash exists. Offline by default: the base is debootstrapped from the machine's apt archive
 * and npm tools are installed on the host and copied in.
 * @throws HarnessError `IMAGE_BUILD_FAILED` / `BASE_BUILD_FAILED` / `CONFIG_INVALID`.
 */
export async function buildSandboxImage(docker: Docker, name: string, options: BuildOptions = {}): Promise<BuiltImage> {
  const log = options.log ?? (() => {});
  const profile = await loadProfile(name);
  const base = options.base
    ? { tag: options.base, id: await requireBase(docker, options.base) }
    : await ensureBaseImage(docker, { suite: profile.debian.suite, packages: profile.debian.packages }, log);
  const hash = await definitionHash(profile, base.id);
  const tag = sandboxImageTag(profile.name);
  const existing = await docker.getImage(tag).inspect().catch(() => undefined);
  if (existing && existing.Config?.Labels?.[HASH_LABEL] === hash && !options.force) {
    return { tag, id: existing.Id, hash, built: false, base: base.tag };
  }
  const items: ContextItem[] = [
    { from: path.join(profile.dir, 'Dockerfile'), to: 'Dockerfile' },
    { from: path.join(sandboxesDir(), 'common', 'sandboxd.mjs'), to: 'sandboxd.mjs' },
    { from: path.join(sandboxesDir(), 'common', 'python'), to: 'python' },
  ];
  if (profile.npm) {
    const installed = await installNpmTools(path.join(profile.dir, profile.npm), log);
    items.push({ from: path.join(installed, 'node_modules'), to: 'npm/node_modules' });
  }
  log(`building ${tag} from ${base.tag}`);
  try {
    await buildFromContext(
      docker,
      {
        items,
        tag,
        buildArgs: { BASE: base.tag, DEBIAN_PACKAGES: options.base ? profile.debian.packages.join(' ') : '' },
        labels: { crucible: '1', 'crucible.profile': profile.name, [HASH_LABEL]: hash, 'crucible.base': base.tag },
      },
      log,
    );
  } catch (err) {
    throw new HarnessError('IMAGE_BUILD_FAILED', `building ${tag} failed: ${(err as Error).message}`, { cause: err });
  }
  const id = await imageId(docker, tag);
  if (!id) throw new HarnessError('IMAGE_BUILD_FAILED', `build of ${tag} finished but the image is missing`);
  return { tag, id, hash, built: true, base: base.tag };
}

async function requireBase(docker: Docker, base: string): Promise<string> {
  const local = await imageId(docker, base);
  if (local) return local;
  const [repo, tag = 'latest'] = base.split(':');
  try {
    const stream = await docker.pull(`${repo}:${tag}`);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
  } catch (err) {
    throw new HarnessError('IMAGE_BUILD_FAILED', `base image ${base} is not local and could not be pulled: ${(err as Error).message}`, { cause: err });
  }
  const id = await imageId(docker, base);
  if (!id) throw new HarnessError('IMAGE_BUILD_FAILED', `base image ${base} missing after pull`);
  return id;
}
