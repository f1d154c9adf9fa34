import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { HarnessError } from '../../errors.js';
import { readTree } from '../../sandbox/tree.js';
import type { LoadedTask } from '../loader.js';
import { readTaskFile, repoLocation, requireRepo } from '../repo-source.js';

/** Runs git in `cwd` with a fixed identity and none of the host's configuration. */
async function git(cwd: string, args: string[], input?: string) {
  const r = await execa('git', ['-c', 'core.autocrlf=false', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    input,
    reject: false,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'crucible', GIT_AUTHOR_EMAIL: 'crucible@variant.invalid', GIT_COMMITTER_NAME: 'crucible', GIT_COMMITTER_EMAIL: 'crucible@variant.invalid' },
  });
  return r;
}

async function mustGit(cwd: string, args: string[], what: string, input?: string): Promise<string> {
  const r = await git(cwd, args, input);
  if (r.exitCode !== 0) throw new HarnessError('MATERIALIZE_FAILED', `${what}: ${r.stderr.trim() || `git ${args[0]} exited ${r.exitCode}`}`);
  return r.stdout;
}

/** True when the bytes look like text (UTF-8 without NUL): only those are offered to strategies. */
export function isText(data: Buffer): boolean {
  return !data.includes(0) && Buffer.from(data.toString('utf8'), 'utf8').equals(data);
}

/**
 * The origin task's repository on the host, in a private git repository: commit `pristine` is the
 * repository as `repo:` names it, commit `base` adds the origin's setup patch (what the agent
 * would see). Variants are expressed against it: their whole starting state becomes one setup
 * patch against `pristine`, so the agent sees the changes as part of the repository, with no
 * history revealing them.
 */
export class BaseWorkspace {
  private constructor(
    private readonly tmp: string,
    readonly dir: string,
    /** Text files of the base, by path. */
    readonly files: ReadonlyMap<string, string>,
  ) {}

  /** Exports the origin's repository, applies its setup patch and reads the result. */
  static async open(origin: LoadedTask): Promise<BaseWorkspace> {
    const location = repoLocation(origin);
    await requireRepo(location);
    const tmp = await mkdtemp(path.join(tmpdir(), 'crucible-variant-'));
    const dir = path.join(tmp, 'repo');
    try {
      if (location.kind === 'folder') {
        await cp(location.dir, dir, { recursive: true, filter: (src) => path.basename(src) !== '.git' });
      } else {
        await mkdir(dir, { recursive: true });
        const r = await execa('sh', ['-c', 'git -C "$1" archive --format=tar "$2" | tar -x -C "$3"', 'sh', location.gitDir, location.commit, dir], { reject: false });
        if (r.exitCode !== 0) throw new HarnessError('ENV_MISSING', `cannot export ${location.gitDir}@${location.commit}: ${r.stderr.trim()}`);
      }
      await mustGit(dir, ['init', '-q'], 'git init');
      await mustGit(dir, ['add', '-A'], 'git add');
      await mustGit(dir, ['commit', '-q', '--no-verify', '--allow-empty', '-m', 'pristine'], 'git commit');
      await mustGit(dir, ['tag', 'pristine'], 'git tag');
      const setup = origin.definition.setup.patch;
      if (setup) await mustGit(dir, ['apply', '--whitespace=nowarn', '-'], `the setup patch of ${origin.definition.id} does not apply`, await readTaskFile(origin, setup));
      await mustGit(dir, ['add', '-A'], 'git add');
      await mustGit(dir, ['commit', '-q', '--no-verify', '--allow-empty', '-m', 'base'], 'git commit');
      await mustGit(dir, ['tag', 'base'], 'git tag');
      const tree = await readTree(dir, (rel) => rel === '.git');
      const files = new Map(tree.filter((e) => e.type === 'file' && isText(e.data)).map((e) => [e.path, e.data.toString('utf8')]));
      return new BaseWorkspace(tmp, dir, files);
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  /**
   * Applies `changes` to the base and returns two patches: `setup`, the whole starting state
   * against the pristine repository (the variant's setup patch; empty when nothing differs), and
   * `against(paths)`, the changes of those paths against the origin's base. The base is restored
   * afterwards, so one workspace serves several variants.
   */
  async patches(changes: ReadonlyMap<string, string | null>, only: readonly string[] = []): Promise<{ setup: string; againstBase: string }> {
    try {
      for (const [rel, text] of changes) {
        const abs = path.join(this.dir, rel);
        if (text === null) await rm(abs, { force: true });
        else {
          await mkdir(path.dirname(abs), { recursive: true });
          await writeFile(abs, text);
        }
      }
      await mustGit(this.dir, ['add', '-A'], 'git add');
      const setup = await mustGit(this.dir, ['diff', '--cached', '--binary', '--full-index', 'pristine'], 'git diff');
      const againstBase = only.length ? await mustGit(this.dir, ['diff', '--cached', 'base', '--', ...only], 'git diff') : '';
      return { setup: withNewline(setup), againstBase: withNewline(againstBase) };
    } finally {
      await mustGit(this.dir, ['reset', '-q', '--hard', 'base'], 'git reset');
      await mustGit(this.dir, ['clean', '-q', '-fdx'], 'git clean');
    }
  }

  /** Removes the temporary repository. */
  async close(): Promise<void> {
    await rm(this.tmp, { recursive: true, force: true });
  }
}

function withNewline(patch: string): string {
  return patch === '' || patch.endsWith('\n') ? patch : `${patch}\n`;
}
