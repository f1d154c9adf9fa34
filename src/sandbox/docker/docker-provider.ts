import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { HarnessError } from '../../errors.js';
import { trackForCleanup } from '../cleanup.js';
import { resolveLimits } from '../limits.js';
import { ownerLabels } from '../owner.js';
import type { Sandbox, SandboxProvider, SandboxSpec } from '../types.js';
import { containerOptions } from './container-options.js';
import { DaemonClient } from './daemon-client.js';
import { DockerSandbox, PRISTINE } from './docker-sandbox.js';
import { engineClient, ensureEngine } from './engine.js';
import type { EngineOptions } from './engine.js';

const READY_TIMEOUT_MS = 30_000;

function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number }).statusCode;
}

/**
 * Sandboxes as Docker containers on the engine `DOCKER_HOST` (or the local socket) points at.
 * Creating one: check the image, create and attach, start, wait for the supervisor, unpack the
 * repository into `/workspace` (as the agent) and a pristine copy (root-only) for diffs.
 */
export class DockerProvider implements SandboxProvider {
  readonly name = 'docker';
  readonly docker: Docker;
  private engineChecked: Promise<void> | undefined;

  constructor(options: EngineOptions = {}) {
    this.docker = engineClient(options);
  }

  /** Fails with `ENGINE_UNREACHABLE` within `timeoutMs` when the engine does not answer. */
  ping(timeoutMs = 5_000): Promise<void> {
    return ensureEngine(this.docker, timeoutMs);
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    this.engineChecked ??= this.ping().catch((err) => {
      this.engineChecked = undefined;
      throw err;
    });
    await this.engineChecked;
    await this.requireImage(spec.image);
    const limits = resolveLimits(spec.limits);
    const id = `crucible-${spec.attemptId ?? 'sbx'}-${randomBytes(4).toString('hex')}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
    const labels = ownerLabels({ kind: 'sandbox', runId: spec.runId, attemptId: spec.attemptId });
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer(containerOptions(spec.image, id, limits, labels));
    } catch (err) {
      throw new HarnessError('CREATE_FAILED', `could not create sandbox from ${spec.image}: ${(err as Error).message}`, { cause: err });
    }
    let sandbox: DockerSandbox | undefined;
    const remove = async () => {
      if (sandbox) return sandbox.close();
      await container.remove({ force: true, v: true }).catch(() => {});
    };
    const untrack = trackForCleanup(remove);
    try {
      const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
      const client = new DaemonClient(stream, id);
      await container.start();
      await withTimeout(client.ready, READY_TIMEOUT_MS, () => new HarnessError('SANDBOX_UNRESPONSIVE', `sandbox ${id} did not start its supervisor within ${READY_TIMEOUT_MS} ms`));
      sandbox = new DockerSandbox(id, container, client, spec.repo?.commit, untrack);
      if (spec.repo) {
        await sandbox.copyIn(spec.repo.tar, '.');
        await sandbox.copyInPrivate(spec.repo.tar, PRISTINE);
      }
      return sandbox;
    } catch (err) {
      await remove();
      untrack();
      if (err instanceof HarnessError) throw err;
      throw new HarnessError('CREATE_FAILED', `could not start sandbox ${id}: ${(err as Error).message}`, { cause: err });
    }
  }

  private async requireImage(image: string): Promise<void> {
    try {
      await this.docker.getImage(image).inspect();
    } catch (err) {
      if (statusOf(err) === 404) {
        throw new HarnessError('IMAGE_MISSING', `image ${image} is not on the engine; build it with \`crucible image build\``, { cause: err });
      }
      throw new HarnessError('ENGINE_UNREACHABLE', `could not inspect image ${image}: ${(err as Error).message}`, { cause: err });
    }
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(onTimeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
