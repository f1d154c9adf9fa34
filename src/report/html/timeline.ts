import type { Trajectory } from '../../trajectory/reader.js';
import type { MessageEvent, PlanEvent, ToolCallEvent, ToolResultEvent } from '../../trajectory/schema.js';
import { html, type SafeHtml } from './escape.js';

/** Characters of a tool output or message shown on the page; the rest is summarised by its length. */
export const MAX_SHOWN = 20_000;

function clipped(text: string): SafeHtml {
  if (text.length <= MAX_SHOWN) return html`<pre>${text}</pre>`;
  return html`<pre>${text.slice(0, MAX_SHOWN)}</pre><p class="muted">… ${text.length - MAX_SHOWN} more character(s) not shown.</p>`;
}

function args(call: ToolCallEvent): string {
  if (call.parsed && call.args !== undefined) return JSON.stringify(call.args, null, 2);
  return call.rawArgs;
}

function result(r: ToolResultEvent): SafeHtml {
  const kind = r.kind === 'ok' ? html`<span class="badge ok">ok</span>` : html`<span class="badge error">${r.kind}</span>`;
  const error = r.error ? html` <span class="tool-error"><b>${r.error.type}</b>: ${r.error.message}</span>` : '';
  const fault = r.fault ? html`<div class="injected-fault"><span class="badge fault">injected fault</span> <b>${r.fault.class}</b>: ${r.fault.effect}</div>` : '';
  const files = r.filesChanged.length > 0 ? html`<div class="files">files: ${r.filesChanged.map((f) => html`<code>${f.op === 'added' ? '+' : f.op === 'deleted' ? '−' : '~'}${f.path}</code> `)}</div>` : '';
  return html`<div class="tool-result">${kind}${r.exitCode !== undefined ? html` exit ${r.exitCode}` : ''} <span class="muted">${Math.round(r.durationMs)} ms${r.truncated ? ', output truncated for the agent' : ''}</span>${error}${fault}${files}${r.output ? clipped(r.output) : ''}</div>`;
}

function step(call: ToolCallEvent, r: ToolResultEvent | undefined): SafeHtml {
  const classes = ['step', 'tool-call', r && r.kind !== 'ok' ? 'has-error' : '', r?.fault ? 'has-fault' : ''].filter(Boolean).join(' ');
  const validity = !call.parsed ? html` <span class="badge error">unparseable arguments</span>` : !call.schemaValid ? html` <span class="badge error">invalid arguments</span>` : '';
  return html`<div class="${classes}" id="step-${call.step}"><h4>#${call.step} <code class="tool-name">${call.tool}</code>${validity}</h4><details${args(call).length < 400 ? ' open' : ''}><summary class="muted">arguments</summary><pre>${args(call)}</pre></details>${r ? result(r) : html`<p class="muted">No result recorded.</p>`}</div>`;
}

function message(m: MessageEvent): SafeHtml {
  const usage = m.tokens ? html` <span class="muted">${m.tokens.prompt}+${m.tokens.completion} tokens${m.costUsd !== undefined ? `, $${m.costUsd.toFixed(4)}` : ''}${m.latencyMs !== undefined ? `, ${Math.round(m.latencyMs)} ms` : ''}</span>` : '';
  return html`<div class="message ${m.role}"><span class="role">${m.role}</span>${usage}${clipped(m.text)}</div>`;
}

function plan(p: PlanEvent): SafeHtml {
  const mark = { done: '[x]', in_progress: '[>]', dropped: '[−]', pending: '[ ]' } as const;
  return html`<div class="plan"><span class="muted">plan at step ${p.step}:</span><ul>${p.steps.map((s) => html`<li><code>${mark[s.status]}</code> ${s.text}</li>`)}</ul></div>`;
}

/**
 * Every event of a trajectory in order: messages, plans, and each tool call with its result
 * (status, error, exit code, injected fault, files changed, output), anchored `#step-N` so
 * score evidence can link to it. A result without its call is shown on its own.
 */
export function renderTimeline(t: Trajectory): SafeHtml {
  const results = new Map<string, ToolResultEvent>();
  const called = new Set<string>();
  for (const e of t.events) {
    if (e.type === 'tool_result') results.set(e.callId, e);
    if (e.type === 'tool_call') called.add(e.callId);
  }
  const items = t.events.map((e) => {
    switch (e.type) {
      case 'message':
        return message(e);
      case 'tool_call':
        return step(e, results.get(e.callId));
      case 'tool_result':
        return called.has(e.callId) ? '' : html`<div class="step" id="step-${e.step}"><h4>#${e.step} <code>${e.tool}</code> (result without a recorded call)</h4>${result(e)}</div>`;
      case 'plan':
        return plan(e);
      default:
        return '';
    }
  });
  return html`<section id="timeline"><h2>Trajectory</h2>${items}</section>`;
}
