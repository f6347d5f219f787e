/** Reading a stored scan back: its pages (as the report lists them) and its findings. */
import type { Finding } from '../model/finding.js';
import type { PageRecord } from '../model/report-model.js';
import type { Db } from './database.js';
import { FindingDecoder } from './finding-codec.js';
import { decodePageText, type StoredPageText } from './page-content.js';

export interface PageRow {
  scan_id: number;
  url: string;
  seq: number;
  final_url: string | null;
  status: number;
  error: string | null;
  note: string | null;
  content_type: string | null;
  sha256: string | null;
  bytes: number | null;
  depth: number | null;
  rendered: number;
  title: string;
  lang: string;
  fetched_at: string | null;
  findings: number;
  screenshot: string | null;
  content: string | null;
}

export function pageRecordOf(r: PageRow, findings = r.findings): PageRecord {
  return {
    url: r.url,
    ...(r.final_url ? { finalUrl: r.final_url } : {}),
    title: r.title,
    lang: r.lang,
    status: r.status,
    ...(r.error ? { error: r.error } : {}),
    ...(r.fetched_at ? { fetchedAt: r.fetched_at } : {}),
    ...(r.sha256 ? { sha256: r.sha256 } : {}),
    ...(r.rendered ? { rendered: true } : {}),
    findings,
    ...(r.note ? { note: r.note } : {}),
    ...(r.screenshot ? { screenshot: r.screenshot } : {}),
  };
}

/** Pages of a scan in the order they were read. */
export function scanPages(db: Db, scanId: number): PageRow[] {
  return db.prepare(`SELECT * FROM pages WHERE scan_id = ? ORDER BY seq`).all(scanId) as PageRow[];
}

/** Findings of a scan, page by page in reading order. */
export function scanFindings(db: Db, scanId: number): Finding[] {
  const rows = db
    .prepare(`SELECT f.data, f.rule_hash FROM findings f LEFT JOIN pages p ON p.scan_id = f.scan_id AND p.url = f.url WHERE f.scan_id = ? ORDER BY p.seq, f.rowid`)
    .all(scanId) as Array<{ data: string; rule_hash: string }>;
  return new FindingDecoder(db).rows(rows);
}

/** The latest stored copy of a finding, and the scans it appears in (newest first). */
export function findingHistory(db: Db, findingId: string): { finding?: Finding; scans: Array<{ id: number; startedAt: string }> } {
  const rows = db
    .prepare(`SELECT f.data, f.rule_hash, s.id, s.started_at FROM findings f JOIN scans s ON s.id = f.scan_id WHERE f.finding_id = ? ORDER BY s.id DESC`)
    .all(findingId) as Array<{ data: string; rule_hash: string; id: number; started_at: string }>;
  return { finding: rows.length ? new FindingDecoder(db).decode(rows[0].data, rows[0].rule_hash) : undefined, scans: rows.map((r) => ({ id: r.id, startedAt: r.started_at })) };
}

/** Stored text of a page fetch, or undefined when none was kept (failed fetch, older scan). */
export function pageText(db: Db, hash: string): StoredPageText | undefined {
  const row = db.prepare(`SELECT codec, data FROM contents WHERE hash = ?`).get(hash) as { codec: string; data: Buffer } | undefined;
  return row && decodePageText(row.codec, row.data);
}
