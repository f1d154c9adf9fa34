import Docker from 'dockerode';
import { HarnessError } from '../../errors.js';

/** How to reach the engine. Without options, `DOCKER_HOST` decides, else the local socket. */
export interface EngineOptions {
  socketPath?: string;
}

/** Engine API version pinned so calls behave the same on the 20.10 engine Debian ships. */
const API_VERSION = 'v1.41';

/** A dockerode client for the configured engine (honours `DOCKER_HOST`). Does not connect yet. */
export function engineClient(options: EngineOptions = {}): Docker {
  return options.socketPath
    ? new Docker({ socketPath: options.socketPath, version: API_VERSION })
    : new Docker({ version: API_VERSION });
}

/** Where the client points, for messages. */
export function engineAddress(docker: Docker): string {
  const modem = docker.modem as unknown as { socketPath?: unknown; host?: string; port?: number; protocol?: string };
  if (typeof modem.socketPath === 'string') return modem.socketPath;
  if (modem.host) return `${modem.protocol ?? 'http'}://${modem.host}${modem.port ? `:${modem.port}` : ''}`;
  // docker-modem resolves the default socket lazily (a function); name what it falls back to.
  return process.env.DOCKER_HOST ?? '/var/run/docker.sock';
}

/**
 * Checks that the engine answers within `timeoutMs`.
 * @throws HarnessError `ENGINE_UNREACHABLE` with a one-line hint otherwise.
 */
export async function ensureEngine(docker: Docker, timeoutMs = 5_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([docker.ping(), timeout]);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new HarnessError(
      'ENGINE_UNREACHABLE',
      `Docker engine at ${engineAddress(docker)} is unreachable (${why}); start it (scripts/ensure-engine.sh) or set DOCKER_HOST`,
      { cause: err },
    );
  } finally {
    clearTimeout(timer);
  }
}
