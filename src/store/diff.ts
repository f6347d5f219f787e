/**
 * What changed between two scans of the same targets. A finding of the later scan is new or
 * unchanged (same stable id); a finding of the earlier scan that is gone is resolved when its
 * page was read again and no longer makes the claim, or listed with its page when the page
 * itself is gone (404/410, or not found any more by a scan that ran to the end). Findings on
 * pages that could not be read this time (network error, 5xx) are neither: "not rechecked".
 */
import type { Finding } from '../model/finding.js';
import type { ReportDiff } from '../model/report-model.js';
export { diffSummaryLine } from '../report/diff-line.js';
import type { Db } from './database.js';
import { FindingDecoder } from './finding-codec.js';
import type { ScanInfo } from './scans.js';

export interface GonePage {
  url: string;
  title: string;
  /** status in the later scan; absent when the later scan did not come across the page at all */
  status?: number;
  findings: Finding[];
}

export interface ScanDiff {
  from: ScanInfo;
  to: ScanInfo;
  new: Finding[];
  unchanged: Finding[];
  resolved: Finding[];
  pagesGone: GonePage[];
  notRechecked: Finding[];
}

export interface DiffOptions {
  /** findings to leave out everywhere (triaged as false positive or ignored) */
  hidden?: (findingId: string) => boolean;
}

const GONE_STATUS = new Set([404, 410]);

export function diffScans(db: Db, from: ScanInfo, to: ScanInfo, options: DiffOptions = {}): ScanDiff {
  const decoder = new FindingDecoder(db);
  const later = db
    .prepare(
      `SELECT b.data, b.rule_hash, b.finding_id, EXISTS (SELECT 1 FROM findings a WHERE a.scan_id = @from AND a.finding_id = b.finding_id) AS seen
       FROM findings b LEFT JOIN pages p ON p.scan_id = b.scan_id AND p.url = b.url
       WHERE b.scan_id = @to ORDER BY p.seq, b.rowid`,
    )
    .all({ from: from.id, to: to.id }) as Array<{ data: string; rule_hash: string; finding_id: string; seen: number }>;
  const shown = later.filter((r) => !options.hidden?.(r.finding_id));
  return {
    from,
    to,
    new: decoder.rows(shown.filter((r) => !r.seen)),
    unchanged: decoder.rows(shown.filter((r) => r.seen)),
    ...earlierOnly(db, decoder, from, to, options),
  };
}

/**
 * The diff as the JSON report carries it, computed without reading the later scan's findings
 * back (only their ids): what a scan does at its end.
 */
export function reportDiffOf(db: Db, from: ScanInfo, to: ScanInfo, options: DiffOptions = {}): ReportDiff {
  const later = db
    .prepare(`SELECT b.finding_id AS id, EXISTS (SELECT 1 FROM findings a WHERE a.scan_id = @from AND a.finding_id = b.finding_id) AS seen FROM findings b WHERE b.scan_id = @to`)
    .all({ from: from.id, to: to.id }) as Array<{ id: string; seen: number }>;
  const status: ReportDiff['status'] = {};
  let fresh = 0;
  for (const r of later) {
    if (options.hidden?.(r.id)) continue;
    status[r.id] = r.seen ? 'unchanged' : 'new';
    if (!r.seen) fresh++;
  }
  const rest = earlierOnly(db, new FindingDecoder(db), from, to, options);
  return {
    since: from.startedAt,
    previousScanId: from.id,
    new: fresh,
    unchanged: Object.keys(status).length - fresh,
    resolved: rest.resolved.length,
    pagesGone: rest.pagesGone.length,
    status,
    resolvedFindings: rest.resolved,
  };
}

/** Findings only the earlier scan has, sorted by what became of their page in the later one; and the pages gone. */
function earlierOnly(db: Db, decoder: FindingDecoder, from: ScanInfo, to: ScanInfo, options: DiffOptions): Pick<ScanDiff, 'resolved' | 'pagesGone' | 'notRechecked'> {
  const earlier = db
    .prepare(
      `SELECT a.data, a.rule_hash, a.finding_id, a.url, pa.title, pb.status AS now_status, pb.url IS NOT NULL AS now_read
       FROM findings a
       LEFT JOIN pages pa ON pa.scan_id = a.scan_id AND pa.url = a.url
       LEFT JOIN pages pb ON pb.scan_id = @to AND pb.url = a.url
       WHERE a.scan_id = @from
         AND NOT EXISTS (SELECT 1 FROM findings b WHERE b.scan_id = @to AND b.finding_id = a.finding_id)
       ORDER BY pa.seq, a.rowid`,
    )
    .all({ from: from.id, to: to.id }) as Array<{ data: string; rule_hash: string; finding_id: string; url: string; title: string | null; now_status: number | null; now_read: number }>;

  const toComplete = to.state === 'done';
  const resolved: Finding[] = [];
  const notRechecked: Finding[] = [];
  const gone = new Map<string, GonePage>();
  const isGone = (read: number, status: number | null): boolean => (read ? GONE_STATUS.has(status ?? 0) : toComplete);

  for (const r of earlier) {
    if (options.hidden?.(r.finding_id)) continue;
    const finding = decoder.decode(r.data, r.rule_hash);
    if (isGone(r.now_read, r.now_status)) {
      gonePage(gone, r.url, r.title ?? '', r.now_read ? r.now_status ?? undefined : undefined).findings.push(finding);
    } else if (r.now_read && r.now_status !== null && r.now_status >= 200 && r.now_status < 400) {
      resolved.push(finding);
    } else {
      notRechecked.push(finding);
    }
  }

  // Pages gone without findings are listed too: the diff says which pages disappeared.
  const pagesGone = db
    .prepare(
      `SELECT pa.url, pa.title, pb.status AS now_status, pb.url IS NOT NULL AS now_read
       FROM pages pa LEFT JOIN pages pb ON pb.scan_id = @to AND pb.url = pa.url
       WHERE pa.scan_id = @from AND pa.status BETWEEN 200 AND 399
         AND ((pb.url IS NULL AND @complete) OR pb.status IN (404, 410))
       ORDER BY pa.seq`,
    )
    .all({ from: from.id, to: to.id, complete: toComplete ? 1 : 0 }) as Array<{ url: string; title: string; now_status: number | null; now_read: number }>;
  const ordered: GonePage[] = [];
  for (const p of pagesGone) {
    ordered.push(gone.get(p.url) ?? gonePage(gone, p.url, p.title, p.now_read ? p.now_status ?? undefined : undefined));
    gone.delete(p.url);
  }
  ordered.push(...gone.values()); // pages that had failed in the earlier scan yet carried findings: none in practice
  return { resolved, pagesGone: ordered, notRechecked };
}

function gonePage(map: Map<string, GonePage>, url: string, title: string, status: number | undefined): GonePage {
  let page = map.get(url);
  if (!page) {
    page = { url, title, ...(status !== undefined ? { status } : {}), findings: [] };
    map.set(url, page);
  }
  return page;
}

/** The diff as the JSON report carries it. */
export function reportDiff(diff: ScanDiff): ReportDiff {
  const status: ReportDiff['status'] = {};
  for (const f of diff.new) status[f.id] = 'new';
  for (const f of diff.unchanged) status[f.id] = 'unchanged';
  return {
    since: diff.from.startedAt,
    previousScanId: diff.from.id,
    new: diff.new.length,
    unchanged: diff.unchanged.length,
    resolved: diff.resolved.length,
    pagesGone: diff.pagesGone.length,
    status,
    resolvedFindings: diff.resolved,
  };
}

export interface DiffCounts {
  /** findings of the later scan not triaged away */
  visible: number;
  new: number;
  /** findings of the earlier scan whose page was read again without them */
  resolved: number;
}

/** The diff's numbers only, counted in SQL (scan lists); triaged-away findings are not counted. */
export function diffCounts(db: Db, from: Pick<ScanInfo, 'id'> | undefined, to: Pick<ScanInfo, 'id'>): DiffCounts {
  const hidden = `(SELECT t.finding_id FROM triage t JOIN (SELECT MAX(id) AS id FROM triage GROUP BY finding_id) l ON l.id = t.id WHERE t.status IN ('false-positive', 'ignored'))`;
  const row = db
    .prepare(
      `SELECT
         (SELECT COUNT(*) FROM findings b WHERE b.scan_id = @to AND b.finding_id NOT IN ${hidden}) AS visible,
         (SELECT COUNT(*) FROM findings b WHERE b.scan_id = @to AND b.finding_id NOT IN ${hidden}
            AND NOT EXISTS (SELECT 1 FROM findings a WHERE a.scan_id = @from AND a.finding_id = b.finding_id)) AS new,
         (SELECT COUNT(*) FROM findings a JOIN pages pb ON pb.scan_id = @to AND pb.url = a.url
            WHERE a.scan_id = @from AND a.finding_id NOT IN ${hidden} AND pb.status BETWEEN 200 AND 399
            AND NOT EXISTS (SELECT 1 FROM findings b WHERE b.scan_id = @to AND b.finding_id = a.finding_id)) AS resolved`,
    )
    .get({ from: from?.id ?? -1, to: to.id }) as DiffCounts;
  return row;
}
