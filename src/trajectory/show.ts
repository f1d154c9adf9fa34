import type { Trajectory } from './reader.js';
import type { TrajectoryEvent } from './schema.js';

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function describe(e: TrajectoryEvent, width: number): string | undefined {
  switch (e.type) {
    case 'message':
      return `      ${e.role.padEnd(9)} ${clip(e.text, width)}${e.tokens ? `  [${e.tokens.prompt}+${e.tokens.completion} tok${e.costUsd !== undefined ? `, $${e.costUsd.toFixed(4)}` : ''}${e.latencyMs !== undefined ? `, ${Math.round(e.latencyMs)} ms` : ''}]` : ''}`;
    case 'tool_call':
      return `#${String(e.step).padStart(3)} → ${e.tool}(${clip(e.rawArgs, width - e.tool.length)})${e.parsed ? (e.schemaValid ? '' : '  ✗ invalid arguments') : '  ✗ unparseable'}`;
    case 'tool_result': {
      const head = e.kind === 'ok' ? '✓' : `✗ ${e.kind}${e.error ? ` ${e.error.type}: ${clip(e.error.message, 80)}` : ''}`;
      const files = e.filesChanged.length ? `  files: ${e.filesChanged.map((f) => `${f.op === 'added' ? '+' : f.op === 'deleted' ? '-' : '~'}${f.path}`).join(' ')}` : '';
      const fault = e.fault ? `  ⚡ injected ${e.fault.class}: ${e.fault.effect}` : '';
      const exit = e.exitCode !== undefined ? ` exit ${e.exitCode}` : '';
      return `       ${head}${exit} (${Math.round(e.durationMs)} ms)${files}${fault}${e.output && e.kind === 'ok' ? `\n         ${clip(e.output, width)}` : ''}`;
    }
    case 'plan':
      return `      plan: ${e.steps.map((s) => `[${s.status === 'done' ? 'x' : s.status === 'in_progress' ? '>' : s.status === 'dropped' ? '-' : ' '}] ${s.text}`).join('  ')}`;
    default:
      return undefined;
  }
}

/** A trajectory as a person reads it: header, one line per call and result, the end and the diff. */
export function formatTrajectory(t: Trajectory, options: { width?: number; diff?: boolean } = {}): string {
  const width = options.width ?? 100;
  const h = t.header;
  const lines = [
    `attempt ${h.attemptId}: task ${h.task.id} (${h.task.kind}, content ${h.task.contentHash.slice(0, 12)})`,
    `agent ${h.agent.spec} (${h.agent.name} ${h.agent.version})${h.model ? `, model ${h.model}` : ''}${h.promptVariant ? `, prompt ${h.promptVariant}` : ''}, seed ${h.seed}`,
    `limits ${h.limits.steps} steps, ${Math.round(h.limits.wallTimeMs / 1000)} s; image ${h.image.tag} ${h.image.id.slice(7, 19)}; faults ${h.faults.faults.length ? h.faults.faults.map((f) => `${f.class}@${f.tool}${f.at ? `#${f.at}` : ''}`).join(', ') : 'none'}; started ${h.startedAt}`,
    '',
  ];
  for (const e of t.events) {
    const line = describe(e, width);
    if (line) lines.push(line);
  }
  lines.push('');
  if (!t.end) lines.push('(no end event: the attempt did not finish)');
  else {
    const c = t.end.claims;
    lines.push(`end: ${t.end.status} after ${t.end.steps} steps${t.end.killedProcesses ? `, ${t.end.killedProcesses} leftover process(es) killed` : ''}${t.end.error ? ` — ${t.end.error}` : ''}`);
    if (c) lines.push(`claims: ${clip(c.summary, width)}${c.testsPass !== undefined ? ` (tests pass: ${c.testsPass})` : ''}${c.cannotComply ? ` (cannot comply: ${c.reason ?? ''})` : ''}`);
    const files = (t.end.finalDiff.match(/^diff --git a\/\S+/gm) ?? []).map((l) => l.slice(13));
    lines.push(`final diff: ${files.length ? files.join(', ') : 'empty'} (sha256 ${t.end.diffSha256.slice(0, 12)})`);
    if (options.diff && t.end.finalDiff) lines.push('', t.end.finalDiff);
  }
  return `${lines.join('\n')}\n`;
}
