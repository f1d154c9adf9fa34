/**
 * The report's one style sheet, inlined into every page (no external font or file, so the
 * report reads the same from a CI artifact opened offline). System fonts only.
 */
export const STYLES = `
:root{color-scheme:light;--fg:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#fff;--soft:#f8fafc;--bad:#b91c1c;--good:#047857;--warn:#b45309}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header.top{padding:16px 24px;border-bottom:1px solid var(--line);background:var(--soft)}
header.top h1{margin:0 0 4px;font-size:20px}
nav.toc a{margin-right:12px}
main{padding:8px 24px 48px;max-width:1400px}
section{margin:24px 0}
h2{font-size:17px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}
a{color:#1d4ed8}
table{border-collapse:collapse;margin:4px 0}
th,td{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
thead th{background:var(--soft);position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.muted{color:var(--muted);font-size:12px}
.note{color:var(--muted);max-width:900px}
.bad{color:var(--bad);font-weight:600}
.warn{color:var(--warn);font-weight:600}
.good{color:var(--good);font-weight:600}
.mono,pre,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.scroll{overflow:auto;max-height:80vh}
table.heatmap td.cell{text-align:center;min-width:64px;padding:2px 4px}
table.heatmap td.empty{color:var(--muted)}
table.heatmap a.cell-link{display:block;font-weight:600;color:#111827;text-decoration:none}
table.heatmap th.task{white-space:nowrap;font-weight:500}
.repeats{display:block;line-height:1}
a.repeat{display:inline-block;font-size:10px;min-width:13px;margin:1px;padding:0 2px;border-radius:3px;color:#fff;text-decoration:none;background:#64748b}
a.repeat.resolved{background:var(--good)}a.repeat.unresolved{background:var(--bad)}a.repeat.cheated{background:#7c2d12}
td.outcome.resolved{color:var(--good)}td.outcome.unresolved,td.outcome.cheated{color:var(--bad)}td.outcome.harness-error{color:var(--warn)}
svg text{font-size:11px;fill:#334155}
svg .axis-label{font-size:12px;fill:var(--muted)}
.legend-item{margin-right:12px;white-space:nowrap}
.swatch{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
figure{margin:0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
.badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:12px;background:#e2e8f0}
.badge.ok{background:#d1fae5}.badge.error{background:#fee2e2}.badge.fault{background:#fef3c7;color:#78350f}
.step{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:6px 10px}
.step.has-error{border-color:#fca5a5}.step.has-fault{border-left:4px solid #f59e0b}
.step h4{margin:0 0 4px;font-size:13px}
.message{border-left:3px solid #cbd5e1;margin:6px 0;padding:2px 10px}
.message .role{font-weight:600;color:var(--muted)}
pre{white-space:pre-wrap;word-break:break-word;background:var(--soft);border:1px solid var(--line);padding:6px;margin:4px 0;max-height:480px;overflow:auto}
pre.diff .add{background:#dcfce7;display:block}pre.diff .del{background:#fee2e2;display:block}pre.diff .hunk{color:#6d28d9;display:block}pre.diff .file{font-weight:700;display:block}
.rationale{max-width:720px}
table.scores{width:100%;max-width:1200px}table.scores td.rationale{width:60%}table.scores td.metrics{width:22%;word-break:break-word}
ul.evidence{margin:2px 0;padding-left:18px}
table.robustness{margin-bottom:8px}table.robustness td.agent{max-width:320px;word-break:break-word}
p.empty-note{font-style:italic}
`;
