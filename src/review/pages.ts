/**
 * The review UI's pages, rendered on the server as plain HTML forms (no script at all): the
 * scans over time, one scan's findings with their diff status and filters, one finding's
 * evidence and audit trail. Every value from the database goes through the escaping `html`
 * template; URLs from scanned pages become links only when they are http(s).
 */
import type { Finding } from '../model/finding.js';
import { httpUrl } from '../report/escape.js';
import { diffSummaryLine } from '../report/diff-line.js';
import { SEVERITIES } from '../model/taxonomy.js';
import type { GonePage } from '../store/diff.js';
import type { ScanInfo } from '../store/scans.js';
import { TRIAGE_STATUSES, type TriageRow } from '../store/triage.js';
import { html, trusted, type SafeHtml } from './html.js';
import type { FindingRow, FindingView, ScanFilters, ScanSummaryRow, ScanView, SeriesTrend } from './queries.js';

export interface PageContext {
  nonce: string;
  /** anti-CSRF token every form carries */
  token: string;
  /** default reviewer name for triage forms */
  reviewer: string;
  dbPath: string;
}

const CSS = `
:root { --fg:#1d232a; --muted:#5f6b7a; --line:#dde3ea; --bg:#f6f8fa; --card:#fff; --high:#b42318; --medium:#b54708; --low:#475467; --new:#b42318; --fixed:#067647; --accent:#1d4ed8; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:var(--bg); }
header.top { background:#111827; color:#fff; padding:.6rem 1.2rem; display:flex; gap:1rem; align-items:baseline; }
header.top a { color:#fff; font-weight:600; text-decoration:none; }
header.top small { color:#9ca3af; }
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

export function layout(ctx: PageContext, title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin"><title>${title} · claimscan review</title>
<style nonce="${ctx.nonce}">${trusted(CSS)}</style></head>
<body><header class="top"><a href="/">claimscan review</a><small>${ctx.dbPath}</small></header>
<main>${body}</main></body></html>`.value;
}

const when = (iso: string | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
const scanName = (s: ScanInfo) => (s.group ? `group ${s.group}` : s.targets.join(' '));

export function scansPage(ctx: PageContext, data: { rows: ScanSummaryRow[]; total: number; offset: number; limit: number; trends: SeriesTrend[]; recent: TriageRow[] }): string {
  const { rows, total, offset, limit } = data;
  const body = html`<h1>Scans</h1>
${data.trends.length ? html`<h2>Findings over time</h2>${data.trends.map(trendChart)}` : html`<p class="muted">No scan yet: run <code>claimscan scan</code> (history is kept by default).</p>`}
${rows.length
    ? html`<h2>All scans <span class="muted small">(${total})</span></h2>
<table><thead><tr><th>Scan</th><th>Started (UTC)</th><th>Targets</th><th>State</th><th class="num">Pages</th><th class="num">Findings</th><th class="num">New</th><th class="num">Fixed</th><th class="num">Took</th></tr></thead>
<tbody>${rows.map(
        (r) => html`<tr><td><a href="/scans/${r.scan.id}">#${r.scan.id}</a></td><td>${when(r.scan.startedAt)}</td><td class="small">${scanName(r.scan)}</td><td>${r.scan.state}</td>
<td class="num">${r.scan.pages}</td><td class="num">${r.counts.visible}</td><td class="num">${r.previous ? r.counts.new : '–'}</td><td class="num">${r.previous ? r.counts.resolved : '–'}</td><td class="num">${(r.scan.durationMs / 1000).toFixed(1)} s</td></tr>`,
      )}</tbody></table>
<div class="pager">${offset > 0 ? html`<a href="/?offset=${Math.max(0, offset - limit)}">← newer</a>` : ''}${offset + limit < total ? html`<a href="/?offset=${offset + limit}">older →</a>` : ''}</div>`
    : ''}
${data.recent.length
    ? html`<h2>Latest triage decisions</h2><table><thead><tr><th>When (UTC)</th><th>Finding</th><th>Status</th><th>By</th><th>Note</th></tr></thead><tbody>${data.recent.map(
        (t) => html`<tr><td>${when(t.at)}</td><td><a href="/findings/${t.findingId}"><code>${t.findingId}</code></a></td><td>${t.status}</td><td>${t.by ?? ''}</td><td>${t.note ?? ''}</td></tr>`,
      )}</tbody></table>`
    : ''}`;
  return layout(ctx, 'Scans', body);
}

function trendChart(t: SeriesTrend): SafeHtml {
  const w = 16;
  const h = 60;
  const max = Math.max(1, ...t.points.map((p) => p.findings));
  const bars = t.points.map((p, i) => {
    const bh = Math.max(1, Math.round((p.findings / max) * (h - 4)));
    return html`<a href="/scans/${p.id}"><rect x="${i * w + 1}" y="${h - bh}" width="${w - 3}" height="${bh}" class="${p.state === 'done' ? '' : 'partial'}"><title>#${p.id} ${when(p.startedAt)}: ${p.findings} finding(s)${p.state === 'done' ? '' : ` (${p.state})`}</title></rect></a>`;
  });
  const last = t.points[t.points.length - 1];
  return html`<div class="trend"><div class="small"><strong>${t.label}</strong> <span class="muted">— ${t.points.length} scan(s), latest #${last.id}: ${last.findings} finding(s)</span></div>
<svg width="${t.points.length * w}" height="${h}" role="img" aria-label="findings per scan">${bars}</svg></div>`;
}

export function scanPage(ctx: PageContext, view: ScanView, filters: ScanFilters, back: string): string {
  const { scan, previous } = view;
  const shown = view.rows.slice(0, 500);
  const summary = previous
    ? diffSummaryLine({ new: view.counts.new, unchanged: view.counts.unchanged, resolved: view.counts.fixed, pagesGone: view.pagesGone.length, since: previous.startedAt })
    : 'first complete scan of these targets: nothing to compare with';
  const select = (name: string, current: string | undefined, options: Array<[string, string]>) =>
    html`<select name="${name}">${options.map(([value, label]) => html`<option value="${value}"${(current ?? '') === value ? trusted(' selected') : ''}>${label}</option>`)}</select>`;
  const body = html`<h1>Scan #${scan.id} <span class="muted small">${scanName(scan)}</span></h1>
<p class="small muted">Started ${when(scan.startedAt)} UTC · ${scan.state}${scan.runs > 1 ? ` (resumed ${scan.runs - 1}×)` : ''} · ${scan.pages} page(s), ${scan.pagesFailed} failed · ${(scan.durationMs / 1000).toFixed(1)} s${previous ? html` · compared with <a href="/scans/${previous.id}">scan #${previous.id}</a> (${when(previous.startedAt)})` : ''}</p>
<p><strong>${summary}</strong>${view.hiddenCount ? html` <span class="muted">· ${view.hiddenCount} triaged as false positive or ignored (<a href="/scans/${scan.id}?triage=all&amp;status=any">show</a>)</span>` : ''}</p>
<form class="filters" method="get" action="/scans/${scan.id}">
<label>Change${select('status', filters.status, [['', 'new + unchanged'], ['new', 'new'], ['unchanged', 'unchanged'], ['fixed', 'fixed'], ['any', 'all']])}</label>
<label>Severity${select('severity', filters.severity, [['', 'any'], ...SEVERITIES.map((s): [string, string] => [s, s])])}</label>
<label>Category${select('category', filters.category, [['', 'any'], ...view.categories.map((c): [string, string] => [c, c])])}</label>
<label>Triage${select('triage', filters.triage, [['', 'open (not false positive / ignored)'], ['untriaged', 'not triaged'], ...TRIAGE_STATUSES.map((s): [string, string] => [s, s]), ['all', 'all']])}</label>
<label>Text or URL<input type="search" name="q" value="${filters.q ?? ''}"></label>
<button type="submit">Filter</button> <a class="small" href="/scans/${scan.id}">reset</a>
</form>
<p class="small muted">${view.rows.length} finding(s)${view.rows.length > shown.length ? `, the first ${shown.length} shown: narrow the filters` : ''}</p>
${shown.map((row) => findingCard(ctx, row, back))}
${view.pagesGone.length ? html`<h2>Pages gone since scan #${previous?.id}</h2><table><thead><tr><th>Page</th><th>Now</th><th class="num">Findings gone with it</th></tr></thead><tbody>${view.pagesGone.map(gonePageRow)}</tbody></table>` : ''}`;
  return layout(ctx, `Scan #${scan.id}`, body);
}

function gonePageRow(p: GonePage): SafeHtml {
  return html`<tr><td>${link(p.url)}${p.title ? html` <span class="muted small">${p.title}</span>` : ''}</td><td>${p.status ? `HTTP ${p.status}` : 'no longer found'}</td><td class="num">${p.findings.length}</td></tr>`;
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
  return html`<article class="finding" id="f-${f.id}" data-finding-id="${f.id}">
<div><span class="badge sev-${f.severity}">${f.severity}</span>${row.status ? html`<span class="badge st-${row.status}">${row.status}</span>` : ''}${row.triage ? html`<span class="badge tr" title="${row.triage.by ?? ''} ${when(row.triage.at)}: ${row.triage.note ?? ''}">${row.triage.status}</span>` : ''}
<strong>${f.category}</strong> <span class="muted small">${f.ruleId}</span></div>
<blockquote lang="${f.lang}">${sentence(f)}</blockquote>
<div class="meta">${link(f.url)}${f.pageTitle ? html` — ${f.pageTitle}` : ''}</div>
${f.headingPath.length ? html`<div class="meta">under: ${f.headingPath.join(' › ')}</div>` : ''}
<div class="meta">element: <code>${f.selector}</code> · id <a href="/findings/${f.id}"><code>${f.id}</code></a></div>
<div>${f.message}</div>
<div class="source muted">${f.source.title}: « ${f.source.quote} »</div>
${withForm ? triageForm(ctx, f.id, back) : ''}
</article>`;
}

export function triageForm(ctx: PageContext, id: string, back: string): SafeHtml {
  return html`<form class="triage" method="post" action="/triage">
<input type="hidden" name="token" value="${ctx.token}"><input type="hidden" name="id" value="${id}"><input type="hidden" name="back" value="${back}">
<input type="text" name="note" placeholder="why (kept in the audit trail)" maxlength="2000" aria-label="note">
<input type="text" name="by" value="${ctx.reviewer}" maxlength="100" aria-label="reviewer">
<button name="status" value="confirmed" type="submit">Confirm</button>
<button name="status" value="false-positive" type="submit" class="fp">False positive</button>
<button name="status" value="fixed" type="submit">Fixed</button>
<button name="status" value="ignored" type="submit">Ignore</button>
</form>`;
}

export function findingPage(ctx: PageContext, view: FindingView): string {
  const current = view.trail[view.trail.length - 1];
  const back = `/findings/${view.id}`;
  const body = html`<h1>Finding <code>${view.id}</code></h1>
${view.finding ? findingCard(ctx, { finding: view.finding, ...(current ? { triage: current } : {}) }, back) : html`<p class="muted">No scan in this history found it; its decisions are below.</p>${triageForm(ctx, view.id, back)}`}
<h2>Audit trail</h2>
${view.trail.length
    ? html`<table class="audit"><thead><tr><th>When (UTC)</th><th>Status</th><th>By</th><th>Note</th><th>Via</th></tr></thead><tbody>${view.trail.map(
        (t) => html`<tr><td>${when(t.at)}</td><td>${t.status}</td><td>${t.by ?? ''}</td><td>${t.note ?? ''}</td><td class="muted">${t.via}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="muted">No decision yet.</p>`}
<h2>Seen in</h2>
<p>${view.scans.length ? view.scans.map((s, i) => html`${i ? ', ' : ''}<a href="/scans/${s.id}#f-${view.id}">scan #${s.id}</a> <span class="muted small">(${when(s.startedAt)})</span>`) : html`<span class="muted">no scan</span>`}</p>`;
  return layout(ctx, `Finding ${view.id}`, body);
}

export function messagePage(ctx: PageContext, title: string, message: string): string {
  return layout(ctx, title, html`<h1>${title}</h1><p>${message}</p><p><a href="/">Back to the scans</a></p>`);
}
