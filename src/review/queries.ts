/** What the review pages show, read from the history database. */
import { fold } from '../analysis/claims/normalize.js';
import { categoryTitle } from '../report/i18n.js';
import type { Finding } from '../model/finding.js';
import type { Db } from '../store/database.js';
import { diffCounts, diffScans, type DiffCounts, type GonePage } from '../store/diff.js';
import { findingHistory, scanFindings } from '../store/read-scan.js';
import { getScan, listScans, previousCompleted, type ScanInfo } from '../store/scans.js';
import { auditTrail, currentDecisions, HIDDEN_STATUSES, type TriageRow } from '../store/triage.js';

export interface ScanSummaryRow {
  scan: ScanInfo;
  previous?: ScanInfo;
  counts: DiffCounts;
}

/** Recent scans with their numbers, newest first. */
export function scanRows(db: Db, limit: number, offset: number): { rows: ScanSummaryRow[]; total: number } {
  const total = (db.prepare(`SELECT COUNT(*) FROM scans`).pluck().get() as number) ?? 0;
  const scans = db.prepare(`SELECT id FROM scans ORDER BY id DESC LIMIT ? OFFSET ?`).pluck().all(limit, offset) as number[];
  const rows = scans.map((id) => {
    const scan = getScan(db, id)!;
    const previous = previousCompleted(db, scan);
    return { scan, previous, counts: diffCounts(db, previous, scan) };
  });
  return { rows, total };
}

export interface SeriesTrend {
  series: string;
  label: string;
  points: Array<{ id: number; startedAt: string; findings: number; state: ScanInfo['state'] }>;
}

/** Findings over time for each series of scans (the latest `perSeries` scans of each). */
export function trends(db: Db, perSeries = 30): SeriesTrend[] {
  const series = db.prepare(`SELECT series, MAX(id) AS last FROM scans GROUP BY series ORDER BY last DESC LIMIT 12`).all() as Array<{ series: string }>;
  return series.map(({ series: s }) => {
    const scans = listScans(db, { series: s, limit: perSeries }).reverse();
    const last = scans[scans.length - 1];
    return {
      series: s,
      label: last.group ? `group ${last.group}` : last.targets.join(' '),
      points: scans.map((scan) => ({ id: scan.id, startedAt: scan.startedAt, findings: diffCounts(db, undefined, scan).visible, state: scan.state })),
    };
  });
}

export type DiffStatus = 'new' | 'unchanged' | 'fixed';

export interface FindingRow {
  finding: Finding;
  /** undefined for a series' first scan (nothing to compare with) */
  status?: DiffStatus;
  triage?: TriageRow;
}

export interface ScanFilters {
  status?: string;
  severity?: string;
  category?: string;
  /** open (default: not triaged away), all, untriaged, or a triage status */
  triage?: string;
  q?: string;
}

export interface ScanView {
  scan: ScanInfo;
  previous?: ScanInfo;
  rows: FindingRow[];
  /** all rows before filtering, by status, for the filter bar */
  counts: Record<string, number>;
  categories: string[];
  pagesGone: GonePage[];
  hiddenCount: number;
}

export function scanView(db: Db, id: number, filters: ScanFilters): ScanView | undefined {
  const scan = getScan(db, id);
  if (!scan) return undefined;
  const previous = previousCompleted(db, scan);
  const decisions = currentDecisions(db);
  let all: FindingRow[];
  let pagesGone: GonePage[] = [];
  if (previous) {
    const diff = diffScans(db, previous, scan);
    all = [
      ...diff.new.map((finding) => ({ finding, status: 'new' as const })),
      ...diff.unchanged.map((finding) => ({ finding, status: 'unchanged' as const })),
      ...diff.resolved.map((finding) => ({ finding, status: 'fixed' as const })),
    ];
    pagesGone = diff.pagesGone;
  } else {
    all = scanFindings(db, id).map((finding) => ({ finding }));
  }
  for (const row of all) {
    const t = decisions.get(row.finding.id);
    if (t) row.triage = t;
  }
  const counts: Record<string, number> = { new: 0, unchanged: 0, fixed: 0 };
  let hiddenCount = 0;
  for (const r of all) {
    if (r.triage && HIDDEN_STATUSES.has(r.triage.status)) hiddenCount++;
    else if (r.status) counts[r.status]++;
  }
  const triage = filters.triage || 'open';
  // accents and case folded on both sides, like the HTML report: `mesotherapie` finds « mésothérapie »
  const terms = fold(filters.q?.trim() ?? '').split(/\s+/).filter(Boolean);
  const status = filters.status || 'current';
  const rows = all.filter((r) => {
    if (status === 'current' ? r.status === 'fixed' : status !== 'any' && r.status !== status) return false;
    if (filters.severity && r.finding.severity !== filters.severity) return false;
    if (filters.category && r.finding.category !== filters.category) return false;
    if (triage === 'open' && r.triage && HIDDEN_STATUSES.has(r.triage.status)) return false;
    if (triage === 'untriaged' && r.triage) return false;
    if (triage !== 'open' && triage !== 'all' && triage !== 'untriaged' && r.triage?.status !== triage) return false;
    if (terms.length) {
      const hay = fold(`${r.finding.text} ${r.finding.url} ${r.finding.pageTitle ?? ''} ${r.finding.ruleId} ${r.finding.category} ${categoryTitle(r.finding.category, 'fr')} ${categoryTitle(r.finding.category, 'en')} ${r.finding.message}`);
      if (!terms.every((w) => hay.includes(w))) return false;
    }
    return true;
  });
  const categories = [...new Set(all.map((r) => r.finding.category))].sort();
  return { scan, previous, rows, counts, categories, pagesGone, hiddenCount };
}

export interface FindingView {
  id: string;
  finding?: Finding;
  scans: Array<{ id: number; startedAt: string }>;
  trail: TriageRow[];
}

export function findingView(db: Db, id: string): FindingView {
  const { finding, scans } = findingHistory(db, id);
  return { id, finding, scans, trail: auditTrail(db, id) };
}
