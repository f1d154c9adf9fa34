import type { HeaderEvent, MessageEvent } from '../trajectory/schema.js';

/** What the results database keeps about an attempt's trajectory outside the blob itself. */
export interface TrajectorySummary {
  agentName?: string;
  agentVersion?: string;
  model?: string;
  promptVariant?: string;
  agentConfig?: Record<string, unknown>;
  imageId?: string;
  tokensPrompt: number;
  tokensCompletion: number;
  costUsd: number;
  latencyMs: number;
}

/**
 * Provenance from the header (agent name and version, model, prompt variant, agent
 * configuration, image id) and usage summed over message events (tokens, cost, model latency).
 * Lenient on purpose: a line that is not JSON is skipped, so a trajectory cut short by a crash
 * still yields what it holds; the blob itself is stored unchanged.
 */
export function summarizeTrajectory(jsonl: string): TrajectorySummary {
  const out: TrajectorySummary = { tokensPrompt: 0, tokensCompletion: 0, costUsd: 0, latencyMs: 0 };
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    let event: { type?: unknown };
    try {
      event = JSON.parse(line) as { type?: unknown };
    } catch {
      continue;
    }
    if (event?.type === 'header') {
      const h = event as HeaderEvent;
      out.agentName = h.agent?.name;
      out.agentVersion = h.agent?.version;
      if (h.model) out.model = h.model;
      if (h.promptVariant) out.promptVariant = h.promptVariant;
      if (h.agentConfig) out.agentConfig = h.agentConfig;
      if (h.image?.id) out.imageId = h.image.id;
    } else if (event?.type === 'message') {
      const m = event as MessageEvent;
      out.tokensPrompt += m.tokens?.prompt ?? 0;
      out.tokensCompletion += m.tokens?.completion ?? 0;
      out.costUsd += m.costUsd ?? 0;
      out.latencyMs += m.latencyMs ?? 0;
    }
  }
  return out;
}
