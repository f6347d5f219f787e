/** What every human-readable format derives from the JSON report: sites, page groups, ordering. */
import type { Finding } from '../model/finding.js';
import { pageState } from '../model/page-state.js';
import type { PageRecord, ScanReport } from '../model/report-model.js';
import { pageResult } from './summary.js';

export const SEVERITY_ORDER: Record<string, number> = { high: 0, medium: 1, low: 2 };

/**
 * The site a page belongs to: host[:port] for web pages. A local file's "site" is the folder that
 * was scanned (`site/`), found among the report's targets, else the folder that holds the file;
 * text from stdin is `stdin`.
 */
export function siteOf(url: string, targets: readonly string[] = []): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (u.host) return u.host;
  if (u.protocol !== 'file:') return u.protocol.replace(/:$/, '') || url;
  let segments: string[];
  try {
    segments = decodeURIComponent(u.pathname).split('/').filter(Boolean);
  } catch {
    segments = u.pathname.split('/').filter(Boolean);
  }
  const names = new Set(targets.map((t) => t.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '').filter((n) => n && n !== '.' && n !== '..' && !/^[a-z][a-z0-9+.-]*:/i.test(n)));
  // the outermost folder (or file) of the path that a target names
  const i = segments.findIndex((s) => names.has(s));
  if (i >= 0) return i === segments.length - 1 ? segments[i] : `${segments[i]}/`;
  return segments.length > 1 ? `${segments[segments.length - 2]}/` : segments[0] ?? 'file';
}

export interface PageGroup {
  url: string;
  page?: PageRecord;
  title: string;
  findings: Finding[];
}

export interface SiteGroup {
  site: string;
  pages: PageGroup[];
  findings: number;
}

/**
 * Findings grouped by site, then page: sites and pages with the most severe and most numerous
 * findings first; within a page, most severe first, then in the order of the page.
 */
export function groupFindings(report: Pick<ScanReport, 'pages' | 'findings'> & { targets?: string[] }): SiteGroup[] {
  const pages = new Map(report.pages.map((p) => [p.url, p]));
  const byPage = new Map<string, PageGroup>();
  for (const f of report.findings) {
    let group = byPage.get(f.url);
    if (!group) {
      const page = pages.get(f.url);
      group = { url: f.url, page, title: page?.title || f.pageTitle || '', findings: [] };
      byPage.set(f.url, group);
    }
    group.findings.push(f);
  }
  const sites = new Map<string, SiteGroup>();
  for (const group of byPage.values()) {
    group.findings = stableSort(group.findings, (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    const key = siteOf(group.url, report.targets);
    const site = sites.get(key) ?? { site: key, pages: [], findings: 0 };
    site.pages.push(group);
    site.findings += group.findings.length;
    sites.set(key, site);
  }
  const weight = (fs: Finding[]) => [Math.min(...fs.map((f) => SEVERITY_ORDER[f.severity])), -fs.length] as const;
  const byWeight = (a: readonly [number, number], b: readonly [number, number]) => a[0] - b[0] || a[1] - b[1];
  const out = [...sites.values()];
  for (const s of out) s.pages.sort((a, b) => byWeight(weight(a.findings), weight(b.findings)) || a.url.localeCompare(b.url));
  out.sort((a, b) => byWeight(weight(a.pages.flatMap((p) => p.findings)), weight(b.pages.flatMap((p) => p.findings))) || a.site.localeCompare(b.site));
  return out;
}

function stableSort<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  return items.map((item, i) => ({ item, i })).sort((a, b) => compare(a.item, b.item) || a.i - b.i).map((x) => x.item);
}

/** A page-level finding (the whole page, e.g. no risk disclosure) has no span of text to point at. */
export function isPageLevel(f: Finding): boolean {
  return f.match === '' && f.matchStart === f.matchEnd;
}

/** The finding's status against the earlier scan, when the report has a diff. */
export function findingStatus(report: Pick<ScanReport, 'diff'>, f: Finding): 'new' | 'unchanged' | undefined {
  return report.diff?.status[f.id];
}

/** Pages that could not be read (same rule as the summary). */
export function failedPages(report: Pick<ScanReport, 'pages'>): PageRecord[] {
  return report.pages.filter((p) => pageState(p) === 'failed');
}

/** `2026-11-25 14:03:12 UTC`: exact, and the same in every language. */
export function utcStamp(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** `2026-11-25`: the day part, for sentences like "since 2026-11-17". */
export function dayOf(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}
