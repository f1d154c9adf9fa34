import { readFile } from 'node:fs/promises';
import { TRAJECTORY_VERSION, TrajectoryEventSchema } from './schema.js';
import type { EndEvent, HeaderEvent, TrajectoryEvent } from './schema.js';

/** A trajectory read back and validated. `end` is absent when the attempt never finished. */
export interface Trajectory {
  header: HeaderEvent;
  events: TrajectoryEvent[];
  end?: EndEvent;
}

/** A trajectory file that does not follow the format; names the line and the field. */
export class TrajectoryFormatError extends Error {
  override readonly name = 'TrajectoryFormatError';
}

/** Parses and validates JSONL text; `file` is only used in messages. */
export function parseTrajectory(text: string, file = '<trajectory>'): Trajectory {
  const events: TrajectoryEvent[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      throw new TrajectoryFormatError(`${file}:${i + 1}: not JSON (${(err as Error).message})`);
    }
    if (i === 0 && (json as { type?: string; version?: number })?.type === 'header' && (json as { version?: number }).version !== TRAJECTORY_VERSION) {
      throw new TrajectoryFormatError(`${file}:1: trajectory version ${(json as { version?: number }).version} is not supported (this Crucible reads version ${TRAJECTORY_VERSION})`);
    }
    const parsed = TrajectoryEventSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new TrajectoryFormatError(`${file}:${i + 1}: field \`${issue.path.join('.') || 'type'}\`: ${issue.message}`);
    }
    events.push(parsed.data);
  });
  const header = events[0];
  if (!header || header.type !== 'header') throw new TrajectoryFormatError(`${file}:1: the first event must be the header`);
  const last = events[events.length - 1];
  return { header, events, ...(last?.type === 'end' ? { end: last } : {}) };
}

/** Reads and validates a trajectory file. */
export async function readTrajectory(file: string): Promise<Trajectory> {
  return parseTrajectory(await readFile(file, 'utf8'), file);
}
