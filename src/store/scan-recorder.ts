/**
 * Keeps the history of a scan as it runs: every page fetch (status, hash, its extracted text
 * compressed) and every finding, written in batches — one transaction per batch of pages, so
 * the cost per page stays small and a killed scan leaves the database consistent: a page is
 * stored with all its findings or not at all. When the scan ends it is compared with the
 * previous one of the same targets, and triage decisions are applied: false positives and
 * ignored findings are kept in history but left out of what the report lists.
 */
import type { ExtractedPage } from '../extract/blocks.js';
import type { PageSnapshot } from '../fetch/page-snapshot.js';
import type { Finding } from '../findings/finding.js';
import type { PageRecord, ReportDiff, TriageDecision } from '../report/report-model.js';
import type { Db } from './database.js';
import { reportDiffOf } from './diff.js';
import { FindingDecoder, FindingEncoder } from './finding-codec.js';
import { encodePageText, type EncodedContent } from './page-content.js';
import { SqliteFrontier } from './sqlite-frontier.js';
import { pageRecordOf, scanPages, type PageRow } from './read-scan.js';
import { claimResumable, createScan, finishScan, getScan, previousCompleted, seriesOf, type NewScan, type ScanInfo } from './scans.js';
import { currentDecisions, decisionsForScan, HIDDEN_STATUSES, toDecision, type TriageRow } from './triage.js';

/** Pages written per transaction; a timer flushes smaller batches so a slow crawl is saved too. */
const BATCH_PAGES = 100;
const FLUSH_MS = 1000;

export interface RecorderOptions extends NewScan {
  /** continue the latest unfinished scan of the same targets instead of starting a new one */
  resume?: boolean;
}

/** Where replayed pages and findings of a resumed scan go (the report writer). */
export interface ReportSink {
  addPage(page: PageRecord): void;
  addFinding(finding: Finding): void;
}

export interface HistoryOutcome {
  scan: ScanInfo;
  diff?: ReportDiff;
  triage?: Record<string, TriageDecision>;
  /** findings of this scan no triage decision hides */
  visibleFindings: number;
}

export class ScanRecorder {
  readonly scan: ScanInfo;
  /** true when this run continues an interrupted scan */
  readonly resumed: boolean;
  private readonly decisions: Map<string, TriageRow>;
  /** pages stored for this scan (by earlier runs when resumed, or by this run), with what they count for */
  private readonly stored = new Map<string, { findings: number; failed: boolean }>();
  /** pages the interrupted run stored (a resumed scan) */
  private readonly earlier = new Set<string>();
  /** pages this run recorded */
  private readonly recordedNow = new Set<string>();
  private readonly knownContent = new Set<string>();
  /** writes waiting for the next transaction, in the order they happened */
  private pending: Array<() => void> = [];
  private pendingPages = 0;
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private pages = 0;
  private pagesFailed = 0;
  private findings = 0;
  private readonly runStarted = performance.now();
  private closed = false;
  private crawlFrontier: SqliteFrontier | undefined;

  private readonly insertPage;
  private readonly insertFinding;
  private readonly insertRule;
  private readonly encoder = new FindingEncoder();
  private readonly deletePageFindings;
  private readonly hasContent;
  private readonly insertContent;
  private readonly updateCounts;
  private readonly sameBytes;
  /** raw page hash → stored text hash, for pages of this run */
  private readonly contentByBytes = new Map<string, string>();

  static start(db: Db, options: RecorderOptions): ScanRecorder {
    const previous = options.resume ? claimResumable(db, seriesOf(options.targets, options.group)) : undefined;
    return new ScanRecorder(db, previous ?? createScan(db, options), Boolean(previous));
  }

  private constructor(
    private readonly db: Db,
    scan: ScanInfo,
    resumed: boolean,
  ) {
    this.scan = scan;
    this.resumed = resumed;
    this.decisions = currentDecisions(db);
    this.insertPage = db.prepare(
      `INSERT OR REPLACE INTO pages (scan_id, url, seq, final_url, status, error, note, content_type, sha256, bytes, depth, rendered, title, lang, fetched_at, findings, screenshot, content)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertFinding = db.prepare(`INSERT OR REPLACE INTO findings (scan_id, finding_id, url, rule_id, severity, category, rule_hash, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertRule = db.prepare(`INSERT OR IGNORE INTO finding_rules (hash, data) VALUES (?, ?)`);
    this.deletePageFindings = db.prepare(`DELETE FROM findings WHERE scan_id = ? AND url = ?`);
    this.hasContent = db.prepare(`SELECT 1 FROM contents WHERE hash = ?`).pluck();
    this.insertContent = db.prepare(`INSERT OR IGNORE INTO contents (hash, codec, size, data) VALUES (?, ?, ?, ?)`);
    this.sameBytes = db
      .prepare(
        `SELECT p.content FROM pages p JOIN scans s ON s.id = p.scan_id
         WHERE p.sha256 = ? AND p.content IS NOT NULL AND p.rendered = ? AND s.tool_version = ? LIMIT 1`,
      )
      .pluck();
    this.updateCounts = db.prepare(`UPDATE scans SET pages = ?, pages_failed = ?, findings = ? WHERE id = ?`);
    if (resumed) {
      const counts = db
        .prepare(`SELECT COUNT(*) AS pages, COALESCE(MAX(seq), -1) AS seq, COALESCE(SUM(findings), 0) AS findings, COALESCE(SUM(status = 0 OR status >= 400), 0) AS failed FROM pages WHERE scan_id = ?`)
        .get(scan.id) as { pages: number; seq: number; findings: number; failed: number };
      this.seq = counts.seq + 1;
      this.pages = counts.pages;
      this.findings = counts.findings;
      this.pagesFailed = counts.failed;
      const rows = db.prepare(`SELECT url, findings, status FROM pages WHERE scan_id = ?`).all(scan.id) as Array<{ url: string; findings: number; status: number }>;
      for (const r of rows) {
        this.stored.set(r.url, { findings: r.findings, failed: r.status === 0 || r.status >= 400 });
        this.earlier.add(r.url);
      }
    }
  }

  /** Was this page stored by the interrupted run this one resumes? (then it is not read again) */
  isDone(url: string): boolean {
    return this.earlier.has(url);
  }

  /** How many pages the interrupted run had stored. */
  get donePages(): number {
    return this.earlier.size;
  }

  /**
   * Hand the report the pages and visible findings the interrupted run stored and this run did
   * not read again (a crawl reads again a page it had not finished; that newer read is the one
   * reported). Called at the end of the run.
   */
  replayEarlier(sink: ReportSink): void {
    if (!this.resumed) return;
    this.flush();
    const findingsOf = this.db.prepare(`SELECT data, rule_hash FROM findings WHERE scan_id = ? AND url = ? ORDER BY rowid`);
    const decoder = new FindingDecoder(this.db);
    for (const row of scanPages(this.db, this.scan.id) as PageRow[]) {
      if (this.recordedNow.has(row.url)) continue;
      const rows = findingsOf.all(this.scan.id, row.url) as Array<{ data: string; rule_hash: string }>;
      const findings = decoder.rows(rows).filter((f) => !this.hidden(f.id));
      sink.addPage(pageRecordOf(row, findings.length));
      for (const f of findings) sink.addFinding(f);
    }
  }

  /**
   * Record one analysed page; returns the findings the report should list (those not triaged
   * away). Sets `page.findings` to their number.
   */
  record(page: PageRecord, findings: Finding[], snapshot: PageSnapshot, extracted?: ExtractedPage): Finding[] {
    if (this.closed) throw new Error('the scan recorder is closed');
    const { content, contentHash } = this.pageText(snapshot, extracted);
    const failed = page.status === 0 || page.status >= 400;
    // The same URL twice in one scan (given twice, or a page a resumed crawl reads again): the later read wins.
    const before = this.stored.get(page.url);
    const replace = before !== undefined;
    if (before) {
      this.pages--;
      this.findings -= before.findings;
      if (before.failed) this.pagesFailed--;
    }
    this.stored.set(page.url, { findings: findings.length, failed });
    this.recordedNow.add(page.url);
    const row = [
      this.scan.id,
      page.url,
      this.seq++,
      page.finalUrl ?? null,
      page.status,
      page.error ?? null,
      page.note ?? null,
      snapshot.contentType ?? null,
      page.sha256 ?? snapshot.sha256 ?? null,
      snapshot.bytes ?? null,
      snapshot.depth ?? null,
      page.rendered ? 1 : 0,
      page.title,
      page.lang,
      page.fetchedAt ?? snapshot.fetchedAt ?? null,
      findings.length,
      page.screenshot ?? null,
      contentHash ?? null,
    ];
    const scanId = this.scan.id;
    const encoded = findings.map((f) => this.encoder.encode(f));
    this.pending.push(() => {
      if (content && !this.knownContent.has(content.hash)) {
        if (!this.hasContent.get(content.hash)) this.insertContent.run(content.hash, content.codec, content.size, content.data());
        this.knownContent.add(content.hash);
      }
      if (replace) this.deletePageFindings.run(scanId, page.url);
      this.insertPage.run(...row);
      findings.forEach((f, i) => {
        const e = encoded[i];
        if (e.newRule) this.insertRule.run(e.ruleHash, e.newRule);
        this.insertFinding.run(scanId, f.id, f.url, f.ruleId, f.severity, f.category, e.ruleHash, e.data);
      });
    });
    this.pendingPages++;
    this.pages++;
    if (failed) this.pagesFailed++;
    this.findings += findings.length;
    if (this.pendingPages >= BATCH_PAGES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
    const visible = findings.filter((f) => !this.hidden(f.id));
    page.findings = visible.length;
    return visible;
  }

  /**
   * The page's text to store: reused when the same bytes were stored before by this version of
   * claimscan (an unchanged page: no encoding, no compression), else encoded.
   */
  private pageText(snapshot: PageSnapshot, extracted: ExtractedPage | undefined): { content?: EncodedContent; contentHash?: string } {
    if (!extracted?.blocks.length) return {};
    const key = snapshot.sha256 ? `${snapshot.sha256}${snapshot.rendered ? ':r' : ''}` : undefined;
    const known = key && (this.contentByBytes.get(key) ?? (this.sameBytes.get(snapshot.sha256, snapshot.rendered ? 1 : 0, this.scan.toolVersion) as string | undefined));
    if (known) return { contentHash: known };
    const content = encodePageText(extracted);
    if (key) this.contentByBytes.set(key, content.hash);
    return { content, contentHash: content.hash };
  }

  /** Write the pending pages in one transaction. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingPages = 0;
    this.db.transaction(() => {
      for (const write of batch) write();
      this.updateCounts.run(this.pages, this.pagesFailed, this.findings, this.scan.id);
    })();
  }

  /**
   * Queue a write with the page writes, so it is committed in the same order (the crawl
   * frontier's: a page marked done is never committed before the page and its links).
   */
  enqueue(write: () => void): void {
    if (this.closed) return;
    this.pending.push(write);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  /** The crawl frontier of this scan, kept in the database so `--resume` continues the crawl. */
  frontier(): SqliteFrontier {
    return (this.crawlFrontier ??= new SqliteFrontier(this.db, this.scan.id, (write) => this.enqueue(write)));
  }

  /**
   * End the scan: write what is pending, mark it done (or interrupted, to be resumed), and
   * compare it with the previous completed scan of the same targets.
   */
  finish(interrupted: boolean): HistoryOutcome {
    this.flush();
    this.closed = true;
    this.db.transaction(() => {
      finishScan(this.db, this.scan.id, interrupted ? 'interrupted' : 'done', new Date().toISOString(), performance.now() - this.runStarted);
      // A complete scan will never be resumed: its frontier is of no more use.
      if (!interrupted) this.db.prepare(`DELETE FROM frontier WHERE scan_id = ?`).run(this.scan.id);
    })();
    const scan = getScan(this.db, this.scan.id)!;
    const decisions = decisionsForScan(this.db, scan.id);
    const hidden = (id: string) => HIDDEN_STATUSES.has(decisions.get(id)?.status ?? '');
    const visibleFindings = (this.db.prepare(`SELECT finding_id FROM findings WHERE scan_id = ?`).pluck().all(scan.id) as string[]).filter((id) => !hidden(id)).length;
    const previous = previousCompleted(this.db, scan);
    const diff = previous ? reportDiffOf(this.db, previous, scan, { hidden }) : undefined;
    const triage: Record<string, TriageDecision> = {};
    for (const [id, row] of decisions) triage[id] = toDecision(row);
    return {
      scan,
      ...(diff ? { diff } : {}),
      ...(decisions.size ? { triage } : {}),
      visibleFindings,
    };
  }

  /** Stop without finishing (the scan failed): pending pages are written, the scan stays resumable. */
  abandon(): void {
    if (this.closed) return;
    try {
      this.flush();
      finishScan(this.db, this.scan.id, 'interrupted', new Date().toISOString(), performance.now() - this.runStarted);
    } finally {
      this.closed = true;
    }
  }

  private hidden(findingId: string): boolean {
    return HIDDEN_STATUSES.has(this.decisions.get(findingId)?.status ?? '');
  }
}
