import { createServer } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerProvider } from '../../src/sandbox/docker/docker-provider.js';
import { engineAddress, engineClient } from '../../src/sandbox/docker/engine.js';

describe('engine unreachable', () => {
  it('gives ENGINE_UNREACHABLE within 5 s for a socket with nothing listening', async () => {
    const socketPath = path.join(await mkdtemp(path.join(tmpdir(), 'crucible-sock-')), 'docker.sock');
    const provider = new DockerProvider({ socketPath });
    const started = Date.now();
    const err = await provider.create({ image: 'crucible/sandbox-default:latest' }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err).toMatchObject({ name: 'HarnessError', code: 'ENGINE_UNREACHABLE' });
    expect((err as Error).message).toContain(socketPath);
    expect((err as Error).message.split('\n')).toHaveLength(1);
  });

  it('gives ENGINE_UNREACHABLE within 5 s for a socket that accepts but never answers', async () => {
    const socketPath = path.join(await mkdtemp(path.join(tmpdir(), 'crucible-sock-')), 'silent.sock');
    const server = createServer(() => {}).listen(socketPath);
    try {
      const started = Date.now();
      const err = await new DockerProvider({ socketPath }).ping(2_000).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(err).toMatchObject({ code: 'ENGINE_UNREACHABLE' });
    } finally {
      server.close();
    }
  });
});

describe('engine address in messages', () => {
  it('names the socket or host, never the client library\'s internals', () => {
    const saved = process.env.DOCKER_HOST;
    delete process.env.DOCKER_HOST;
    try {
      expect(engineAddress(engineClient())).toBe('/var/run/docker.sock');
      expect(engineAddress(engineClient({ socketPath: '/tmp/x.sock' }))).toBe('/tmp/x.sock');
      process.env.DOCKER_HOST = 'tcp://10.1.2.3:2375';
      expect(engineAddress(engineClient())).toBe('http://10.1.2.3:2375');
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});
