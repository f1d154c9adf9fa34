import { describe, expect, it } from 'vitest';
import { buildSandboxImage, HASH_LABEL } from '../../src/sandbox/image/sandbox-image.js';
import { engineImage, noEngine, testProvider } from '../helpers/engine.js';

describe.skipIf(noEngine)('default sandbox image', () => {
  it('is not rebuilt when its definition and base are unchanged', async () => {
    const provider = testProvider();
    const started = Date.now();
    const again = await buildSandboxImage(provider.docker, 'default');
    expect(again.built).toBe(false);
    expect(Date.now() - started).toBeLessThan(15_000);
    const info = await provider.docker.getImage(engineImage).inspect();
    expect(info.Config.Labels[HASH_LABEL]).toBe(again.hash);
    expect(info.Id).toBe(again.id);
  });

  it('holds the toolchain its profile declares, an agent user and /workspace', async () => {
    const sandbox = await testProvider().create({ image: engineImage });
    try {
      const r = await sandbox.exec('node --version; python3 --version; python3 -m pytest --version; git --version; tsx --version; tsc --version; id agent; pwd');
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/^v18\.\d+\.\d+\nPython 3\.11\.\d+\npytest 7\.\d+\.\d+\ngit version 2\.\d+\.\d+\ntsx v4\.\d+\.\d+\nnode v18\.\d+\.\d+\nVersion 5\.\d+\.\d+\nuid=1000\(agent\) gid=1000\(agent\) groups=1000\(agent\)\n\/workspace\n$/);
    } finally {
      await sandbox.close();
    }
  });
});
