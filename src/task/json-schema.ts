import { z } from 'zod';
import { TaskSchema } from './schema.js';

/**
 * The JSON Schema of task.yaml as an author writes it (input side: defaults are optional), for
 * editors' completion and checks. docs/schema/task.schema.json holds this; a test keeps it current.
 */
export function taskJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(TaskSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { $id: 'https://crucible.invalid/schema/task.schema.json', title: 'Crucible task (tasks/<id>/task.yaml)', ...schema };
}
