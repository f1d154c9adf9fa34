import type { CallRecord } from '../trajectory-helpers.js';
import { describeCall, normalizePath } from '../trajectory-helpers.js';
import { isArtefact } from './activity.js';

/**
 * Loops and edit oscillation (scoring.md §4), after the OpenHands stuck detector. An
 * action/observation pair is a call (tool + normalised arguments) with its result (kind + hash of
 * the full output); consecutive = consecutive calls.
 */

/** `repeat`: ≥ 4 identical pairs in a row; `failing`: ≥ 3 identical failing actions in a row; `alternation`: A,B,A,B,A,B. */
export type LoopRule = 'repeat' | 'failing' | 'alternation';

/** One loop, reported once over its maximal step range. */
export interface Loop {
  rule: LoopRule;
  from: number;
  to: number;
  /** Calls in the run (`repeat`, `failing`) or rounds of the alternation. */
  count: number;
  /** The repeated call(s), for rationales. */
  what: string;
}

/** Identity of an action/observation pair: tool + normalised arguments + result kind + output hash. */
export function pairKey(rec: CallRecord): string {
  return `${rec.key}\u0000${rec.result?.kind ?? 'none'}\u0000${rec.result?.outputHash ?? ''}`;
}

/**
 * A failing action the agent caused: a tool error or timeout, or a command that exited non-zero.
 * Harness errors are the environment's; results carrying an injected fault are left to
 * error_recovery (scoring.md §3 allows up to 3 tries against a fault).
 */
export function isFailing(rec: CallRecord): boolean {
  const r = rec.result;
  if (!r || r.fault || r.kind === 'harness_error') return false;
  return r.kind !== 'ok' || (r.exitCode !== undefined && r.exitCode !== 0);
}

/** Maximal runs of consecutive eligible calls with equal keys, at least `min` long. */
function runs(calls: readonly CallRecord[], key: (rec: CallRecord) => string, eligible: (rec: CallRecord) => boolean, min: number): CallRecord[][] {
  const out: CallRecord[][] = [];
  let run: CallRecord[] = [];
  const flush = () => {
    if (run.length >= min) out.push(run);
    run = [];
  };
  for (const rec of calls) {
    if (!eligible(rec)) {
      flush();
      continue;
    }
    if (run.length && key(run[0]!) !== key(rec)) flush();
    run.push(rec);
  }
  flush();
  return out;
}

/** Rule 1: the same action with the same observation ≥ 4 times in a row. */
export function findRepeats(calls: readonly CallRecord[]): Loop[] {
  return runs(calls, pairKey, () => true, 4).map((r) => ({ rule: 'repeat', from: r[0]!.step, to: r[r.length - 1]!.step, count: r.length, what: describeCall(r[0]!) }));
}

/** Rule 2: the same action failing ≥ 3 times in a row (outputs may differ). */
export function findFailingRepeats(calls: readonly CallRecord[]): Loop[] {
  return runs(calls, (c) => c.key, isFailing, 3).map((r) => ({ rule: 'failing', from: r[0]!.step, to: r[r.length - 1]!.step, count: r.length, what: describeCall(r[0]!) }));
}

/** Rule 3: two different pairs alternating A,B,A,B,A,B (≥ 6 calls, 3 rounds). */
export function findAlternations(calls: readonly CallRecord[]): Loop[] {
  const k = calls.map(pairKey);
  const out: Loop[] = [];
  let i = 0;
  while (i + 5 < k.length) {
    if (k[i] === k[i + 1]) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j + 1 < k.length && k[j + 1] === k[j - 1]) j++;
    if (j - i + 1 >= 6) {
      out.push({ rule: 'alternation', from: calls[i]!.step, to: calls[j]!.step, count: Math.floor((j - i + 1) / 2), what: `${describeCall(calls[i]!)} / ${describeCall(calls[i + 1]!)}` });
      i = j + 1;
    } else i++;
  }
  return out;
}

/** Every loop, by start step; a loop inside another's step range is reported only once (as the wider one). */
export function detectLoops(calls: readonly CallRecord[]): Loop[] {
  const all = [...findRepeats(calls), ...findFailingRepeats(calls), ...findAlternations(calls)];
  all.sort((a, b) => a.from - b.from || b.to - a.to);
  const kept: Loop[] = [];
  for (const loop of all) if (!kept.some((k) => k.from <= loop.from && loop.to <= k.to)) kept.push(loop);
  return kept;
}

/** A loop in words: `loop at steps 14–17 (read_file src/a.ts ×4)`. */
export function describeLoop(loop: Loop): string {
  const range = `steps ${loop.from}–${loop.to}`;
  if (loop.rule === 'repeat') return `loop at ${range} (${loop.what} ×${loop.count}, same output)`;
  if (loop.rule === 'failing') return `${loop.count} identical failing calls at ${range} (${loop.what})`;
  return `alternation at ${range} (${loop.what} ×${loop.count})`;
}

/** A file that went back to an earlier content: A → B → A. */
export interface Oscillation {
  path: string;
  /** The step that first moved the file away from the content it returned to. */
  leftAt: number;
  /** The step that brought it back. */
  backAt: number;
}

/**
 * Edit oscillation: a file's content hash returns to a hash it had before (A → B → A, or A → B → C
 * → A), from the before/after hashes of `filesChanged`. Whole-file hashes are all the trajectory
 * records, so a region that goes back while the rest of the file changed is not seen. A file that
 * did not exist, was created and deleted again (a scratch script) is cleanup, not oscillation:
 * "absent" is not a content. By-products (`__pycache__` …) are ignored.
 */
export function detectOscillations(calls: readonly CallRecord[]): Oscillation[] {
  const history = new Map<string, Array<{ hash?: string; step?: number }>>();
  const out: Oscillation[] = [];
  for (const rec of calls) {
    for (const fc of rec.result?.filesChanged ?? []) {
      const path = normalizePath(fc.path);
      if (isArtefact(path)) continue;
      let h = history.get(path);
      if (!h) history.set(path, (h = [{ ...(fc.before !== undefined ? { hash: fc.before } : {}) }]));
      if (fc.after !== undefined) {
        let idx = -1;
        for (let i = h.length - 2; i >= 0; i--) if (h[i]!.hash === fc.after) {
          idx = i;
          break;
        }
        if (idx >= 0) out.push({ path, leftAt: h[idx + 1]!.step!, backAt: rec.step });
      }
      h.push({ ...(fc.after !== undefined ? { hash: fc.after } : {}), step: rec.step });
    }
  }
  return out;
}
