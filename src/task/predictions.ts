import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** One SWE-bench prediction. */
export const PredictionSchema = z.object({
  instance_id: z.string().min(1),
  model_name_or_path: z.string().default('unknown'),
  model_patch: z.string(),
});
export type Prediction = z.infer<typeof PredictionSchema>;

/**
 * Reads SWE-bench predictions JSONL. A bad line becomes a problem naming its line number and
 * field; the other lines are still read.
 */
export async function readPredictions(file: string): Promise<{ predictions: Prediction[]; problems: string[] }> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const predictions: Prediction[] = [];
  const problems: string[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      problems.push(`${file}:${i + 1}: not JSON (${(err as Error).message})`);
      return;
    }
    const parsed = PredictionSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push(`${file}:${i + 1}: field \`${issue.path.join('.') || '(line)'}\`: ${issue.message}`);
      return;
    }
    predictions.push(parsed.data);
  });
  return { predictions, problems };
}
