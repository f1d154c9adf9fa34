/** The review page's stylesheet (inline; no external resources). */
export const PAGE_STYLE = String.raw`
:root { --fg: #1d1f23; --muted: #6a707a; --line: #d9dce1; --bg: #f6f7f9; --accent: #2457c5; --ok: #1f7a3a; --bad: #b3261e; --warn: #8a5a00; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 1rem; align-items: center; padding: .5rem 1rem; background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 2; }
header #who { margin-left: auto; }
#layout { display: grid; grid-template-columns: 15rem minmax(0, 1fr) 24rem; gap: 1rem; padding: 1rem; align-items: start; }
nav, main, aside { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .75rem; }
aside { position: sticky; top: 3.5rem; max-height: calc(100vh - 4.5rem); overflow: auto; }
h2 { font-size: 1rem; margin: 0 0 .5rem; } h3 { font-size: .95rem; margin: .25rem 0; }
#queue-list { list-style: none; margin: 0; padding: 0; }
#queue-list li { padding: .35rem .4rem; border-radius: 4px; cursor: pointer; border-left: 3px solid transparent; }
#queue-list li.current { background: #e8eefc; border-left-color: var(--accent); }
#queue-list li .reasons { display: block; color: var(--muted); font-size: .8rem; }
.done { color: var(--ok); }
.muted { color: var(--muted); }
pre { background: #f3f4f6; padding: .5rem; overflow: auto; max-height: 24rem; white-space: pre-wrap; word-break: break-word; margin: .25rem 0; }
.diff .add { color: var(--ok); } .diff .del { color: var(--bad); } .diff .hunk { color: var(--accent); }
main { min-width: 0; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid var(--line); text-align: left; padding: .3rem; vertical-align: top; }
td:not(:last-child) { white-space: nowrap; } td:last-child { overflow-wrap: anywhere; }
.event { border-left: 2px solid var(--line); padding-left: .5rem; margin: .4rem 0; }
.event .step { font-weight: 600; color: var(--accent); }
.bad { color: var(--bad); } .warn { color: var(--warn); }
.item { border-top: 1px solid var(--line); padding: .5rem 0; }
.item.active { background: #f1f5ff; }
.choices button { min-width: 2.5rem; margin: .15rem .15rem .15rem 0; padding: .3rem .5rem; border: 1px solid var(--line); background: #fff; border-radius: 4px; cursor: pointer; }
.choices button.chosen { background: var(--accent); color: #fff; border-color: var(--accent); }
textarea { width: 100%; min-height: 5rem; font: inherit; margin-top: .25rem; }
.status { min-height: 1.2em; margin: .2rem 0; font-size: .85rem; }
.status.error { color: var(--bad); } .status.saved { color: var(--ok); }
kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 3px; padding: 0 .25rem; font-size: .8em; background: #fafafa; }
.overlay { position: fixed; inset: 0; background: rgb(0 0 0 / 35%); display: flex; align-items: center; justify-content: center; z-index: 5; }
.overlay[hidden] { display: none; }
.panel { background: #fff; padding: 1.25rem; border-radius: 8px; max-width: 34rem; display: flex; flex-direction: column; gap: .5rem; }
dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; margin: 0; } dd { margin: 0; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
`;
