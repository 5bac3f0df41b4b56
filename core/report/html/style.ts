/**
 * The page's one stylesheet, inline (the page loads nothing). System fonts only; colours
 * from the Okabe–Ito palette, which colour-blind readers tell apart, and every chart fill
 * also carries a pattern (charts.ts) so the page reads in greyscale and in print.
 */
export const STYLE = `
:root { --ink: #1b1b1b; --muted: #555; --line: #d0d0d0; --bg: #fff; --panel: #f6f6f4; --accent: #005a8c;
  --high: #a33a00; --medium: #7a5a00; --low: #2f5d2f; --used: #0072b2; --unused: #d55e00; --denied: #222; }
* { box-sizing: border-box; }
html { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
body { margin: 0 auto; max-width: 76rem; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: .2rem 0 .4rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.15rem; margin: 0 0 .4rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
p { margin: .4rem 0; }
a { color: var(--accent); }
code, pre { font: .86rem/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; }
code { overflow-wrap: anywhere; }
code.a, .date, th[scope=row] > code { white-space: nowrap; overflow-wrap: normal; }
th .explain { font-weight: 400; display: block; }
td.msg { font-size: .82rem; max-width: 22rem; }
.muted { color: var(--muted); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .3rem .6rem; border: 2px solid var(--accent); }
.meta { color: var(--muted); margin: 0 0 1rem; }
.cards { display: flex; flex-wrap: wrap; gap: .6rem; margin: .8rem 0; padding: 0; list-style: none; }
.cards li { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .8rem; min-width: 9.5rem; }
.cards strong { display: block; font-size: 1.45rem; line-height: 1.2; }
.notes { margin: .6rem 0; padding-left: 1.2rem; }
.start { font-size: 1.05rem; border-left: 4px solid var(--high); padding: .3rem .7rem; background: #fdf3ee; }
.problem { color: var(--high); }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
thead th { border-bottom: 2px solid var(--ink); font-size: .85rem; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.overview { font-size: .92rem; }
table.overview tbody th { white-space: nowrap; }
tbody tr:hover { background: #fafaf7; }
.risk { display: inline-block; font-size: .8rem; font-weight: 700; padding: 0 .45rem; border: 2px solid; border-radius: 3px; white-space: nowrap; }
.risk-high { color: var(--high); } .risk-medium { color: var(--medium); border-style: dashed; } .risk-low { color: var(--low); border-style: dotted; }
.filters { display: flex; flex-wrap: wrap; gap: .8rem; align-items: end; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; margin: .6rem 0; }
.filters label { display: flex; flex-direction: column; font-size: .85rem; font-weight: 600; }
.filters select, .filters button, button.copy { font: inherit; font-weight: 400; padding: .2rem .4rem; margin-top: .15rem; }
.filters select:focus, button:focus, a:focus, summary:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
.legend { display: flex; flex-wrap: wrap; gap: 1rem; font-size: .85rem; margin: .3rem 0; padding: 0; list-style: none; }
.legend svg { vertical-align: middle; margin-right: .3rem; border: 1px solid #888; }
svg.bar { display: block; }
section.role { border-top: 3px solid var(--ink); margin-top: 2.2rem; padding-top: .8rem; }
section.role dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: .4rem 0; }
section.role dt { font-weight: 600; color: var(--muted); }
section.role dd { margin: 0; }
.evidence { background: var(--panel); border-left: 4px solid var(--accent); padding: .4rem .7rem; }
.actions { font-size: .85rem; }
.lvl { font-weight: 600; font-size: .8rem; color: var(--muted); }
.explain { color: var(--muted); font-size: .9rem; }
.policy { position: relative; margin: .4rem 0 .8rem; }
.policy pre { background: #f3f5f7; border: 1px solid var(--line); border-radius: 4px; padding: .6rem .8rem; overflow-x: auto; margin: .3rem 0; max-height: 28rem; }
.policy .bar-row { display: flex; gap: .8rem; align-items: center; }
pre.diff { background: #fafafa; border: 1px solid var(--line); padding: .5rem .8rem; overflow-x: auto; }
.del { color: #8a2d00; } .keep { color: var(--ink); } .hunk { color: var(--accent); font-weight: 600; }
.spark { vertical-align: middle; }
figure { margin: .4rem 0; }
figcaption { font-weight: 600; font-size: .9rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem; }
.chart-axis { font-size: 10px; fill: var(--muted); }
.escalation { border-left: 4px solid var(--high); padding-left: .5rem; }
details > summary { cursor: pointer; color: var(--accent); }
footer { margin-top: 2.5rem; font-size: .85rem; color: var(--muted); border-top: 1px solid var(--line); padding-top: .6rem; }
[hidden] { display: none !important; }
@media print {
  html { font-size: 11px; } body { max-width: none; padding: 0; }
  .filters, button, .skip { display: none !important; }
  section.role { break-before: page; }
  .policy pre { max-height: none; white-space: pre-wrap; }
  a { color: inherit; text-decoration: none; }
}
`;
