import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { HarnessError } from '../../errors.js';
import { packageRoot } from '../../paths.js';

/** Schema of `sandboxes/<profile>/profile.yaml`. */
export const ProfileSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  description: z.string(),
  debian: z.object({
    suite: z.string().default('bookworm'),
    packages: z.array(z.string().regex(/^[a-z0-9][a-z0-9+.-]+$/)).min(1),
  }),
  /** Folder (relative to the profile) with package.json + package-lock.json installed on the host. */
  npm: z.string().optional(),
  toolchain: z.object({
    node: z.string().optional(),
    python: z.string().optional(),
    commands: z.array(z.string()).default([]),
  }),
});

/** A loaded sandbox profile. */
export type Profile = z.infer<typeof ProfileSchema> & { dir: string };

/** The folder holding profiles (`sandboxes/`) of this checkout. */
export function sandboxesDir(root: string = packageRoot()): string {
  return path.join(root, 'sandboxes');
}

/**
 * Reads and validates `sandboxes/<name>/profile.yaml`.
 * @throws HarnessError `CONFIG_INVALID` naming the file and the field.
 */
export async function loadProfile(name: string, root?: string): Promise<Profile> {
  const dir = path.join(sandboxesDir(root), name);
  const file = path.join(dir, 'profile.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new HarnessError('CONFIG_INVALID', `no sandbox profile ${JSON.stringify(name)}: ${file} is missing`);
  }
  const parsed = ProfileSchema.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HarnessError('CONFIG_INVALID', `${file}: field \`${issue.path.join('.')}\`: ${issue.message}`);
  }
  return { ...parsed.data, dir };
}
