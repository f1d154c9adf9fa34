import path from 'node:path';
import { HarnessError } from '../errors.js';
import { readTree } from '../sandbox/tree.js';
import { packTree } from '../sandbox/tar.js';
import type { DockerSandbox } from '../sandbox/docker/docker-sandbox.js';
import type { LoadedTask } from '../task/loader.js';
import type { ServiceDefinition } from '../task/schema.js';

const SERVICES = '/run/crucible/services';

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Starts a task's services inside the sandbox, each as the `service` user from a root-owned copy
 * of its files in `/run/crucible/services/<name>` (group `service`, mode 0750): the agent can call
 * it on loopback but cannot read, change or signal it. Waits until each service's port accepts
 * connections. A service that does not come up is a harness failure, never the agent's.
 */
export async function startServices(sandbox: DockerSandbox, root: string, services: readonly ServiceDefinition[]): Promise<void> {
  for (const service of services) {
    const dir = `${SERVICES}/${service.name}`;
    const files = await readTree(path.join(root, service.files), (rel) => rel.split('/').includes('node_modules') || rel.startsWith('.git'));
    await sandbox.exec(['sh', '-c', `mkdir -p ${SERVICES} && chmod 0711 ${SERVICES} && install -d -o root -g service -m 0750 ${dir}`], { user: 'root' });
    await sandbox.copyInPrivate(await packTree(files), dir);
    await sandbox.exec(['sh', '-c', `chown -R root:service ${dir} && chmod -R g+rX,o-rwx ${dir} && install -o service -g service -m 0600 /dev/null /run/crucible/${service.name}.log`], { user: 'root' });
    const env = Object.entries(service.env).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ');
    const start = `cd ${dir} && (${env ? `env ${env} ` : ''}setsid sh -c ${shellQuote(service.command)} >>/run/crucible/${service.name}.log 2>&1 </dev/null &)`;
    const started = await sandbox.exec(['sh', '-c', start], { user: 'service', cwd: '/' });
    if (started.exitCode !== 0) throw new HarnessError('ENV_MISSING', `service ${service.name} did not start: ${started.stderr.trim()}`);
    const wait = `for i in $(seq 1 ${Math.ceil(service.ready.timeout_sec * 10)}); do (exec 3<>/dev/tcp/127.0.0.1/${service.ready.tcp}) 2>/dev/null && exit 0; sleep 0.1; done; exit 1`;
    const ready = await sandbox.exec(['bash', '-c', wait], { user: 'root', timeoutMs: service.ready.timeout_sec * 1000 + 5_000 });
    if (ready.exitCode !== 0) {
      const log = await sandbox.exec(['tail', '-n', '5', `/run/crucible/${service.name}.log`], { user: 'root' });
      throw new HarnessError('ENV_MISSING', `service ${service.name} is not listening on 127.0.0.1:${service.ready.tcp} after ${service.ready.timeout_sec} s: ${log.stdout.trim().split('\n').join(' | ')}`);
    }
  }
}

/**
 * Stops every process of the `service` user and starts the task's services again through
 * {@link startServices}: a mock server keeps state in memory (counters, rate limits, stored
 * records), so runs that must not influence each other (mutants) each get fresh services.
 * Nothing to do for a task without services.
 */
export async function restartServices(sandbox: DockerSandbox, task: LoadedTask): Promise<void> {
  if (task.definition.services.length === 0) return;
  // SIGKILL until none is left: a service may fork, and a port is free only once its owner is gone.
  const stop = 'for i in $(seq 1 50); do pkill -KILL -u service || true; pgrep -u service >/dev/null || exit 0; sleep 0.1; done; exit 1';
  const r = await sandbox.exec(['sh', '-c', stop], { user: 'root', timeoutMs: 30_000 });
  if (r.exitCode !== 0) throw new HarnessError('SANDBOX_LOST', `the services of ${task.definition.id} did not stop in sandbox ${sandbox.id}: ${r.stderr.trim()}`);
  await startServices(sandbox, task.root, task.definition.services);
}
