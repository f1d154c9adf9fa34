import { mean } from '../metrics.js';
import { fmt } from '../summary.js';
import { SCORE_NAMES, type ScoreName } from '../../score/types.js';
import type { ScoredAttempt } from '../../store/types.js';
import { html, type SafeHtml } from './escape.js';
import { agentSpecs } from './report-input.js';
import { histogram, seriesColour } from './svg.js';

/** Bins of every score histogram over [0, 1]; a value of exactly 1 falls in the last bin. */
export const BINS = 10;

/** One agent's values of one score over its finished attempts. */
export interface Distribution {
  /** Bin counts, {@link BINS} of them. */
  counts: number[];
  values: number;
  /** Attempts whose score was not applicable (null). */
  notApplicable: number;
  /** NaN without values. */
  mean: number;
}

/** Per score name (in {@link SCORE_NAMES} order, only names some attempt has) and agent. */
export interface Distributions {
  agents: string[];
  scores: Array<{ name: ScoreName; byAgent: Distribution[] }>;
}

/** Bins a value in [0, 1] (values outside are clamped). */
export function binOf(value: number): number {
  return Math.min(BINS - 1, Math.max(0, Math.floor(value * BINS)));
}

/** Score distributions of finished attempts, per score name and agent spec. */
export function buildDistributions(attempts: readonly ScoredAttempt[]): Distributions {
  const agents = agentSpecs(attempts);
  const finished = attempts.filter((a) => a.state === 'finished');
  const present = new Set(finished.flatMap((a) => a.scores.map((s) => s.name)));
  const scores = SCORE_NAMES.filter((name) => present.has(name)).map((name) => ({
    name,
    byAgent: agents.map((agent) => {
      const counts = new Array<number>(BINS).fill(0);
      const values: number[] = [];
      let notApplicable = 0;
      for (const a of finished) {
        if (a.agentSpec !== agent) continue;
        const score = a.scores.find((s) => s.name === name);
        if (!score) continue;
        if (score.value === null) notApplicable++;
        else {
          values.push(score.value);
          counts[binOf(score.value)]!++;
        }
      }
      return { counts, values: values.length, notApplicable, mean: mean(values) };
    }),
  }));
  return { agents, scores };
}

/** The score distributions section: a histogram per score and agent, with mean, count and n/a. */
export function renderDistributions(d: Distributions): SafeHtml {
  const head = d.agents.map((agent) => html`<th>${agent}</th>`);
  const rows = d.scores.map(
    (score) =>
      html`<tr><th scope="row">${score.name}</th>${score.byAgent.map(
        (dist, i) =>
          html`<td class="distribution">${histogram(dist.counts, seriesColour(i))}<div class="muted">mean ${fmt(dist.mean)} · n ${dist.values}${dist.notApplicable > 0 ? ` · ${dist.notApplicable} n/a` : ''}</div></td>`,
      )}</tr>`,
  );
  return html`<section id="distributions"><h2>Score distributions</h2>
<p class="note">Histograms of each score over finished attempts, ten bins from 0 to 1; not-applicable scores (nothing to score) are counted apart and skipped by the mean.</p>
<div class="scroll"><table class="distributions"><thead><tr><th>score</th>${head}</tr></thead><tbody>${rows}</tbody></table></div></section>`;
}
