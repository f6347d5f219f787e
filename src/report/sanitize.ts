/**
 * What a scanned site put in its pages reaches terminals, spreadsheets and files: control
 * characters (ESC sequences that rewrite a terminal, NUL, bidirectional overrides that make a
 * text read backwards) are removed from every string of a report before any format is made,
 * credentials are removed from URLs, and the numbers of a report read back from a file are
 * numbers again (a tampered JSON cannot smuggle markup through a count).
 */
import type { ScanReport } from '../model/report-model.js';
import { stripControls, withoutCredentials } from '../model/text-safety.js';

export { stripControls, withoutCredentials };

const URL_KEYS = new Set(['url', 'finalUrl', 'targets']);

/** A deep copy of a value with every string cleaned (and URLs under url keys freed of credentials). */
export function sanitizeValue<T>(value: T, key?: string): T {
  if (typeof value === 'string') {
    const clean = stripControls(value);
    return (key && URL_KEYS.has(key) ? withoutCredentials(clean) : clean) as T;
  }
  if (Array.isArray(value)) return value.map((v) => sanitizeValue(v, key)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = sanitizeValue(v, k);
    return out as T;
  }
  return value;
}

function num(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

function counts(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out[stripControls(k)] = num(v);
  return out;
}

/**
 * A report fit to render: strings cleaned, URLs without credentials, every count a number.
 * Applied by `renderReport`, so reports read back from a file (`claimscan report`) get it too.
 */
export function sanitizeReport(report: ScanReport): ScanReport {
  const r = sanitizeValue(report);
  const s = (r.summary ?? {}) as Partial<ScanReport['summary']>;
  const summary: ScanReport['summary'] = {
    ...s,
    pages: num(s.pages),
    pagesWithFindings: num(s.pagesWithFindings),
    pagesFailed: num(s.pagesFailed),
    ...(s.pagesAnalysed !== undefined ? { pagesAnalysed: num(s.pagesAnalysed) } : {}),
    ...(s.pagesSkipped !== undefined ? { pagesSkipped: num(s.pagesSkipped) } : {}),
    ...(s.inlineOptOutsIgnored !== undefined ? { inlineOptOutsIgnored: num(s.inlineOptOutsIgnored) } : {}),
    findings: num(s.findings),
    bySeverity: counts(s.bySeverity),
    byCategory: counts(s.byCategory),
  };
  const pages = (Array.isArray(r.pages) ? r.pages : []).map((p) => ({ ...p, status: num(p.status), findings: num(p.findings) }));
  const findings = (Array.isArray(r.findings) ? r.findings : []).map((f) => ({ ...f, matchStart: num(f.matchStart), matchEnd: num(f.matchEnd) }));
  const diff = r.diff
    ? { ...r.diff, new: num(r.diff.new), unchanged: num(r.diff.unchanged), resolved: num(r.diff.resolved), pagesGone: num(r.diff.pagesGone) }
    : undefined;
  return { ...r, summary, pages, findings, ...(diff ? { diff } : {}), targets: Array.isArray(r.targets) ? r.targets : [], packs: Array.isArray(r.packs) ? r.packs : [] };
}
