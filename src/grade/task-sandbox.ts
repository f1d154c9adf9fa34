import path from 'node:path';
import { HarnessError } from '../errors.js';
import type { DockerProvider } from '../sandbox/docker/docker-provider.js';
import type { DockerSandbox } from '../sandbox/docker/docker-sandbox.js';
import { sandboxImageTag } from '../sandbox/image/sandbox-image.js';
import { parseBytes } from '../sandbox/limits.js';
import { materializeRepo } from '../sandbox/materialize.js';
import type { MaterializedRepo, SandboxLimits } from '../sandbox/types.js';
import type { LoadedTask } from '../task/loader.js';
import { readTaskFile, repoLocation, requireRepo } from '../task/repo-source.js';
import { startServices } from './services.js';

/** A task's workspace at its base: the repository with the setup patch, as one commit. */
export async function taskRepo(task: LoadedTask): Promise<MaterializedRepo> {
  const location = repoLocation(task);
  await requireRepo(location);
  const setupPatch = task.definition.setup.patch ? await readTaskFile(task, task.definition.setup.patch) : undefined;
  return materializeRepo(location.kind === 'folder' ? { dir: location.dir, setupPatch } : { gitDir: location.gitDir, commit: location.commit, setupPatch });
}

/** The sandbox limits a task asks for. */
export function taskLimits(task: LoadedTask): SandboxLimits {
  const l = task.definition.limits;
  const bytes = (v: string | number) => (typeof v === 'number' ? v : parseBytes(v));
  return { pids: l.pids, memoryBytes: bytes(l.memory), cpus: l.cpus, diskBytes: bytes(l.disk) };
}

/** What a task sandbox is for: shown in container labels. */
export interface TaskSandboxOptions {
  purpose: string;
  runId?: string;
  attemptId?: string;
  /** Image to use instead of the task profile's default tag. */
  image?: string;
}

/**
 * A fresh sandbox holding the task's base workspace, with its setup commands run and its
 * services started: what an agent starts from, and what grading starts from.
 * @throws HarnessError when the environment is missing or a setup step fails.
 */
export async function openTaskSandbox(provider: DockerProvider, task: LoadedTask, options: TaskSandboxOptions): Promise<DockerSandbox> {
  const repo = await taskRepo(task);
  const sandbox = (await provider.create({
    image: options.image ?? sandboxImageTag(task.definition.profile),
    repo,
    limits: taskLimits(task),
    runId: options.runId,
    attemptId: options.attemptId ?? `${options.purpose}-${task.definition.id}`,
  })) as DockerSandbox;
  try {
    for (const command of task.definition.setup.commands) {
      const r = await sandbox.exec(command, { timeoutMs: 300_000 });
      if (r.exitCode !== 0) {
        throw new HarnessError('ENV_MISSING', `setup command of ${task.definition.id} failed (exit ${r.exitCode}): ${command}: ${r.stderr.trim().slice(-300)}`);
      }
    }
    await startServices(sandbox, task.root, task.definition.services);
    return sandbox;
  } catch (err) {
    await sandbox.close();
    throw err;
  }
}

/** The project root a task folder belongs to (…/tasks/<id> → …). */
export function projectRootOf(taskDir: string): string {
  return path.dirname(path.dirname(path.resolve(taskDir)));
}
