import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TrajectoryEvent } from './schema.js';

/** Replaces every occurrence of each secret (API keys, tokens) with a marker. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}

/**
 * Appends trajectory events to a JSONL file as they happen (a crash loses at most the event in
 * flight) and keeps them in memory for scorers. Every line passes through {@link redact}, so API
 * keys and other secrets never reach the file, whatever field they hide in.
 */
export class TrajectoryWriter {
  private readonly kept: TrajectoryEvent[] = [];

  constructor(
    readonly file: string,
    private readonly secrets: readonly string[] = [],
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
  }

  /** Records one event. */
  write(event: TrajectoryEvent): void {
    const line = redact(JSON.stringify(event), this.secrets);
    appendFileSync(this.file, `${line}\n`);
    this.kept.push(JSON.parse(line) as TrajectoryEvent);
  }

  /** Events written so far (already redacted). */
  get events(): readonly TrajectoryEvent[] {
    return this.kept;
  }
}
