import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { taskJsonSchema } from '../../src/task/json-schema.js';
import { readPredictions } from '../../src/task/predictions.js';
import { project } from './helpers.js';
import path from 'node:path';

describe('task JSON Schema', () => {
  it('docs/schema/task.schema.json is current (regenerate: npm run schema)', async () => {
    const committed = JSON.parse(await readFile('docs/schema/task.schema.json', 'utf8'));
    expect(committed).toEqual(taskJsonSchema());
  });

  it('describes the fields editors complete', () => {
    const schema = taskJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['id', 'kind', 'repo', 'setup', 'services', 'limits', 'instructions', 'tests', 'FAIL_TO_PASS', 'PASS_TO_PASS', 'protected', 'canary', 'expect']));
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'title', 'kind', 'repo', 'instructions', 'tests', 'canary']));
  });
});

describe('SWE-bench predictions', () => {
  it('reads good lines and names the line and field of bad ones', async () => {
    const root = await project({
      'p.jsonl': [
        JSON.stringify({ instance_id: 'a__b-1', model_name_or_path: 'm', model_patch: 'diff' }),
        '{not json',
        JSON.stringify({ instance_id: 'a__b-2', model_patch: 7 }),
        '',
        JSON.stringify({ instance_id: 'a__b-3', model_patch: '' }),
      ].join('\n'),
    });
    const file = path.join(root, 'p.jsonl');
    const { predictions, problems } = await readPredictions(file);
    expect(predictions).toEqual([
      { instance_id: 'a__b-1', model_name_or_path: 'm', model_patch: 'diff' },
      { instance_id: 'a__b-3', model_name_or_path: 'unknown', model_patch: '' },
    ]);
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${file}:2: not JSON`)), `${file}:3: field \`model_patch\`: Invalid input: expected string, received number`]);
  });
});
