/**
 * Confidence in reports: findings listed most likely right first, and a floor under which they
 * are left out (`--min-confidence`). A finding without a confidence (a report written before
 * claimscan had them) counts as 1 for the sort and is always kept.
 */
import type { Finding } from '../model/finding.js';
import type { ScanReport } from '../model/report-model.js';

export const confidenceOf = (f: Finding): number => f.confidence ?? 1;

/** Findings sorted by confidence, highest first (stable: equal confidences keep their order). */
export function byConfidence(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => confidenceOf(b.f) - confidenceOf(a.f) || a.i - b.i)
    .map((x) => x.f);
}

/** Parse `--min-confidence`: a number from 0 to 1; undefined when not given. */
export function parseMinConfidence(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (String(value).trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new RangeError(`--min-confidence takes a number from 0 to 1, not "${value}"`);
  return n;
}

/** Does a finding pass the floor? */
export function meetsConfidence(f: Finding, min: number | undefined): boolean {
  return min === undefined || f.confidence === undefined || f.confidence >= min;
}

/**
 * The report with findings under `min` left out (summary and page counts follow) and the
 * findings sorted by confidence.
 */
export function applyConfidence(report: ScanReport, min: number | undefined): ScanReport {
  const kept = report.findings.filter((f) => meetsConfidence(f, min));
  if (kept.length === report.findings.length) return { ...report, findings: byConfidence(kept) };
  const perPage = new Map<string, number>();
  const bySeverity: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  for (const f of kept) {
    perPage.set(f.url, (perPage.get(f.url) ?? 0) + 1);
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
  }
  const pages = report.pages.map((p) => ({ ...p, findings: perPage.get(p.url) ?? 0 }));
  return {
    ...report,
    pages,
    findings: byConfidence(kept),
    summary: { ...report.summary, findings: kept.length, pagesWithFindings: pages.filter((p) => p.findings > 0).length, bySeverity, byCategory },
  };
}
