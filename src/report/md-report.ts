/**
 * Markdown: the report as a ticket or an e-mail would carry it — summary first, then the
 * findings by site and page. Page text is escaped so it can never become markup, a link or HTML.
 */
import type { Finding } from '../model/finding.js';
import { httpUrl, textFragmentUrl } from './escape.js';
import { categoryTitle, format, labels, type Labels, type UiLang } from './i18n.js';
import type { ScanReport } from '../model/report-model.js';
import { dayOf, failedPages, findingStatus, groupFindings, isPageLevel, utcStamp } from './report-view.js';

export interface MdOptions {
  uiLang: UiLang;
}

/** Inline Markdown text: whitespace collapsed, every character that could start markup escaped. */
export function escapeMd(value: unknown, trim = true): string {
  const text = String(value ?? '').replace(/\s+/g, ' ');
  return (trim ? text.trim() : text).replace(/[\\`*_[\]<>|&~#]/g, (c) => `\\${c}`);
}

/** `[label](<url>)` for an http(s) URL, the escaped label alone otherwise. */
function link(label: string, url: string | undefined): string {
  const safe = httpUrl(url);
  return safe ? `[${escapeMd(label)}](<${safe.replace(/[<>\s]/g, encodeURIComponent)}>)` : escapeMd(label);
}

export function renderMarkdown(report: ScanReport, options: MdOptions): string {
  const lang = options.uiLang;
  const t = labels(lang);
  const s = report.summary;
  const out: string[] = [];
  out.push(`# ${t.reportTitle}`, '');
  out.push(
    `${t.scanned} ${utcStamp(report.startedAt)} · ${t.targets}${t.colon}${report.targets.map((x) => escapeMd(x)).join(', ')} · ${t.generatedBy} claimscan ${escapeMd(report.tool.version)}` +
      (report.packs.length ? ` · ${t.rulePacks}${t.colon}${report.packs.map((p) => `${escapeMd(p.name)} ${escapeMd(p.version)}`).join(', ')}` : ''),
    '',
  );
  if (report.interrupted) out.push(`> **${t.interrupted}**`, '');
  const sev = (['high', 'medium', 'low'] as const).map((k) => `${t[k]} ${s.bySeverity[k] ?? 0}`).join(' · ');
  out.push(`**${s.findings} ${t.findings}** (${sev}) · ${s.pagesWithFindings} ${t.pagesWithFindings} / ${s.pages} ${t.pagesScanned}${s.pagesFailed ? ` · ${s.pagesFailed} ${t.pagesFailed}` : ''}`, '');
  if (report.diff) {
    const d = report.diff;
    out.push(format(t.since, { new: d.new, unchanged: d.unchanged, resolved: d.resolved, date: dayOf(d.since) }) + (d.pagesGone ? ` · ${format(t.pagesGone, { n: d.pagesGone })}` : ''), '');
  }
  const categories = Object.entries(s.byCategory).sort((a, b) => b[1] - a[1]);
  if (categories.length) {
    out.push(`| ${t.category} | ${t.count} |`, '|---|---:|');
    for (const [id, n] of categories) out.push(`| ${escapeMd(categoryTitle(id, lang))} | ${n} |`);
    out.push('');
  }
  if (!report.findings.length) out.push(t.noFindings, '');
  for (const site of groupFindings(report)) {
    out.push(`## ${escapeMd(site.site)} (${site.findings} ${t.findings})`, '');
    for (const group of site.pages) {
      out.push(`### ${link(group.title || group.url, group.url)}`, '');
      const evidence = [escapeMd(group.url)];
      if (group.page?.fetchedAt) evidence.push(`${t.fetchedAt} ${utcStamp(group.page.fetchedAt)}`);
      if (group.page?.sha256) evidence.push(`${t.sha256} ${escapeMd(group.page.sha256)}`);
      if (group.page?.screenshot && !group.page.screenshot.startsWith('data:')) evidence.push(`${t.screenshot}${t.colon}${escapeMd(group.page.screenshot)}`);
      out.push(evidence.join(' · '), '');
      group.findings.forEach((f, i) => out.push(...renderFindingMd(f, i + 1, report, t, lang), ''));
    }
  }
  const resolved = report.diff?.resolvedFindings ?? [];
  if (resolved.length) {
    out.push(`## ${t.resolvedTitle} (${resolved.length})`, '');
    for (const f of resolved) out.push(`- ${escapeMd(categoryTitle(f.category, lang))} — ${link(f.pageTitle || f.url, f.url)}: « ${escapeMd(f.text)} »`);
    out.push('');
  }
  const failed = failedPages(report);
  if (failed.length) {
    out.push(`## ${t.failedPages} (${failed.length})`, '');
    for (const p of failed.slice(0, 100)) out.push(`- ${escapeMd(p.url)} — ${p.status || '-'} ${escapeMd(p.error ?? '')}`);
    if (failed.length > 100) out.push(`- ${format(t.andMore, { n: failed.length - 100 })}`);
    out.push('');
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

function renderFindingMd(f: Finding, n: number, report: ScanReport, t: Labels, lang: UiLang): string[] {
  const status = findingStatus(report, f);
  const triage = report.triage?.[f.id];
  const head = [
    `**${escapeMd((t[f.severity as 'high'] ?? f.severity).toUpperCase())}**`,
    escapeMd(categoryTitle(f.category, lang)),
    escapeMd(f.ruleId),
    ...(f.confidence !== undefined ? [`${t.confidence}${t.colon}${f.confidence.toFixed(2)}`] : []),
    ...(status ? [`_${status === 'new' ? t.statusNew : t.statusUnchanged}_`] : []),
    ...(triage ? [`${t.triage}${t.colon}${escapeMd(t[`triage_${triage.status}` as keyof Labels] ?? triage.status)}`] : []),
  ];
  const sentence = isPageLevel(f)
    ? `${escapeMd(f.text)} (${t.pageLevel})`
    : highlightMd(f.text, f.matchStart, f.matchEnd);
  const lines = [`${n}. ${head.join(' · ')}`, `   > ${sentence}`, ''];
  if (f.headingPath.length) lines.push(`   ${t.under}${t.colon}${f.headingPath.map((x) => escapeMd(x)).join(' › ')}  `);
  lines.push(`   ${t.why}${t.colon}${escapeMd(f.message)}  `);
  if (f.pageEvidence) {
    const e = f.pageEvidence;
    lines.push(`   ${escapeMd(format(t.lookedFor, { n: e.sentencesChecked }))}${t.colon}${e.lookedFor.map((p) => `\`${p.replace(/`/g, "'")}\``).join(', ')}  `);
    if (e.claims.length) lines.push(`   ${t.claimsOnPage}${t.colon}${e.claims.map((c) => `« ${escapeMd(c.text)} » (${c.categories.map((id) => escapeMd(categoryTitle(id, lang))).join(', ')})`).join(' ; ')}${e.moreClaims ? ` ${escapeMd(format(t.andMore, { n: e.moreClaims }))}` : ''}  `);
    if (e.namedIn) lines.push(`   ${t.namedIn}${t.colon}« ${escapeMd(e.namedIn)} »  `);
  }
  lines.push(`   ${t.source}${t.colon}« ${escapeMd(f.source.quote)} » — ${link(f.source.title || f.source.document, f.source.url)}  `);
  if (f.source.translation) lines.push(`   _${escapeMd(format(t.translation, { lang: f.source.translation.lang }))}${t.colon}« ${escapeMd(f.source.translation.text)} »_  `);
  const live = isPageLevel(f) ? undefined : textFragmentUrl(f.url, f.text);
  if (live) lines.push(`   ${link(t.livePageLink, live)}`);
  return lines;
}

/** The sentence with its claim in bold (spaces kept outside the `**`, or Markdown would not bold it). */
function highlightMd(text: string, start: number, end: number): string {
  const match = text.slice(start, end);
  const lead = match.length - match.trimStart().length;
  const trail = match.length - match.trimEnd().length;
  const [a, b] = [start + lead, Math.max(start + lead, end - trail)];
  if (a === b) return escapeMd(text);
  return `${escapeMd(text.slice(0, a), false).trimStart()}**${escapeMd(text.slice(a, b), false)}**${escapeMd(text.slice(b), false).trimEnd()}`;
}
