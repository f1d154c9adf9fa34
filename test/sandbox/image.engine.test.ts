import { describe, expect, it } from 'vitest';
import { buildSandboxImage, HASH_LABEL } from '../../src/sandbox/image/sandbox-image.js';
import { loadProfile } from '../../src/sandbox/image/profile.js';
import { checkToolchain } from '../../src/sandbox/image/toolchain.js';
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

describe.skipIf(noEngine)('toolchain check', () => {
  it('confirms the default profile\'s promises and names what a stricter profile would miss', async () => {
    const profile = await loadProfile('default');
    const ok = await checkToolchain(testProvider(), engineImage, profile);
    expect(ok).toMatchObject({ missing: [], problems: [] });
    expect(ok.node).toMatch(/^18\./);
    expect(ok.python).toMatch(/^3\.11\./);
    const strict = { ...profile, toolchain: { node: '20', python: '3.11', commands: ['node', 'cargo'] } };
    const bad = await checkToolchain(testProvider(), engineImage, strict);
    expect(bad.missing).toEqual(['cargo']);
    expect(bad.problems).toEqual(['command `cargo` is not on PATH', `node is ${ok.node}, profile declares 20`]);
  });
});
