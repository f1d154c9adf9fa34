import { adjudications, latestVerdicts, type ReviewItem, type ReviewRecord } from '../store/reviews.js';

/** What the reviewers concluded about one attempt on one item. */
export interface Consensus {
  attemptId: string;
  item: ReviewItem;
  /**
   * The conclusion: an adjudicated verdict wins; else for integrity the verdict most reviewers
   * gave (undefined on a tie), for ratings the median rating (a half-point for an even tie).
   */
  value: string | number | undefined;
  adjudicated: boolean;
  /** Each reviewer's latest verdict. */
  verdicts: Array<{ reviewer: string; verdict: string }>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function majority(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const winners = [...counts].filter(([, n]) => n === top);
  return winners.length === 1 ? winners[0]![0] : undefined;
}

/** The consensus of every attempt × item that has at least one verdict, by attempt then item. */
export function consensus(reviews: readonly ReviewRecord[]): Consensus[] {
  const adjudicated = adjudications(reviews);
  const groups = new Map<string, ReviewRecord[]>();
  for (const r of latestVerdicts(reviews)) {
    const key = `${r.attemptId}\0${r.item}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const key of adjudicated.keys()) if (!groups.has(key)) groups.set(key, []);
  return [...groups]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([key, list]) => {
      const [attemptId, item] = key.split('\0') as [string, ReviewItem];
      const verdicts = list.map((r) => ({ reviewer: r.reviewer, verdict: r.verdict })).sort((a, b) => (a.reviewer < b.reviewer ? -1 : 1));
      const settled = adjudicated.get(key);
      const value = settled
        ? item === 'integrity' ? settled.verdict : Number(settled.verdict)
        : item === 'integrity' ? majority(verdicts.map((v) => v.verdict)) : median(verdicts.map((v) => Number(v.verdict)));
      return { attemptId, item, value, adjudicated: settled !== undefined, verdicts };
    });
}
