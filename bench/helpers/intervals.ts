/** A span of wall time in milliseconds (performance.now() clock), with what was happening. */
export interface Interval {
  kind: string;
  start: number;
  end: number;
  /** The matrix attempt the span belongs to, when known. */
  attempt?: string;
}

/**
 * Total length of the union of `intervals`: overlapping spans (two sandboxes running commands
 * at once at concurrency 2) count once, so the sum can never exceed the wall time.
 */
export function unionMs(intervals: ReadonlyArray<{ start: number; end: number }>): number {
  const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = Number.NEGATIVE_INFINITY;
  let curEnd = Number.NEGATIVE_INFINITY;
  for (const i of sorted) {
    if (i.start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = i.start;
      curEnd = i.end;
    } else if (i.end > curEnd) {
      curEnd = i.end;
    }
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/**
 * Splits the window [from, to] into elementary segments at every interval boundary and gives
 * each segment to one category: the first kind of `priority` active during it, else whatever
 * `gap(midpoint)` says. The categories therefore partition the wall time exactly, even when
 * spans nest (a file read inside a copy) or overlap (two attempts at once).
 */
export function partition(intervals: readonly Interval[], from: number, to: number, priority: readonly string[], gap: (t: number) => string): Map<string, number> {
  const clipped = intervals.map((i) => ({ ...i, start: Math.max(i.start, from), end: Math.min(i.end, to) })).filter((i) => i.end > i.start);
  const points = [...new Set([from, to, ...clipped.flatMap((i) => [i.start, i.end])])].sort((a, b) => a - b);
  const rank = new Map(priority.map((k, i) => [k, i]));
  // Sweep with a count of active spans per kind: O((n + points) log n) instead of a scan per segment.
  const opens = [...clipped].sort((a, b) => a.start - b.start);
  const closes = [...clipped].sort((a, b) => a.end - b.end);
  const active = new Map<string, number>();
  const out = new Map<string, number>();
  let o = 0;
  let c = 0;
  for (let p = 0; p < points.length - 1; p++) {
    const t0 = points[p]!;
    const t1 = points[p + 1]!;
    while (c < closes.length && closes[c]!.end <= t0) {
      const k = closes[c++]!.kind;
      active.set(k, (active.get(k) ?? 0) - 1);
    }
    while (o < opens.length && opens[o]!.start <= t0) {
      const k = opens[o++]!.kind;
      active.set(k, (active.get(k) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const [k, n] of active) if (n > 0 && rank.has(k) && (best === undefined || rank.get(k)! < rank.get(best)!)) best = k;
    const category = best ?? gap((t0 + t1) / 2);
    out.set(category, (out.get(category) ?? 0) + (t1 - t0));
  }
  return out;
}

/**
 * Length of the time `keep` covers and `minus` does not: union(keep ∪ minus) − union(minus).
 * The run benchmark's command time: command intervals minus whatever harness execs cover.
 */
export function unionExceptMs(keep: ReadonlyArray<{ start: number; end: number }>, minus: ReadonlyArray<{ start: number; end: number }>): number {
  return unionMs([...keep, ...minus]) - unionMs(minus);
}
