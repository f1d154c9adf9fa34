// Regenerates docs/schema/task.schema.json from the zod schema (a test fails when it is stale).
import { writeFileSync } from 'node:fs';
import { taskJsonSchema } from '../src/task/json-schema.js';

writeFileSync('docs/schema/task.schema.json', `${JSON.stringify(taskJsonSchema(), null, 2)}\n`);
