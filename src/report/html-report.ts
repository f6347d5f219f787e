/**
 * The HTML report: one self-contained file (no network, works from disk). The summary is
 * written as static HTML; the findings travel as JSON in a `<script type="application/json">`
 * and the embedded script lists, filters and sorts them, rendering as the reader scrolls.
 * A Content-Security-Policy allows that one script and nothing else: even a payload that got
 * past the escaping could not run.
 */
import { createHash } from 'node:crypto';
import { escapeHtml as h, jsonForScript } from './escape.js';
import { reportApp } from './html/app.js';
import { categoryColor } from './html/colors.js';
import { REPORT_CSS } from './html/styles.js';
import { imageClaimsSection, imageOrigins, pagesSection } from './html/pages-section.js';
import { buildViewModel } from './html/view-model.js';
import { categoryTitle, format, labels, type Labels, type UiLang } from './i18n.js';
import type { ScanReport } from '../model/report-model.js';
import { dayOf, failedPages, siteOf, utcStamp } from './report-view.js';

export interface HtmlOptions {
  uiLang: UiLang;
  /** pages under `from` are kept at `to` (a file: folder): links to a page and its claims go there */
  liveBase?: { from: string; to: string };
}

/** Sites shown in the chart; the rest are summed up in one line. */
const CHART_SITES = 25;

const APP_SCRIPT = `(${reportApp.toString()})();`;
const APP_HASH = createHash('sha256').update(APP_SCRIPT).digest('base64');

export function renderHtml(report: ScanReport, options: HtmlOptions): string {
  const lang = options.uiLang;
  const t = labels(lang);
  const model = buildViewModel(report, lang, t, options.liveBase);
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${APP_HASH}'`,
    "style-src 'unsafe-inline'",
    `img-src 'self' data: file:${imageOrigins(report).map((o) => ` ${o}`).join('')}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = `${t.reportTitle} — ${report.targets.length ? report.targets[0] : ''}${report.targets.length > 1 ? ` (+${report.targets.length - 1})` : ''}`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="claimscan ${h(report.tool.version)}">
<title>${h(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${header(report, t)}
${summary(report, t, lang)}
${findingsSection(report, t, lang)}
${imageClaimsSection(report, lang)}
${pagesSection(report, lang)}
${failedSection(report, t)}
${resolvedSection(report, t, lang)}
<footer>${h(t.generatedBy)} claimscan ${h(report.tool.version)} · ${h(utcStamp(report.finishedAt))}</footer>
</main>
<script type="application/json" id="claimscan-data">${jsonForScript(model)}</script>
<script>${APP_SCRIPT}</script>
</body>
</html>
`;
}

function header(report: ScanReport, t: Labels): string {
  const packs = report.packs.map((p) => `${p.name} ${p.version}`).join(', ');
  const targets = report.targets.slice(0, 5).join(', ') + (report.targets.length > 5 ? ` ${format(t.andMore, { n: report.targets.length - 5 })}` : '');
  let out = `<header>
<h1>${h(t.reportTitle)}</h1>
<div class="run"><span>${h(t.scanned)} ${h(utcStamp(report.startedAt))}</span><span>${h(t.targets)}${h(t.colon)}${h(targets)}</span>${packs ? `<span>${h(t.rulePacks)}${h(t.colon)}${h(packs)}</span>` : ''}<span>claimscan ${h(report.tool.version)}</span></div>
</header>`;
  if (report.interrupted) out += `\n<p class="banner warn">${h(t.interrupted)}</p>`;
  if (report.diff) {
    const d = report.diff;
    const line = format(t.since, { new: d.new, unchanged: d.unchanged, resolved: d.resolved, date: dayOf(d.since) });
    out += `\n<p class="banner diff" id="diff-line">${h(line)}${d.pagesGone ? ` · ${h(format(t.pagesGone, { n: d.pagesGone }))}` : ''}</p>`;
  }
  return out;
}

function summary(report: ScanReport, t: Labels, lang: UiLang): string {
  const s = report.summary;
  const sevTiles = (['high', 'medium', 'low'] as const)
    .map((k) => `<button type="button" class="tile sev ${k}" data-filter="sev" data-value="${k}"><b>${s.bySeverity[k] ?? 0}</b><span>${h(t.severity)} ${h(t[k])}</span></button>`)
    .join('\n');
  const categories = Object.entries(s.byCategory).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const catRows = categories
    .map(([id, n]) => `<tr data-filter="cat" data-value="${h(id)}"><td title="${h(id)}"><i class="swatch" style="background:${h(categoryColor(id))}"></i>${h(categoryTitle(id, lang))}</td><td class="n">${n}</td></tr>`)
    .join('\n');
  return `<section id="summary" aria-label="${h(t.summary)}">
<div class="tiles">
<div class="tile"><b id="sum-pages">${h(s.pages)}</b><span>${h(t.pagesScanned)}</span></div>
<div class="tile"><b id="sum-pages-findings">${h(s.pagesWithFindings)}</b><span>${h(t.pagesWithFindings)}</span></div>
<div class="tile"><b id="sum-findings">${h(s.findings)}</b><span>${h(t.findings)}</span></div>
${s.pagesNotReached ? `<div class="tile"><b id="sum-not-reached">${h(s.pagesNotReached)}</b><span>${h(lang === 'fr' ? 'pages non atteintes (consentement, âge, connexion, anti-robot…)' : 'pages not reached (consent, age gate, login, bot challenge…)')}</span></div>` : ''}
${s.pagesFailed ? `<div class="tile"><b>${h(s.pagesFailed)}</b><span>${h(t.pagesFailed)}</span></div>` : ''}
${s.pagesSkipped ? `<div class="tile"><b id="sum-pages-skipped">${h(s.pagesSkipped)}</b><span>${h(t.pagesSkipped)}</span></div>` : ''}
${s.inlineOptOutsIgnored ? `<div class="tile"><b id="sum-optouts">${h(s.inlineOptOutsIgnored)}</b><span>${h(t.optOutsIgnored)}</span></div>` : ''}
</div>
<div class="tiles">
${sevTiles}
</div>
${categories.length ? `<div class="grid2">
<div class="panel"><h2>${h(t.byCategory)}</h2><table class="cats"><tbody>
${catRows}
</tbody></table></div>
<div class="panel chart"><h2>${h(t.categoriesPerSite)}</h2>
${siteChart(report, t, lang)}
</div>
</div>` : ''}
</section>`;
}

/** One stacked bar per site: its findings by category, widths relative to the busiest site. */
function siteChart(report: ScanReport, t: Labels, lang: UiLang): string {
  const sites = new Map<string, Map<string, number>>();
  for (const f of report.findings) {
    const site = siteOf(f.url, report.targets);
    const counts = sites.get(site) ?? new Map<string, number>();
    counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
    sites.set(site, counts);
  }
  const rows = [...sites.entries()]
    .map(([site, counts]) => ({ site, counts, total: [...counts.values()].reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.site.localeCompare(b.site));
  const max = Math.max(1, ...rows.map((r) => r.total));
  const html = rows.slice(0, CHART_SITES).map((r) => {
    const segs = [...r.counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([cat, n]) => `<span class="seg" style="width:${((100 * n) / max).toFixed(2)}%;background:${h(categoryColor(cat))}" title="${h(categoryTitle(cat, lang))}: ${n}"></span>`)
      .join('');
    return `<div class="row" data-filter="site" data-value="${h(r.site)}"><div class="label" title="${h(r.site)}"><b>${h(r.site)}</b> <span class="n">${r.total}</span></div><div class="bar">${segs}</div></div>`;
  });
  if (rows.length > CHART_SITES) html.push(`<p class="muted">${h(format(t.andMore, { n: rows.length - CHART_SITES }))}</p>`);
  // the legend: the categories found, most frequent first
  const totals = new Map<string, number>();
  for (const f of report.findings) totals.set(f.category, (totals.get(f.category) ?? 0) + 1);
  const legend = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([cat]) => `<li><i class="swatch" style="background:${h(categoryColor(cat))}"></i>${h(categoryTitle(cat, lang))}</li>`);
  html.push(`<ul class="legend">${legend.join('')}</ul>`);
  return html.join('\n');
}

function findingsSection(report: ScanReport, t: Labels, lang: UiLang): string {
  const s = report.summary;
  const categories = Object.keys(s.byCategory).sort((a, b) => categoryTitle(a, lang).localeCompare(categoryTitle(b, lang), lang));
  const sites = [...new Set(report.findings.map((f) => siteOf(f.url, report.targets)))].sort();
  const option = (value: string, text: string) => `<option value="${h(value)}">${h(text)}</option>`;
  const sev = (['high', 'medium', 'low'] as const)
    .map((k) => `<label><input type="checkbox" name="f-sev" value="${k}" checked> ${h(t[k])} (${s.bySeverity[k] ?? 0})</label>`)
    .join('');
  const status = report.diff
    ? `<label><span>${h(t.status)}</span><select id="f-status">${option('', t.allStatuses)}${option('new', t.statusNew)}${option('unchanged', t.statusUnchanged)}</select></label>`
    : '';
  return `<section id="findings-section">
<h2>${h(t.findings.charAt(0).toUpperCase() + t.findings.slice(1))}</h2>
<div class="controls" role="search">
<label><span>${h(t.search)}</span><input id="f-search" type="search" placeholder="${h(t.searchPlaceholder)}" autocomplete="off"></label>
<fieldset><legend>${h(t.severity)}</legend>${sev}</fieldset>
<label><span>${h(t.category)}</span><select id="f-category">${option('', t.allCategories)}${categories.map((c) => option(c, `${categoryTitle(c, lang)} (${s.byCategory[c]})`)).join('')}</select></label>
<label><span>${h(t.site)}</span><select id="f-site">${option('', t.allSites)}${sites.map((x) => option(x, x)).join('')}</select></label>
${status}
<label><span>${h(t.sort)}</span><select id="f-sort">${option('severity', t.sortSeverity)}${option('count', t.sortCount)}${option('address', t.sortAddress)}${report.diff ? option('new', t.sortNew) : ''}</select></label>
<button type="button" id="f-reset">${h(t.reset)}</button>
<button type="button" id="print">${h(t.print)}</button>
</div>
<p id="shown-count" aria-live="polite">${report.findings.length ? '' : h(t.noFindings)}</p>
<div id="findings"></div>
${report.findings.length ? `<noscript><p class="banner warn">${h(t.noscript)}</p></noscript>` : ''}
</section>`;
}

function failedSection(report: ScanReport, t: Labels): string {
  const failed = failedPages(report);
  if (!failed.length) return '';
  const items = failed.slice(0, 200).map((p) => `<li>${h(p.url)} — ${h(p.status || '-')} ${h(p.error ?? '')}</li>`);
  if (failed.length > 200) items.push(`<li>${h(format(t.andMore, { n: failed.length - 200 }))}</li>`);
  return `<details id="failed-pages"><summary>${h(t.failedPages)} (${failed.length})</summary><ul>${items.join('')}</ul></details>`;
}

function resolvedSection(report: ScanReport, t: Labels, lang: UiLang): string {
  const resolved = report.diff?.resolvedFindings ?? [];
  if (!resolved.length) return '';
  const items = resolved.slice(0, 500).map((f) => `<li><span class="badge">${h(t.statusFixed)}</span> ${h(categoryTitle(f.category, lang))} — ${h(f.url)}: « ${h(f.text)} »</li>`);
  if (resolved.length > 500) items.push(`<li>${h(format(t.andMore, { n: resolved.length - 500 }))}</li>`);
  return `<details id="resolved"><summary>${h(t.resolvedTitle)} (${resolved.length})</summary><ul>${items.join('')}</ul></details>`;
}
