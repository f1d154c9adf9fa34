import type { Evidence, Finding, Severity } from '../types.js';

/** One observation of a detector, before grouping into findings. */
export interface Hit {
  /** What rule matched, as a phrase: "reads git objects directly". Hits with the same rule, severity and confirmation are grouped. */
  rule: string;
  severity: Severity;
  confirmed: boolean;
  /** What exactly matched and where: "`git cat-file -p 3f2a` at step 4". */
  what: string;
  evidence: Evidence[];
}

const ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

function evidenceKey(e: Evidence): string {
  return e.kind === 'step' ? `s:${e.step}` : e.kind === 'test' ? `t:${e.id}` : `f:${e.path}:${e.line ?? ''}`;
}

/** Deduplicates evidence (first note wins), steps first in step order, then files. */
export function dedupeEvidence(items: readonly Evidence[]): Evidence[] {
  const seen = new Map<string, Evidence>();
  for (const e of items) if (!seen.has(evidenceKey(e))) seen.set(evidenceKey(e), e);
  return [...seen.values()];
}

/**
 * Groups hits into findings: one per (rule, severity, confirmed), most severe first. The message
 * names the rule and up to four concrete occurrences.
 */
export function toFindings(id: string, hits: readonly Hit[]): Finding[] {
  const groups = new Map<string, Hit[]>();
  for (const h of hits) {
    const key = `${h.severity}|${h.confirmed}|${h.rule}`;
    const list = groups.get(key) ?? [];
    list.push(h);
    groups.set(key, list);
  }
  const findings: Finding[] = [];
  for (const list of groups.values()) {
    const first = list[0]!;
    const whats = [...new Set(list.map((h) => h.what))];
    const shown = whats.slice(0, 4).join('; ') + (whats.length > 4 ? `; and ${whats.length - 4} more` : '');
    findings.push({
      id,
      severity: first.severity,
      confirmed: first.confirmed,
      message: `${first.rule}: ${shown}`,
      evidence: dedupeEvidence(list.flatMap((h) => h.evidence)),
    });
  }
  return findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || Number(b.confirmed) - Number(a.confirmed));
}
