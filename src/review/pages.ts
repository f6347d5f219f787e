/**
 * The review UI's pages, rendered on the server as plain HTML forms (no script at all): the
 * scans over time, one scan's findings with their diff status and filters, one finding's
 * evidence and audit trail. Every value from the database goes through the escaping `html`
 * template; URLs from scanned pages become links only when they are http(s).
 */
import type { Finding } from '../model/finding.js';
import { httpUrl } from '../report/escape.js';
import { categoryTitle, type UiLang } from '../report/i18n.js';
import { categoryColor } from '../report/html/colors.js';
import { knownCategories, SEVERITIES } from '../model/taxonomy.js';
import type { GonePage } from '../store/diff.js';
import type { ScanInfo } from '../store/scans.js';
import { TRIAGE_STATUSES, type TriageRow } from '../store/triage.js';
import { html, trusted, type SafeHtml } from './html.js';
import { fill, type ReviewLabels } from './i18n.js';
import type { FindingRow, FindingView, ScanFilters, ScanSummaryRow, ScanView, SeriesTrend } from './queries.js';

export interface PageContext {
  nonce: string;
  /** anti-CSRF token every form carries */
  token: string;
  /** default reviewer name for triage forms */
  reviewer: string;
  dbPath: string;
  lang: UiLang;
  t: ReviewLabels;
  /** the current path and query, for the language switch */
  here?: string;
}

const BASE_CSS = `
:root { --fg:#1d232a; --muted:#5f6b7a; --line:#dde3ea; --bg:#f6f8fa; --card:#fff; --high:#b42318; --medium:#b54708; --low:#475467; --new:#b42318; --fixed:#067647; --accent:#1d4ed8; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:var(--bg); }
header.top { background:#111827; color:#fff; padding:.6rem 1.2rem; display:flex; gap:1rem; align-items:baseline; }
header.top a { color:#fff; font-weight:600; text-decoration:none; }
header.top small { color:#c3c9d2; }
main { max-width:1100px; margin:0 auto; padding:1rem 1.2rem 3rem; }
h1 { font-size:1.35rem; margin:.6rem 0; } h2 { font-size:1.1rem; margin:1.4rem 0 .5rem; }
a { color:var(--accent); }
table { border-collapse:collapse; width:100%; background:var(--card); }
th, td { text-align:left; padding:.35rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:.8rem; text-transform:uppercase; letter-spacing:.03em; color:var(--muted); }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
.muted { color:var(--muted); } .small { font-size:.85rem; }
.badge { display:inline-block; padding:0 .45rem; border-radius:.6rem; font-size:.78rem; font-weight:600; border:1px solid currentColor; margin-right:.25rem; }
.sev-high { color:var(--high); } .sev-medium { color:var(--medium); } .sev-low { color:var(--low); }
.st-new { color:var(--new); } .st-fixed { color:var(--fixed); } .st-unchanged { color:var(--muted); }
.tr { color:#6941c6; }
.finding { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:.8rem 1rem; margin:.7rem 0; }
.finding blockquote { margin:.5rem 0; padding:.4rem .7rem; border-left:3px solid var(--line); background:#fbfcfd; }
.finding mark { background:#fde68a; padding:0 .1rem; }
.finding .meta { font-size:.85rem; color:var(--muted); word-break:break-all; }
.finding .source { font-size:.85rem; margin-top:.4rem; }
.finding .translation { font-size:.85rem; margin-top:.2rem; }
.swatch { display:inline-block; width:.7rem; height:.7rem; border-radius:2px; margin-right:.3rem; vertical-align:-1px; }
header.top .lang { margin-left:auto; font-weight:400; }
form.triage { display:flex; flex-wrap:wrap; gap:.4rem; align-items:center; margin-top:.6rem; padding-top:.6rem; border-top:1px dashed var(--line); }
form.triage input[type=text] { padding:.25rem .4rem; border:1px solid var(--line); border-radius:4px; }
form.triage input[name=note] { flex:1; min-width:12rem; }
form.triage input[name=by] { width:8rem; }
button { font:inherit; font-size:.85rem; padding:.25rem .6rem; border-radius:4px; border:1px solid var(--line); background:#fff; cursor:pointer; }
button:hover { border-color:var(--accent); }
button.fp { border-color:#f2b8b5; }
form.filters { display:flex; flex-wrap:wrap; gap:.5rem; align-items:end; background:var(--card); border:1px solid var(--line); border-radius:8px; padding:.6rem .8rem; }
form.filters label { display:flex; flex-direction:column; font-size:.78rem; color:var(--muted); }
form.filters select, form.filters input { font:inherit; font-size:.9rem; padding:.2rem .3rem; }
.trend { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:.5rem .8rem; margin:.5rem 0; }
.trend svg { display:block; }
.trend rect { fill:#93c5fd; } .trend rect.partial { fill:#e5e7eb; }
.pager { margin:.8rem 0; display:flex; gap:1rem; }
code { font-size:.82rem; background:#eef2f6; padding:0 .25rem; border-radius:3px; }
`;

/** The page styles, with one swatch colour per category the loaded packs declare. */
function css(): string {
  return BASE_CSS + knownCategories().map((c, i) => `.sw-${i} { background:${categoryColor(c.id)}; }`).join('\n');
}

export function layout(ctx: PageContext, title: string, body: SafeHtml): string {
  const t = ctx.t;
  const other = ctx.lang === 'fr' ? 'en' : 'fr';
  const here = ctx.here ?? '/';
  const switchHref = `${here.replace(/([?&])lang=[a-z]*&?/, '$1').replace(/[?&]$/, '')}${here.includes('?') && !/[?&]lang=[a-z]*$/.test(here) ? '&' : '?'}lang=${other}`;
  return html`<!doctype html>
<html lang="${ctx.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin"><title>${title} · ${t.appName}</title>
<style nonce="${ctx.nonce}">${trusted(css())}</style></head>
<body><header class="top"><a href="/">${t.appName}</a><small>${ctx.dbPath}</small><a class="lang" href="${switchHref}" lang="${other}" hreflang="${other}">${t.otherLang}</a></header>
<main>${body}</main></body></html>`.value;
}

const when = (iso: string | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
const scanName = (t: ReviewLabels, s: ScanInfo) => (s.group ? fill(t.group, { name: s.group }) : s.targets.join(' '));
const label = (t: ReviewLabels, key: string, fallback: string) => (t as Record<string, string>)[key] ?? fallback;

export function scansPage(ctx: PageContext, data: { rows: ScanSummaryRow[]; total: number; offset: number; limit: number; trends: SeriesTrend[]; recent: TriageRow[] }): string {
  const { rows, total, offset, limit } = data;
  const t = ctx.t;
  const [before, after] = t.noScanYet.split('{cmd}');
  const body = html`<h1>${t.scans}</h1>
${data.trends.length ? html`<h2>${t.findingsOverTime}</h2>${data.trends.map((tr) => trendChart(t, tr))}` : html`<p class="muted">${before}<code>claimscan scan</code>${after}</p>`}
${rows.length
    ? html`<h2>${t.allScans} <span class="muted small">(${total})</span></h2>
<table><thead><tr><th>${t.scan}</th><th>${t.startedUtc}</th><th>${t.targets}</th><th>${t.state}</th><th class="num">${t.pages}</th><th class="num">${t.findings}</th><th class="num">${t.new}</th><th class="num">${t.fixed}</th><th class="num">${t.took}</th></tr></thead>
<tbody>${rows.map(
        (r) => html`<tr><td><a href="/scans/${r.scan.id}">#${r.scan.id}</a></td><td>${when(r.scan.startedAt)}</td><td class="small">${scanName(t, r.scan)}</td><td>${r.scan.state}</td>
<td class="num">${r.scan.pages}</td><td class="num">${r.counts.visible}</td><td class="num">${r.previous ? r.counts.new : '–'}</td><td class="num">${r.previous ? r.counts.resolved : '–'}</td><td class="num">${(r.scan.durationMs / 1000).toFixed(1)} s</td></tr>`,
      )}</tbody></table>
<div class="pager">${offset > 0 ? html`<a href="/?offset=${Math.max(0, offset - limit)}">${t.newer}</a>` : ''}${offset + limit < total ? html`<a href="/?offset=${offset + limit}">${t.older}</a>` : ''}</div>`
    : ''}
${data.recent.length
    ? html`<h2>${t.latestDecisions}</h2><table><thead><tr><th>${t.whenUtc}</th><th>${t.finding}</th><th>${t.status}</th><th>${t.by}</th><th>${t.note}</th></tr></thead><tbody>${data.recent.map(
        (d) => html`<tr><td>${when(d.at)}</td><td><a href="/findings/${d.findingId}"><code>${d.findingId}</code></a></td><td>${d.status}</td><td>${d.by ?? ''}</td><td>${d.note ?? ''}</td></tr>`,
      )}</tbody></table>`
    : ''}`;
  return layout(ctx, t.scans, body);
}

/**
 * One bar per scan, each a link to it. The links are the chart's content (an SVG with no role of
 * its own): a `role="img"` around them would hide them from assistive technology.
 */
function trendChart(t: ReviewLabels, tr: SeriesTrend): SafeHtml {
  const w = 16;
  const h = 60;
  const max = Math.max(1, ...tr.points.map((p) => p.findings));
  const bars = tr.points.map((p, i) => {
    const bh = Math.max(1, Math.round((p.findings / max) * (h - 4)));
    const name = `${fill(t.trendBar, { id: p.id, when: when(p.startedAt), findings: p.findings })}${p.state === 'done' ? '' : ` (${p.state})`}`;
    return html`<a href="/scans/${p.id}" aria-label="${name}"><rect x="${i * w + 1}" y="${h - bh}" width="${w - 3}" height="${bh}" class="${p.state === 'done' ? '' : 'partial'}"><title>${name}</title></rect></a>`;
  });
  const last = tr.points[tr.points.length - 1];
  return html`<div class="trend"><div class="small"><strong>${tr.label}</strong> <span class="muted">— ${fill(t.trendLine, { n: tr.points.length, id: last.id, findings: last.findings })}</span></div>
<svg width="${tr.points.length * w}" height="${h}" aria-label="${t.trendLabel}">${bars}</svg></div>`;
}

export function scanPage(ctx: PageContext, view: ScanView, filters: ScanFilters, back: string): string {
  const { scan, previous } = view;
  const t = ctx.t;
  const shown = view.rows.slice(0, 500);
  const summary = previous
    ? fill(t.diffLine, { new: view.counts.new, unchanged: view.counts.unchanged, fixed: view.counts.fixed, gone: view.pagesGone.length ? fill(t.pagesGone, { n: view.pagesGone.length }) : '', since: when(previous.startedAt) })
    : t.firstScan;
  const select = (name: string, current: string | undefined, options: Array<[string, string]>) =>
    html`<select name="${name}">${options.map(([value, text]) => html`<option value="${value}"${(current ?? '') === value ? trusted(' selected') : ''}>${text}</option>`)}</select>`;
  const body = html`<h1>${t.scan} #${scan.id} <span class="muted small">${scanName(t, scan)}</span></h1>
<p class="small muted">${t.started} ${when(scan.startedAt)} UTC · ${scan.state}${scan.runs > 1 ? ` (${fill(t.resumed, { n: scan.runs - 1 })})` : ''} · ${fill(t.pagesFailed, { pages: scan.pages, failed: scan.pagesFailed })} · ${(scan.durationMs / 1000).toFixed(1)} s${previous ? html` · ${t.comparedWith} <a href="/scans/${previous.id}">${fill(t.scanNo, { id: previous.id })}</a> (${when(previous.startedAt)})` : ''}</p>
<p><strong>${summary}</strong>${view.hiddenCount ? html` <span class="muted">· ${fill(t.hidden, { n: view.hiddenCount })} (<a href="/scans/${scan.id}?triage=all&amp;status=any">${t.show}</a>)</span>` : ''}</p>
<form class="filters" method="get" action="/scans/${scan.id}">
<label>${t.change}${select('status', filters.status, [['', t.newAndUnchanged], ['new', t.statusNew], ['unchanged', t.statusUnchanged], ['fixed', t.statusFixed], ['any', t.all]])}</label>
<label>${t.severity}${select('severity', filters.severity, [['', t.any], ...SEVERITIES.map((s): [string, string] => [s, label(t, `sev_${s}`, s)])])}</label>
<label>${t.category}${select('category', filters.category, [['', t.any], ...view.categories.map((c): [string, string] => [c, categoryTitle(c, ctx.lang)])])}</label>
<label>${t.triage}${select('triage', filters.triage, [['', t.open], ['untriaged', t.untriaged], ...TRIAGE_STATUSES.map((s): [string, string] => [s, label(t, `triage_${s}`, s)]), ['all', t.all]])}</label>
<label>${t.textOrUrl}<input type="search" name="q" value="${filters.q ?? ''}"></label>
<button type="submit">${t.filter}</button> <a class="small" href="/scans/${scan.id}">${t.reset}</a>
</form>
<p class="small muted">${fill(t.shownCount, { n: view.rows.length })}${view.rows.length > shown.length ? fill(t.firstShown, { n: shown.length }) : ''}</p>
${shown.map((row) => findingCard(ctx, row, back))}
${view.pagesGone.length ? html`<h2>${fill(t.pagesGoneSince, { id: previous?.id ?? '' })}</h2><table><thead><tr><th>${t.page}</th><th>${t.now}</th><th class="num">${t.goneWith}</th></tr></thead><tbody>${view.pagesGone.map((p) => gonePageRow(t, p))}</tbody></table>` : ''}`;
  return layout(ctx, `${t.scan} #${scan.id}`, body);
}

function gonePageRow(t: ReviewLabels, p: GonePage): SafeHtml {
  return html`<tr><td>${link(p.url)}${p.title ? html` <span class="muted small">${p.title}</span>` : ''}</td><td>${p.status ? `HTTP ${p.status}` : t.noLongerFound}</td><td class="num">${p.findings.length}</td></tr>`;
}

function link(url: string): SafeHtml {
  const safe = httpUrl(url);
  return safe ? html`<a href="${safe}" rel="noopener noreferrer nofollow" target="_blank">${url}</a>` : html`<span>${url}</span>`;
}

function sentence(f: Finding): SafeHtml {
  if (!f.match || f.matchEnd <= f.matchStart) return html`${f.text}`;
  return html`${f.text.slice(0, f.matchStart)}<mark>${f.text.slice(f.matchStart, f.matchEnd)}</mark>${f.text.slice(f.matchEnd)}`;
}

export function findingCard(ctx: PageContext, row: FindingRow, back: string, withForm = true): SafeHtml {
  const f = row.finding;
  const t = ctx.t;
  const tr = f.source.translation;
  return html`<article class="finding" id="f-${f.id}" data-finding-id="${f.id}">
<div><span class="badge sev-${f.severity}">${label(t, `sev_${f.severity}`, f.severity)}</span>${row.status ? html`<span class="badge st-${row.status}">${label(t, `status${row.status.charAt(0).toUpperCase()}${row.status.slice(1)}`, row.status)}</span>` : ''}${row.triage ? html`<span class="badge tr" title="${row.triage.by ?? ''} ${when(row.triage.at)}: ${row.triage.note ?? ''}">${label(t, `triage_${row.triage.status}`, row.triage.status)}</span>` : ''}
<strong title="${f.category}"><i class="swatch sw-${Math.max(0, knownCategories().findIndex((c) => c.id === f.category))}"></i>${categoryTitle(f.category, ctx.lang)}</strong> <span class="muted small">${f.ruleId}</span></div>
<blockquote lang="${f.lang}">${sentence(f)}</blockquote>
<div class="meta">${link(f.url)}${f.pageTitle ? html` — ${f.pageTitle}` : ''}</div>
${f.headingPath.length ? html`<div class="meta">${t.under}: ${f.headingPath.join(' › ')}</div>` : ''}
<div class="meta">${t.element}: <code>${f.selector}</code> · ${t.id} <a href="/findings/${f.id}"><code>${f.id}</code></a></div>
<div>${f.message}</div>
<div class="source muted">${f.source.title}: « ${f.source.quote} »</div>
${tr ? html`<div class="translation muted" lang="${tr.lang}">(${fill(t.translation, { lang: tr.lang })}) « ${tr.text} »</div>` : ''}
${withForm ? triageForm(ctx, f.id, back) : ''}
</article>`;
}

export function triageForm(ctx: PageContext, id: string, back: string): SafeHtml {
  const t = ctx.t;
  return html`<form class="triage" method="post" action="/triage">
<input type="hidden" name="token" value="${ctx.token}"><input type="hidden" name="id" value="${id}"><input type="hidden" name="back" value="${back}">
<input type="text" name="note" placeholder="${t.why}" maxlength="2000" aria-label="${t.note}">
<input type="text" name="by" value="${ctx.reviewer}" maxlength="100" aria-label="${t.reviewer}">
<button name="status" value="confirmed" type="submit">${t.confirm}</button>
<button name="status" value="false-positive" type="submit" class="fp">${t.falsePositive}</button>
<button name="status" value="fixed" type="submit">${t.markFixed}</button>
<button name="status" value="ignored" type="submit">${t.ignore}</button>
</form>`;
}

export function findingPage(ctx: PageContext, view: FindingView): string {
  const t = ctx.t;
  const current = view.trail[view.trail.length - 1];
  const back = `/findings/${view.id}`;
  const body = html`<h1>${t.finding} <code>${view.id}</code></h1>
${view.finding ? findingCard(ctx, { finding: view.finding, ...(current ? { triage: current } : {}) }, back) : html`<p class="muted">${t.notFoundInHistory}</p>${triageForm(ctx, view.id, back)}`}
<h2>${t.auditTrail}</h2>
${view.trail.length
    ? html`<table class="audit"><thead><tr><th>${t.whenUtc}</th><th>${t.status}</th><th>${t.by}</th><th>${t.note}</th><th>${t.via}</th></tr></thead><tbody>${view.trail.map(
        (d) => html`<tr><td>${when(d.at)}</td><td>${d.status}</td><td>${d.by ?? ''}</td><td>${d.note ?? ''}</td><td class="muted">${d.via}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="muted">${t.noDecision}</p>`}
<h2>${t.seenIn}</h2>
<p>${view.scans.length ? view.scans.map((s, i) => html`${i ? ', ' : ''}<a href="/scans/${s.id}#f-${view.id}">${fill(t.scanNo, { id: s.id })}</a> <span class="muted small">(${when(s.startedAt)})</span>`) : html`<span class="muted">${t.noScan}</span>`}</p>`;
  return layout(ctx, `${t.finding} ${view.id}`, body);
}

export function messagePage(ctx: PageContext, title: string, message: string): string {
  return layout(ctx, title, html`<h1>${title}</h1><p>${message}</p><p><a href="/">${ctx.t.back}</a></p>`);
}
