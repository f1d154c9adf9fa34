import { isResolved } from '../metrics.js';
import type { ScoredAttempt } from '../../store/types.js';
import { attemptHref } from './attempt-file.js';
import { html, type SafeHtml } from './escape.js';
import { agentAnchor, agentSpecs, naturalCompare } from './report-input.js';

/** One agent × task cell: every attempt of that agent on that task, across runs and repeats. */
export interface HeatmapCell {
  /** Attempts in store order (run, repeat); the first one is the cell's main link. */
  attempts: ScoredAttempt[];
  finished: number;
  resolved: number;
  harnessErrors: number;
}

/** The agent × task grid: tasks as rows (there are usually more of them), agents as columns. */
export interface Heatmap {
  agents: string[];
  tasks: Array<{ id: string; kind: string }>;
  /** `cells[task][agent]`, undefined where the agent never ran the task. */
  cells: Array<Array<HeatmapCell | undefined>>;
}

/** Groups attempts into the agent × task grid; tasks in natural order of their ids. */
export function buildHeatmap(attempts: readonly ScoredAttempt[]): Heatmap {
  const agents = agentSpecs(attempts);
  const kinds = new Map<string, string>();
  for (const a of attempts) if (!kinds.has(a.taskId)) kinds.set(a.taskId, a.taskKind);
  const tasks = [...kinds.entries()].sort(([x], [y]) => naturalCompare(x, y)).map(([id, kind]) => ({ id, kind }));
  const taskIndex = new Map(tasks.map((t, i) => [t.id, i]));
  const agentIndex = new Map(agents.map((a, i) => [a, i]));
  const cells: Array<Array<HeatmapCell | undefined>> = tasks.map(() => agents.map(() => undefined));
  for (const a of attempts) {
    const row = cells[taskIndex.get(a.taskId)!]!;
    const column = agentIndex.get(a.agentSpec)!;
    const cell = (row[column] ??= { attempts: [], finished: 0, resolved: 0, harnessErrors: 0 });
    cell.attempts.push(a);
    if (a.state === 'finished') {
      cell.finished++;
      if (isResolved(a)) cell.resolved++;
    } else if (a.state === 'harness_error') cell.harnessErrors++;
  }
  return { agents, tasks, cells };
}

/** Background colour of a resolved fraction: red (0) through amber to green (1). */
export function heatColour(fraction: number): string {
  return `hsl(${Math.round(fraction * 120)}, 70%, ${Math.round(82 - fraction * 12)}%)`;
}

/** A one-word state of an attempt for titles and badges. */
export function outcome(a: ScoredAttempt): string {
  if (a.state === 'harness_error') return 'harness error';
  if (a.state !== 'finished') return a.state;
  if (a.cheated || a.findings.some((f) => f.confirmed)) return 'cheated';
  return isResolved(a) ? 'resolved' : 'unresolved';
}

function cellHtml(cell: HeatmapCell | undefined, agent: string, task: string): SafeHtml {
  if (!cell) return html`<td class="cell empty" title="not run">·</td>`;
  const fraction = cell.finished === 0 ? undefined : cell.resolved / cell.finished;
  const style = fraction === undefined ? 'background:#e5e7eb' : `background:${heatColour(fraction)}`;
  const label = cell.finished === 0 ? (cell.harnessErrors > 0 ? 'error' : 'pending') : `${cell.resolved}/${cell.finished}`;
  const title = `${agent} on ${task}: ${cell.resolved} of ${cell.finished} finished attempt(s) resolved${cell.harnessErrors > 0 ? `, ${cell.harnessErrors} harness error(s)` : ''}`;
  const first = cell.attempts[0]!;
  const others =
    cell.attempts.length > 1
      ? html`<span class="repeats">${cell.attempts.map((a, i) => html`<a class="repeat ${outcome(a).replace(' ', '-')}" href="${attemptHref(a.id)}" title="attempt ${i + 1}: ${outcome(a)}">${i + 1}</a>`)}</span>`
      : '';
  return html`<td class="cell" style="${style}" title="${title}"><a class="cell-link" href="${attemptHref(first.id)}">${label}</a>${others}</td>`;
}

/** The heatmap section: resolved fraction per cell as colour and text; each cell links to its attempts' pages. */
export function renderHeatmap(map: Heatmap): SafeHtml {
  const head = map.agents.map((agent, i) => html`<th class="agent-col"><a href="#${agentAnchor(i)}">${agent}</a></th>`);
  const rows = map.tasks.map(
    (task, t) => html`<tr><th class="task" scope="row">${task.id} <span class="muted">${task.kind}</span></th>${map.cells[t]!.map((cell, a) => cellHtml(cell, map.agents[a]!, task.id))}</tr>`,
  );
  return html`<section id="heatmap"><h2>Agent × task</h2>
<p class="note">Each cell: resolved / finished attempts of the agent on the task over every run and repeat (colour from red, none, to green, all). The cell opens its first attempt; the numbers below open each repeat. Grey: only harness errors or unfinished attempts.</p>
<div class="scroll"><table class="heatmap"><thead><tr><th>task</th>${head}</tr></thead><tbody>${rows}</tbody></table></div></section>`;
}
