import { createHash } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { patchedFiles } from './patch-files.js';
import { ReportFormatSchema } from './schema.js';

const idList = z.union([z.array(z.string()), z.string()]).transform((v, ctx) => {
  if (Array.isArray(v)) return v;
  try {
    const parsed = JSON.parse(v) as unknown;
    if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed as string[];
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'expected a JSON-encoded list of test ids' });
  return z.NEVER;
});

/** One SWE-bench instance as published (lists may be JSON-encoded strings or arrays). */
export const SwebenchInstanceSchema = z.object({
  instance_id: z.string().min(1),
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'owner/name'),
  base_commit: z.string().regex(/^[0-9a-f]{7,40}$/, 'a commit id'),
  patch: z.string().min(1),
  test_patch: z.string().min(1),
  FAIL_TO_PASS: idList,
  PASS_TO_PASS: idList,
  problem_statement: z.string().min(1),
  hints_text: z.string().optional(),
  version: z.string().optional(),
  environment_setup_commit: z.string().optional(),
  created_at: z.string().optional(),
  test_cmd: z.string().min(1).optional().describe('extension: the command that runs the tests'),
});
export type SwebenchInstance = z.infer<typeof SwebenchInstanceSchema>;

/** Options of {@link importSwebench}. */
export interface SwebenchImportOptions {
  /** Folder holding local clones, as `<owner>__<name>` or `<name>`. */
  reposDir: string;
  /** Where task folders are written (default `tasks`). */
  outDir: string;
  profile?: string;
  /** Used when an instance has no `test_cmd`; then required. */
  testCmd?: string;
  /** Report format of the test command's output (default `pytest`). */
  format?: z.infer<typeof ReportFormatSchema>;
  /** Import nothing when any line is bad. */
  strict?: boolean;
}

/** What an import did. */
export interface SwebenchImportResult {
  imported: Array<{ instanceId: string; taskId: string; dir: string; cloneFound: boolean }>;
  /** `FILE:LINE: field …` for every line that could not be imported. */
  problems: string[];
}

/** A task id from an instance id: lower case, only the characters task ids allow. */
export function taskIdFor(instanceId: string): string {
  return instanceId.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '');
}

async function findClone(reposDir: string, repo: string): Promise<{ dir: string; found: boolean }> {
  const [owner, name] = repo.split('/') as [string, string];
  for (const candidate of [path.join(reposDir, `${owner}__${name}`), path.join(reposDir, name)]) {
    if (await access(candidate).then(() => true, () => false)) return { dir: candidate, found: true };
  }
  return { dir: path.join(reposDir, `${owner}__${name}`), found: false };
}

/**
 * Imports SWE-bench instances as Crucible tasks: the repository is the local clone at
 * `base_commit` (materialized at sandbox time, never copied, no network), `test_patch` becomes the
 * hidden tests (applied at grading after the files it touches are restored, as SWE-bench does),
 * `patch` the reference. A missing clone does not block the import (it is the environment's
 * problem: grading reports ENV_MISSING). A malformed line is reported with its line number and
 * field; the other lines still import unless `strict`.
 */
export async function importSwebench(file: string, options: SwebenchImportOptions): Promise<SwebenchImportResult> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const problems: string[] = [];
  const ready: Array<{ line: number; instance: SwebenchInstance }> = [];
  lines.forEach((text, i) => {
    if (!text.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      problems.push(`${file}:${i + 1}: not JSON (${(err as Error).message})`);
      return;
    }
    const parsed = SwebenchInstanceSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}:${i + 1}: field \`${issue.path.join('.')}\`: ${issue.message}`);
      return;
    }
    if (!parsed.data.test_cmd && !options.testCmd) {
      problems.push(`${file}:${i + 1}: field \`test_cmd\`: missing, and no --test-cmd given`);
      return;
    }
    ready.push({ line: i + 1, instance: parsed.data });
  });
  if (options.strict && problems.length > 0) return { imported: [], problems };
  const imported: SwebenchImportResult['imported'] = [];
  for (const { instance } of ready) {
    const taskId = taskIdFor(instance.instance_id);
    const dir = path.join(options.outDir, taskId);
    await mkdir(dir, { recursive: true });
    const clone = await findClone(options.reposDir, instance.repo);
    const testFiles = patchedFiles(instance.test_patch).map((f) => f.path);
    const definition = {
      id: taskId,
      title: (instance.problem_statement.trim().split('\n')[0] ?? instance.instance_id).slice(0, 100),
      kind: 'debug',
      repo: { git: path.relative(dir, path.resolve(clone.dir)) || '.', commit: instance.base_commit },
      profile: options.profile ?? 'default',
      instructions: instance.problem_statement,
      tests: {
        visible: { command: instance.test_cmd ?? options.testCmd! },
        hidden: { patch: 'test.patch', into: '.', command: instance.test_cmd ?? options.testCmd!, format: options.format ?? 'pytest' },
      },
      FAIL_TO_PASS: instance.FAIL_TO_PASS,
      PASS_TO_PASS: instance.PASS_TO_PASS,
      protected: testFiles,
      reference: 'reference.patch',
      canary: `crucible-canary:swebench:${createHash('sha256').update(instance.instance_id).digest('hex').slice(0, 16)}`,
      source: {
        kind: 'swebench',
        instance_id: instance.instance_id,
        repo: instance.repo,
        ...(instance.version ? { version: instance.version } : {}),
        ...(instance.created_at ? { created_at: instance.created_at } : {}),
      },
    };
    await writeFile(path.join(dir, 'task.yaml'), `# Imported from SWE-bench instance ${instance.instance_id}\n${stringify(definition, { lineWidth: 0 })}`);
    await writeFile(path.join(dir, 'reference.patch'), instance.patch);
    await writeFile(path.join(dir, 'test.patch'), instance.test_patch);
    imported.push({ instanceId: instance.instance_id, taskId, dir, cloneFound: clone.found });
  }
  return { imported, problems };
}
