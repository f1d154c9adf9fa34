import type { DockerSandbox } from '../sandbox/docker/docker-sandbox.js';
import { PRISTINE } from '../sandbox/docker/docker-sandbox.js';
import type { StructureAssertion } from '../task/schema.js';
import { checkStructure } from './structure/index.js';
import type { StructureResult } from './structure/index.js';

/**
 * Runs a task's structure assertions on a sandbox's final work tree against its base commit.
 * Base files come from the pristine copy the agent cannot touch; final files from the workspace.
 */
export async function checkTaskStructure(sandbox: DockerSandbox, base: string, assertions: readonly StructureAssertion[]): Promise<StructureResult[]> {
  if (assertions.length === 0) return [];
  return checkStructure(assertions, {
    base: async (file) => {
      const r = await sandbox.exec(['git', `--git-dir=${PRISTINE}/.git`, 'show', `${base}:${file}`], { user: 'root', maxOutputBytes: 8 * 1024 * 1024 });
      return r.exitCode === 0 ? r.stdout : undefined;
    },
    final: async (file) => {
      try {
        return (await sandbox.readFile(file)).data.toString('utf8');
      } catch {
        return undefined;
      }
    },
  });
}
