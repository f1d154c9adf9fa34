import { createHash } from 'node:crypto';
import { access, copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { HarnessError } from '../../errors.js';
import { packageRoot } from '../../paths.js';

/**
 * Installs a profile's npm tools on the host (`npm ci` from its lock file) into a cache folder
 * keyed by the lock file's hash, and returns the folder holding `node_modules`. Image builds
 * copy it in, so nothing downloads while an image builds. Reuses a finished install.
 */
export async function installNpmTools(npmDir: string, log: (line: string) => void = () => {}): Promise<string> {
  const lock = await readFile(path.join(npmDir, 'package-lock.json')).catch(() => {
    throw new HarnessError('CONFIG_INVALID', `${npmDir}/package-lock.json is missing (run npm install --package-lock-only there)`);
  });
  const key = createHash('sha256').update(lock).digest('hex').slice(0, 16);
  const target = path.join(packageRoot(), '.crucible', 'cache', 'npm', key);
  const done = path.join(target, 'node_modules', '.crucible-complete');
  if (await access(done).then(() => true, () => false)) return target;
  const staging = `${target}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await copyFile(path.join(npmDir, 'package.json'), path.join(staging, 'package.json'));
  await copyFile(path.join(npmDir, 'package-lock.json'), path.join(staging, 'package-lock.json'));
  log(`npm ci (host) for ${path.relative(packageRoot(), npmDir)}`);
  const r = await execa('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: staging, reject: false, all: true });
  if (r.exitCode !== 0) {
    throw new HarnessError('IMAGE_BUILD_FAILED', `npm ci for ${npmDir} failed: ${String(r.all).trim().split('\n').slice(-3).join(' | ')}`);
  }
  await execa('touch', [path.join(staging, 'node_modules', '.crucible-complete')]);
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
  return target;
}
