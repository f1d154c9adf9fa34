import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { stringify } from 'yaml';
import { sandboxImageTag } from '../sandbox/image/sandbox-image.js';
import { taskContentHash } from '../task/content-hash.js';
import type { LoadedTask } from '../task/loader.js';

/** One pinned task of `suites/NAME.yaml`. */
export interface SuiteEntry {
  id: string;
  content_hash: string;
  /** Id of the profile's sandbox image when pinned (absent when the engine or image was unavailable). */
  image_id?: string;
}

/** What {@link pinSuite} wrote. */
export interface PinnedSuite {
  file: string;
  entries: SuiteEntry[];
  /** Why an image id could not be recorded, one line per profile. */
  warnings: string[];
}

/** Suite names: what may appear after `suite:` in a selection and as a file name. */
export const SUITE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `root/suites/NAME.yaml`. */
export function suiteFile(root: string, name: string): string {
  return path.join(root, 'suites', `${name}.yaml`);
}

/**
 * Pins tasks as a suite: writes `suites/NAME.yaml` listing each task id with its content hash
 * and the id of its profile's sandbox image, so `--tasks suite:NAME` later runs exactly these
 * tasks and refuses any whose content changed. Without `docker` (or when an image is missing)
 * the image id is left out and a warning says why.
 * @throws RangeError for a name that is not a plain file name.
 */
export async function pinSuite(name: string, tasks: readonly LoadedTask[], options: { root: string; docker?: Docker }): Promise<PinnedSuite> {
  if (!SUITE_NAME.test(name)) throw new RangeError(`suite name ${JSON.stringify(name)} must be letters, digits, dots, dashes or underscores`);
  const warnings: string[] = [];
  const images = new Map<string, string | undefined>();
  const entries: SuiteEntry[] = [];
  for (const task of tasks) {
    const profile = task.definition.profile;
    if (!images.has(profile)) {
      let id: string | undefined;
      if (options.docker) {
        try {
          id = (await options.docker.getImage(sandboxImageTag(profile)).inspect()).Id;
        } catch (err) {
          warnings.push(`image of profile ${profile} (${sandboxImageTag(profile)}) not pinned: ${(err as { statusCode?: number }).statusCode === 404 ? 'not built (crucible image build)' : (err as Error).message.split('\n')[0]}`);
        }
      } else warnings.push(`image of profile ${profile} not pinned: no engine`);
      images.set(profile, id);
    }
    const imageId = images.get(profile);
    entries.push({ id: task.definition.id, content_hash: await taskContentHash(task), ...(imageId ? { image_id: imageId } : {}) });
  }
  const file = suiteFile(options.root, name);
  await mkdir(path.dirname(file), { recursive: true });
  const header = `# Suite ${name}: pinned by \`crucible suite pin\` on ${new Date().toISOString()}.\n# Run it with --tasks suite:${name}; a task whose content hash differs is refused.\n`;
  await writeFile(file, header + stringify({ tasks: entries }));
  return { file, entries, warnings };
}
