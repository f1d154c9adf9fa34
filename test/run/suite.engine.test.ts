import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { noEngine, testProvider } from '../helpers/engine.js';
import { matrixCliArgs } from './matrix-helpers.js';

const run = promisify(execFile);

describe.skipIf(noEngine)('crucible suite pin', () => {
  it('pins each task with its content hash and the id of its profile image', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'crucible-suite-'));
    await cp(path.resolve('test/fixtures/grade-project'), root, { recursive: true });
    const out = await run(process.execPath, matrixCliArgs('suite', 'pin', 'mini', '--tasks', 'mini-*'), { cwd: root });
    expect(out.stdout).toBe(`pinned 2 task(s) in ${path.join(root, 'suites', 'mini.yaml')}\n`);
    const image = await testProvider().docker.getImage('crucible/sandbox-default:latest').inspect();
    const doc = parse(await readFile(path.join(root, 'suites', 'mini.yaml'), 'utf8')) as { tasks: Array<{ id: string; content_hash: string; image_id: string }> };
    expect(doc.tasks.map((t) => t.id)).toEqual(['mini-total', 'mini-total-junit']);
    for (const t of doc.tasks) expect(t).toEqual({ id: t.id, content_hash: expect.stringMatching(/^[0-9a-f]{64}$/), image_id: image.Id });
  }, 60_000);
});
