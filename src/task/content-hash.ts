import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { hashTree, readTree } from '../sandbox/tree.js';
import type { LoadedTask } from './loader.js';
import { repoLocation } from './repo-source.js';

/** JSON with object keys sorted at every level, so equal data always serializes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 of a sandbox profile's definition: its folder and the shared sandbox files. */
export async function profileDefinitionHash(profile: string): Promise<string> {
  const sandboxes = path.join(packageRoot(), 'sandboxes');
  const own = await readTree(path.join(sandboxes, profile), (rel) => rel.split('/').includes('node_modules'));
  const common = await readTree(path.join(sandboxes, 'common'), (rel) => rel.includes('__pycache__'));
  return createHash('sha256').update(hashTree(own)).update(hashTree(common)).digest('hex');
}

/**
 * The task's content hash: sha256 over the canonical task definition (defaults applied), every
 * file beside task.yaml, the repository tree (or the commit id of a git repository) and the
 * sandbox image definition. Any change that could change a result changes the hash.
 */
export async function taskContentHash(task: LoadedTask): Promise<string> {
  const hash = createHash('sha256');
  hash.update(canonicalJson(task.definition)).update('\0');
  const beside = await readTree(task.dir, (rel) => rel === 'task.yaml' || rel.includes('__pycache__'));
  hash.update(hashTree(beside)).update('\0');
  const repo = repoLocation(task);
  if (repo.kind === 'folder') hash.update(hashTree(await readTree(repo.dir))).update('\0');
  else hash.update(`git:${repo.commit}`).update('\0');
  for (const service of task.definition.services) {
    hash.update(hashTree(await readTree(path.join(task.root, service.files), (rel) => rel.split('/').includes('node_modules')))).update('\0');
  }
  hash.update(await profileDefinitionHash(task.definition.profile));
  return hash.digest('hex');
}

/** Reads a small text file or returns undefined. */
export async function readOptional(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}
