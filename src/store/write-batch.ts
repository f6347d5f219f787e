/**
 * The writes of a scan to its history, as plain data: pages with their findings and text, and
 * the crawl frontier's changes, in the order they happened. A batch is applied in one
 * transaction — on the scan's thread, or on a worker thread (`history-worker.ts`) so that
 * compressing page text and writing SQLite take nothing from the crawl and the analysis.
 */
import type { Db } from './database.js';
import { compressPageText } from './page-content.js';

/** Values of a `pages` row, in the column order of `INSERT_PAGE`. */
export type PageRowValues = [
  scanId: number, url: string, seq: number, finalUrl: string | null, status: number, error: string | null, note: string | null,
  contentType: string | null, sha256: string | null, bytes: number | null, depth: number | null, rendered: number, title: string,
  lang: string, fetchedAt: string | null, findings: number, screenshot: string | null, content: string | null,
];

/** Values of a `findings` row: finding id, url, rule id, severity, category, rule hash, own data. */
export type FindingRowValues = [findingId: string, url: string, ruleId: string, severity: string, category: string, ruleHash: string, data: string];

export type WriteOp =
  | {
      kind: 'page';
      row: PageRowValues;
      /** the scan stored this URL already: its findings are replaced */
      replace: boolean;
      content?: { hash: string; codec: string; json: string };
      /** rule parts of findings not written yet: [hash, json] */
      rules: Array<[string, string]>;
      findings: FindingRowValues[];
    }
  | { kind: 'frontier-add'; key: string; url: string; depth: number; seq: number }
  | { kind: 'frontier-done'; key: string };

export interface WriteBatch {
  scanId: number;
  ops: WriteOp[];
  /** the scan's running totals after this batch */
  counts: { pages: number; pagesFailed: number; findings: number };
}

const INSERT_PAGE = `INSERT OR REPLACE INTO pages (scan_id, url, seq, final_url, status, error, note, content_type, sha256, bytes, depth, rendered, title, lang, fetched_at, findings, screenshot, content)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export class BatchApplier {
  private readonly knownContent = new Set<string>();
  private readonly insertPage;
  private readonly insertFinding;
  private readonly insertRule;
  private readonly deletePageFindings;
  private readonly hasContent;
  private readonly insertContent;
  private readonly frontierAdd;
  private readonly frontierDone;
  private readonly updateCounts;

  constructor(private readonly db: Db) {
    this.insertPage = db.prepare(INSERT_PAGE);
    this.insertFinding = db.prepare(`INSERT OR REPLACE INTO findings (scan_id, finding_id, url, rule_id, severity, category, rule_hash, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertRule = db.prepare(`INSERT OR IGNORE INTO finding_rules (hash, data) VALUES (?, ?)`);
    this.deletePageFindings = db.prepare(`DELETE FROM findings WHERE scan_id = ? AND url = ?`);
    this.hasContent = db.prepare(`SELECT 1 FROM contents WHERE hash = ?`).pluck();
    this.insertContent = db.prepare(`INSERT OR IGNORE INTO contents (hash, codec, size, data) VALUES (?, ?, ?, ?)`);
    this.frontierAdd = db.prepare(`INSERT OR IGNORE INTO frontier (scan_id, key, url, depth, seq) VALUES (?, ?, ?, ?, ?)`);
    this.frontierDone = db.prepare(`UPDATE frontier SET done = 1 WHERE scan_id = ? AND key = ?`);
    this.updateCounts = db.prepare(`UPDATE scans SET pages = ?, pages_failed = ?, findings = ? WHERE id = ?`);
  }

  apply(batch: WriteBatch): void {
    const scanId = batch.scanId;
    this.db.transaction(() => {
      for (const op of batch.ops) {
        if (op.kind === 'frontier-add') this.frontierAdd.run(scanId, op.key, op.url, op.depth, op.seq);
        else if (op.kind === 'frontier-done') this.frontierDone.run(scanId, op.key);
        else {
          const c = op.content;
          if (c && !this.knownContent.has(c.hash)) {
            if (!this.hasContent.get(c.hash)) this.insertContent.run(c.hash, c.codec, Buffer.byteLength(c.json), compressPageText(c.json));
            this.knownContent.add(c.hash);
          }
          if (op.replace) this.deletePageFindings.run(scanId, op.row[1]);
          this.insertPage.run(...op.row);
          for (const [hash, json] of op.rules) this.insertRule.run(hash, json);
          for (const f of op.findings) this.insertFinding.run(scanId, ...f);
        }
      }
      this.updateCounts.run(batch.counts.pages, batch.counts.pagesFailed, batch.counts.findings, scanId);
    }).immediate(); // take the write lock first: another claimscan writing the same file is waited for, not an error
  }
}
