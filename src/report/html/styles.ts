/** The HTML report's style sheet: screen first, then print (a reviewer saves it as PDF). */
export const REPORT_CSS = `
:root {
  --ink: #1d232b; --muted: #5b6573; --line: #dde2e8; --bg: #f6f7f9; --card: #fff;
  --high: #b3261e; --medium: #a85200; --low: #546e7a; --accent: #1f5fa8; --mark: #ffe58a;
  --new: #1b7f3b; --unchanged: #6b7280;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 1120px; margin: 0 auto; padding: 24px 20px 64px; }
a { color: var(--accent); }
code { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; background: #eef1f4; padding: 1px 4px; border-radius: 3px; word-break: break-all; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 10px; }
.muted, .run { color: var(--muted); font-size: 13px; }
.run span + span::before { content: " · "; }
.banner { margin: 14px 0; padding: 10px 14px; border-radius: 6px; border: 1px solid; }
.banner.warn { background: #fff4e5; border-color: #f0b46a; }
.banner.diff { background: #eef7f0; border-color: #9fd1ad; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 18px 0; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.tile b { display: block; font-size: 28px; line-height: 1.1; }
.tile span { color: var(--muted); font-size: 13px; }
.tile.sev { border-left: 5px solid; cursor: pointer; text-align: left; font: inherit; color: inherit; }
.tile.sev.high { border-left-color: var(--high); } .tile.sev.medium { border-left-color: var(--medium); } .tile.sev.low { border-left-color: var(--low); }
.grid2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 20px; }
@media screen and (max-width: 800px) { .grid2 { grid-template-columns: 1fr; } }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.panel h2 { margin-top: 0; font-size: 16px; }
table.cats { width: 100%; border-collapse: collapse; font-size: 14px; }
table.cats td { padding: 4px 6px; border-top: 1px solid var(--line); vertical-align: middle; }
table.cats td.n { text-align: right; font-variant-numeric: tabular-nums; width: 3.5em; }
table.cats tr[data-filter] { cursor: pointer; }
table.cats tr[data-filter]:hover { background: #f1f5fa; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 7px; vertical-align: -1px; }
.chart .row { display: grid; grid-template-columns: minmax(90px, 34%) 1fr; gap: 10px; align-items: center; margin: 7px 0; cursor: pointer; }
.chart .label { font-size: 13px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.chart .label b { font-weight: 600; }
.chart .bar { display: flex; height: 16px; background: #eef1f4; border-radius: 3px; overflow: hidden; }
.chart .seg { display: block; height: 100%; }
.legend { list-style: none; padding: 0; margin: 14px 0 0; font-size: 12px; color: var(--muted); columns: 2; column-gap: 16px; }
.legend li { break-inside: avoid; margin: 2px 0; }
.legend .swatch { width: 9px; height: 9px; margin-right: 5px; }
.controls { display: none; position: sticky; top: 0; z-index: 2; flex-wrap: wrap; gap: 10px 14px; align-items: end; background: var(--bg); padding: 10px 0; border-bottom: 1px solid var(--line); }
html.js .controls { display: flex; }
.controls label > span, .controls legend { display: block; font-size: 12px; color: var(--muted); }
.controls input[type=search] { width: 240px; }
.controls select { max-width: 300px; }
.controls input[type=search], .controls select, .controls button { font: inherit; font-size: 14px; padding: 5px 8px; border: 1px solid #c4ccd6; border-radius: 5px; background: #fff; color: var(--ink); }
.controls button { cursor: pointer; }
.controls fieldset { border: 0; padding: 0; margin: 0; }
.controls fieldset label { margin-right: 8px; font-size: 14px; white-space: nowrap; }
#shown-count { font-weight: 600; margin: 12px 0; }
h2.site { border-bottom: 2px solid var(--ink); padding-bottom: 3px; }
.n { color: var(--muted); font-weight: normal; font-size: 13px; }
.page { margin: 18px 0 8px; }
.page h3 { margin: 0; font-size: 17px; }
.page .url { font-size: 12px; color: var(--muted); word-break: break-all; }
.page .evidence { font-size: 12px; color: var(--muted); }
.shot-toggle { margin-top: 6px; font: inherit; font-size: 13px; padding: 3px 8px; border: 1px solid #c4ccd6; border-radius: 5px; background: #fff; cursor: pointer; }
.shot img { display: block; max-width: 100%; margin-top: 8px; border: 1px solid var(--line); }
.finding { background: var(--card); border: 1px solid var(--line); border-left: 5px solid var(--low); border-radius: 6px; padding: 12px 16px; margin: 10px 0; break-inside: avoid; }
.finding.sev-high { border-left-color: var(--high); } .finding.sev-medium { border-left-color: var(--medium); }
.meta { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; font-size: 13px; }
.badge { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; padding: 1px 7px; border-radius: 10px; color: #fff; background: var(--low); }
.badge.high { background: var(--high); } .badge.medium { background: var(--medium); }
.badge.status-new { background: var(--new); } .badge.status-unchanged { background: var(--unchanged); }
.badge.triage { background: #fff; color: var(--ink); border: 1px solid #9aa5b1; }
.cat { font-weight: 600; }
blockquote { margin: 0; }
.sentence { margin: 8px 0 6px; font-size: 16px; padding-left: 12px; border-left: 3px solid var(--line); }
mark { background: var(--mark); padding: 0 2px; border-radius: 2px; color: inherit; }
.page-level { color: var(--muted); font-size: 13px; }
.under { font-size: 13px; color: var(--muted); }
.why { margin: 6px 0; }
.source { margin: 6px 0; padding: 8px 12px; background: #f3f6f9; border-radius: 5px; font-size: 14px; }
.source blockquote { font-style: italic; }
.source blockquote::before { content: "« "; } .source blockquote::after { content: " »"; }
html[lang=en] .source blockquote::before { content: "“"; } html[lang=en] .source blockquote::after { content: "”"; }
.source figcaption { font-size: 13px; color: var(--muted); margin-top: 3px; }
.hit { border-top: 1px solid var(--line); margin-top: 8px; padding-top: 6px; }
.hit-head { margin: 2px 0; font-size: 14px; }
.hit .ids { font-size: 12px; color: var(--muted); }
.translation { margin: 4px 0 0; font-size: 13px; }
.tr-label { color: var(--muted); font-style: normal; margin-right: 4px; }
.page-evidence { font-size: 13px; margin: 4px 0 6px; }
.page-evidence p { margin: 4px 0 2px; font-weight: 600; }
.page-evidence ul.looked { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 8px; }
.page-evidence ol { margin: 2px 0; padding-left: 22px; }
.page-evidence .where { color: var(--muted); }
.foot { font-size: 12px; color: var(--muted); margin-top: 6px; }
.foot .live { font-weight: 600; }
.more { text-align: center; margin: 16px; }
.more button { font: inherit; padding: 6px 16px; cursor: pointer; }
.empty { color: var(--muted); font-style: italic; }
details { margin: 14px 0; }
details summary { cursor: pointer; font-weight: 600; }
details li { word-break: break-all; font-size: 13px; }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
@media print {
  @page { margin: 14mm 12mm; }
  body { background: #fff; font-size: 10pt; }
  .grid2 { gap: 10px; }
  .tiles { gap: 8px; margin: 10px 0; }
  .tile { padding: 6px 10px; }
  .tile b { font-size: 18pt; }
  .sentence { font-size: 11pt; }
  .legend { font-size: 8pt; }
  main { max-width: none; padding: 0; }
  .controls, .more, .shot-toggle, #print, noscript { display: none !important; }
  .page:not(.shot-open) .shot { display: none; }
  .tile, .panel, .finding { border-color: #bbb; }
  .tile.sev, .chart .row { cursor: auto; }
  .finding, .tile, .panel, .chart .row { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .page h3 a::after { content: ""; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  details { display: block; }
  details > *:not(summary) { display: block; }
}
`;
