import type { Finding, Score } from '../score/types.js';
import type { ReviewRecord } from '../store/reviews.js';
import type { AttemptRecord } from '../store/types.js';
import { reviewKey } from './keys.js';
import type { AttemptMaterial, RawEvent } from './material.js';
import { referenceTargets, type ReferenceTargets } from './rationale.js';
import { identityTokens, redact } from './redaction.js';

/** Who ran the attempt: shown only when the reviewer reveals it. */
export interface AgentIdentity {
  attemptId: string;
  runId: string;
  agentSpec: string;
  agentName?: string;
  agentVersion?: string;
  model?: string;
  promptVariant?: string;
  agentConfig: Record<string, unknown>;
  labels: Record<string, string>;
}

/** One grade verdict of a hidden test. */
export interface TestVerdictView {
  id: string;
  list: string;
  status: string;
  ok: boolean;
}

/** What the review page shows of an attempt. */
export interface AttemptView {
  /** The opaque key of the attempt (never its id, which names the agent). */
  key: string;
  blind: boolean;
  task: { id: string; kind: string; contentHash: string };
  /** The first user message: the task as the agent was given it. */
  prompt?: string;
  exitStatus?: string;
  resolved?: boolean;
  events: RawEvent[];
  diff: string;
  grade: { rationale?: string; verdicts: TestVerdictView[] };
  scores: Score[];
  findings: Finding[];
  /** What a rationale can cite. */
  targets: ReferenceTargets;
  /** Why the attempt is in the queue. */
  reasons: string[];
  /** The reviewer's own verdicts in effect (latest per item). */
  reviews: ReviewView[];
  identity?: AgentIdentity;
}

/** A stored review as the page sees it: the attempt by its key, never its id. */
export type ReviewView = Omit<ReviewRecord, 'attemptId'> & { key: string };

/** A review without its attempt id (which names the agent), with the attempt's key instead. */
export function reviewView(record: ReviewRecord): ReviewView {
  const { attemptId, ...rest } = record;
  return { ...rest, key: reviewKey(attemptId) };
}

// Redaction lives in its own module; re-exported here, where the blind view is built.
export { REDACTED, identityTokens, redact } from './redaction.js';

const HEADER_KEEP = ['type', 'version', 'task', 'seed', 'limits', 'faults', 'startedAt', 'crucibleVersion'];
const USAGE_KEYS = new Set(['tokens', 'costUsd', 'latencyMs']);

/** A trajectory event without identity: the header keeps only the task, limits and faults; messages lose token usage, cost and latency (they fingerprint a model). */
function blindEvent(event: RawEvent): RawEvent {
  if (event.type === 'header') return Object.fromEntries(Object.entries(event).filter(([k]) => HEADER_KEEP.includes(k)));
  if (event.type === 'message') return Object.fromEntries(Object.entries(event).filter(([k]) => !USAGE_KEYS.has(k)));
  return event;
}

function gradeView(grade: unknown): AttemptView['grade'] {
  const g = grade as { rationale?: unknown; evaluation?: { verdicts?: Array<Record<string, unknown>> } } | undefined;
  const verdicts = (g?.evaluation?.verdicts ?? []).map((v) => ({ id: String(v.id), list: String(v.list), status: String(v.status), ok: v.ok === true }));
  return { ...(typeof g?.rationale === 'string' ? { rationale: g.rationale } : {}), verdicts };
}

/**
 * The review page's view of an attempt. Blind (the default): no agent spec, name, version,
 * model, prompt variant, configuration, labels, attempt or run id; the trajectory header reduced
 * to the task, limits and faults; token usage, cost and latency removed; every remaining text
 * (messages, tool output, diff, rationales, findings, and the paths and test ids a rationale can
 * cite) with identity tokens replaced by `[agent]`. Findings are in their detector state (see
 * `loadMaterial`), so no reviewer's verdict shows. Unblind: everything as stored, plus
 * {@link AgentIdentity}.
 */
export function attemptView(material: AttemptMaterial, options: { blind: boolean; reasons: string[]; reviews: ReviewRecord[] }): AttemptView {
  const a = material.attempt;
  const prompt = material.events.find((e) => e.type === 'message' && e.role === 'user' && typeof e.text === 'string')?.text as string | undefined;
  const view: AttemptView = {
    key: reviewKey(a.id),
    blind: options.blind,
    task: { id: a.taskId, kind: a.taskKind, contentHash: a.taskContentHash },
    ...(prompt !== undefined ? { prompt } : {}),
    ...(a.exitStatus !== undefined ? { exitStatus: a.exitStatus } : {}),
    ...(a.resolved !== undefined ? { resolved: a.resolved } : {}),
    events: options.blind ? material.events.map(blindEvent) : material.events,
    diff: material.diff,
    grade: gradeView(material.grade),
    scores: a.scores,
    findings: a.findings,
    targets: referenceTargets(material),
    reasons: options.reasons,
    reviews: options.reviews.map(reviewView),
  };
  if (!options.blind) {
    return {
      ...view,
      identity: { attemptId: a.id, runId: a.runId, agentSpec: a.agentSpec, agentConfig: a.agentConfig, labels: a.labels, ...pick(a) },
    };
  }
  // `targets` hold every path of the diff and of the evidence, so they are redacted with the rest.
  const { task, key, ...rest } = view;
  return { task, key, ...redact(rest, identityTokens(a)) };
}

function pick(a: AttemptRecord): Partial<AgentIdentity> {
  return {
    ...(a.agentName !== undefined ? { agentName: a.agentName } : {}),
    ...(a.agentVersion !== undefined ? { agentVersion: a.agentVersion } : {}),
    ...(a.model !== undefined ? { model: a.model } : {}),
    ...(a.promptVariant !== undefined ? { promptVariant: a.promptVariant } : {}),
  };
}
