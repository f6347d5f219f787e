/**
 * CSV: one finding a row, for a spreadsheet. UTF-8 with a BOM (so Excel reads accents), CRLF
 * line ends, every cell quoted. The separator is `;` for a French report (what French Excel
 * expects) and `,` otherwise. Cells that a spreadsheet would run as a formula are neutralised.
 */
import type { Finding } from '../model/finding.js';
import { textFragmentUrl } from './escape.js';
import { categoryTitle, labels, type UiLang } from './i18n.js';
import type { PageRecord, ScanReport } from '../model/report-model.js';
import { findingStatus, isPageLevel, siteOf } from './report-view.js';

export const CSV_BOM = '\ufeff';

export interface CsvOptions {
  uiLang: UiLang;
  /** override the separator */
  delimiter?: ',' | ';' | '\t';
}

/**
 * A cell a spreadsheet will not evaluate: text starting with = + - @ (also after spaces), a tab
 * or a carriage return gets a leading apostrophe (OWASP's advice for CSV injection).
 */
export function neutraliseCell(value: string): string {
  return /^[\t\r]|^\s*[=+\-@]/.test(value) ? `'${value}` : value;
}

function cell(value: unknown): string {
  const text = neutraliseCell(value === undefined || value === null ? '' : String(value));
  return `"${text.replace(/"/g, '""')}"`;
}

export function renderCsv(report: ScanReport, options: CsvOptions): string {
  const t = labels(options.uiLang);
  const sep = options.delimiter ?? (options.uiLang === 'fr' ? ';' : ',');
  const pages = new Map<string, PageRecord>(report.pages.map((p) => [p.url, p]));
  // findings fixed since the earlier scan are listed too, after the current ones, with their status
  const resolved = new Set<Finding>(report.diff?.resolvedFindings ?? []);
  type Column = [string, (f: Finding, page: PageRecord | undefined) => unknown];
  const columns: Column[] = [
    [t.severity, (f) => t[f.severity as 'high'] ?? f.severity],
    [t.category, (f) => categoryTitle(f.category, options.uiLang)],
    [`${t.category} (id)`, (f) => f.category],
    [t.site, (f) => siteOf(f.url, report.targets)],
    [t.url, (f) => f.url],
    [t.title, (f, p) => p?.title || f.pageTitle || ''],
    [t.under, (f) => f.headingPath.join(' > ')],
    [t.sentence, (f) => f.text],
    [t.claim, (f) => (isPageLevel(f) ? t.pageLevel : f.match)],
    [t.why, (f) => f.message],
    [t.document, (f) => f.source.title || f.source.document],
    [t.quote, (f) => f.source.quote],
    [t.rule, (f) => f.ruleId],
    [t.confidence, (f) => (f.confidence === undefined ? '' : f.confidence.toFixed(2))],
    [t.selector, (f) => f.selector],
    [t.lang, (f) => f.lang],
    ...(report.diff ? [[t.status, (f: Finding) => (resolved.has(f) ? t.statusFixed : statusLabel(report, f, t))] satisfies Column] : []),
    ...(report.triage ? [[t.triage, (f: Finding) => triageLabel(report, f, t)] satisfies Column] : []),
    [t.fetchedAt, (_f, p) => p?.fetchedAt ?? ''],
    [t.sha256, (_f, p) => p?.sha256 ?? ''],
    ...(report.pages.some((p) => p.screenshot) ? [[t.screenshot, (_f: Finding, p: PageRecord | undefined) => (p?.screenshot?.startsWith('data:') ? '(embedded)' : (p?.screenshot ?? ''))] satisfies Column] : []),
    [t.livePageLink, (f) => (isPageLevel(f) ? '' : textFragmentUrl(f.url, f.text) ?? '')],
    [t.id, (f) => f.id],
  ];
  const lines = [columns.map(([name]) => cell(name)).join(sep)];
  for (const f of [...report.findings, ...resolved]) {
    const page = pages.get(f.url);
    lines.push(columns.map(([, get]) => cell(get(f, page))).join(sep));
  }
  return CSV_BOM + lines.join('\r\n') + '\r\n';
}

function statusLabel(report: ScanReport, f: Finding, t: ReturnType<typeof labels>): string {
  const s = findingStatus(report, f);
  return s === 'new' ? t.statusNew : s === 'unchanged' ? t.statusUnchanged : '';
}

function triageLabel(report: ScanReport, f: Finding, t: ReturnType<typeof labels>): string {
  const d = report.triage?.[f.id];
  if (!d) return '';
  const key = `triage_${d.status}` as keyof typeof t;
  return [t[key] ?? d.status, d.note].filter(Boolean).join(': ');
}
