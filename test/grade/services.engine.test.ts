import { describe, expect, it } from 'vitest';
import { startServices } from '../../src/grade/services.js';
import type { DockerSandbox } from '../../src/sandbox/docker/docker-sandbox.js';
import { engineImage, noEngine, testProvider } from '../helpers/engine.js';

describe.skipIf(noEngine)('task services', () => {
  it('serve the agent on loopback while their files and processes stay out of its reach', async () => {
    const sandbox = (await testProvider().create({ image: engineImage })) as DockerSandbox;
    try {
      await startServices(sandbox, process.cwd(), [
        { name: 'ledger-api', files: 'repos/ledger-api-mock', command: 'node server.mjs --port 8080 --api-key secret-key-1', env: {}, ready: { tcp: 8080, timeout_sec: 20 } },
      ]);
      const call = await sandbox.exec('curl -s -o /dev/null -w "%{http_code}" -H "Authorization: Bearer secret-key-1" http://127.0.0.1:8080/v1/accounts');
      expect(call.stdout).toBe('200');
      const attack = await sandbox.exec(
        [
          'cat /run/crucible/services/ledger-api/server.mjs >/dev/null 2>&1 || echo READ-REFUSED',
          'ls /run/crucible >/dev/null 2>&1 || echo LIST-REFUSED',
          'echo x > /run/crucible/services/ledger-api/server.mjs 2>/dev/null || echo WRITE-REFUSED',
          'pid=$(pgrep -u service -f server.mjs | head -1); kill -9 $pid 2>/dev/null || echo KILL-REFUSED',
        ].join('; '),
      );
      expect(attack.stdout.trim().split('\n')).toEqual(['READ-REFUSED', 'LIST-REFUSED', 'WRITE-REFUSED', 'KILL-REFUSED']);
      await sandbox.killAgentProcesses();
      const again = await sandbox.exec('curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1:8080/v1/accounts');
      expect(again.stdout).toBe('401');
    } finally {
      await sandbox.close();
    }
  });

  it('fail as the harness\'s problem, with the service\'s own last words, when a service never listens', async () => {
    const sandbox = (await testProvider().create({ image: engineImage })) as DockerSandbox;
    try {
      const err = await startServices(sandbox, process.cwd(), [
        { name: 'broken', files: 'repos/ledger-api-mock', command: 'node server.mjs --port 8080', env: {}, ready: { tcp: 8080, timeout_sec: 2 } },
      ]).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'HarnessError', code: 'ENV_MISSING' });
      expect((err as Error).message).toMatch(/^service broken is not listening on 127.0.0.1:8080 after 2 s: .*api-key/);
    } finally {
      await sandbox.close();
    }
  });
});
