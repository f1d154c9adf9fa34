/**
 * Fresh services between mutants: a mock server keeps state in memory (counters, rate limits,
 * stored records), so one mutant's requests could change what the next one sees.
 */
import { HarnessError } from '../errors.js';
import { startServices } from '../grade/services.js';
import type { DockerSandbox } from '../sandbox/docker/docker-sandbox.js';
import type { LoadedTask } from '../task/loader.js';

/** The image's user services run as (see grade/services.ts). */
const SERVICE_USER = 'service';

/**
 * Stops every process of the service user and starts the task's services again through the same
 * path sandbox setup uses (`startServices`), waiting until each accepts connections. Nothing to do
 * for a task without services.
 */
export async function restartServices(sandbox: DockerSandbox, task: LoadedTask): Promise<void> {
  if (task.definition.services.length === 0) return;
  // SIGKILL until none is left: a service may fork, and a port is free only once its owner is gone.
  const stop = `for i in $(seq 1 50); do pkill -KILL -u ${SERVICE_USER} || true; pgrep -u ${SERVICE_USER} >/dev/null || exit 0; sleep 0.1; done; exit 1`;
  const r = await sandbox.exec(['sh', '-c', stop], { user: 'root', timeoutMs: 30_000 });
  if (r.exitCode !== 0) throw new HarnessError('SANDBOX_LOST', `the services of ${task.definition.id} did not stop in sandbox ${sandbox.id}: ${r.stderr.trim()}`);
  await startServices(sandbox, task.root, task.definition.services);
}
