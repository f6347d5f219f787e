/**
 * Keeps the history of a scan as it runs: every page fetch (status, hash, its extracted text
 * compressed) and every finding, written in batches — one transaction per batch of pages, so
 * the cost per page stays small and a killed scan leaves the database consistent: a page is
 * stored with all its findings or not at all. The batches can be written by a worker thread
 * (compression and SQLite then cost the crawl nothing). When the scan ends it is compared with
 * the previous one of the same targets, and triage decisions are applied: false positives and
 * ignored findings are kept in history but left out of what the report lists.
 */
import type { ExtractedPage } from '../model/blocks.js';
import type { PageSnapshot } from '../model/page-snapshot.js';
import type { Finding } from '../model/finding.js';
import type { PageRecord, ReportDiff, TriageDecision } from '../model/report-model.js';
import { InlineSink, WorkerSink, workerAvailable, type BatchSink } from './batch-sink.js';
import type { Db } from './database.js';
import { reportDiffOf } from './diff.js';
import { FindingDecoder, FindingEncoder } from './finding-codec.js';
import { encodePageText, type EncodedContent } from './page-content.js';
import { pageRecordOf, scanPages, type PageRow } from './read-scan.js';
import { claimResumable, createScan, finishScan, getScan, previousCompleted, seriesOf, type NewScan, type ScanInfo } from './scans.js';
import { SqliteFrontier } from './sqlite-frontier.js';
import { currentDecisions, decisionsForScan, HIDDEN_STATUSES, toDecision, type TriageRow } from './triage.js';
import type { PageRowValues, WriteOp } from './write-batch.js';

/** Pages written per transaction; a timer sends smaller batches so a slow crawl is saved too. */
const BATCH_PAGES = 32;
const FLUSH_MS = 1000;

export interface RecorderOptions extends NewScan {
  /** continue the latest unfinished scan of the same targets instead of starting a new one */
  resume?: boolean;
  /** write on a worker thread (the CLI) or on this one (default; simpler for embedding and tests) */
  writer?: 'worker' | 'inline';
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
  /** writes waiting for the next batch, in the order they happened */
  private pending: WriteOp[] = [];
  private pendingPages = 0;
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private pages = 0;
  private pagesFailed = 0;
  private findings = 0;
  private readonly runStarted = performance.now();
  private closed = false;
  private crawlFrontier: SqliteFrontier | undefined;
  private readonly sink: BatchSink;
  private readonly encoder = new FindingEncoder();
  private readonly sameBytes;
  /** does history hold any page text from this version of claimscan (else no page can be reused) */
  private readonly mayReuse: boolean;
  /** raw page hash → stored text hash, for pages of this run */
  private readonly contentByBytes = new Map<string, string>();

  static start(db: Db, options: RecorderOptions): ScanRecorder {
    const previous = options.resume ? claimResumable(db, seriesOf(options.targets, options.group)) : undefined;
    const scan = previous ?? createScan(db, options);
    const sink = options.writer === 'worker' && workerAvailable() ? new WorkerSink(db.name) : new InlineSink(db);
    return new ScanRecorder(db, scan, Boolean(previous), sink);
  }

  private constructor(
    private readonly db: Db,
    scan: ScanInfo,
    resumed: boolean,
    sink: BatchSink,
  ) {
    this.scan = scan;
    this.resumed = resumed;
    this.sink = sink;
    this.decisions = currentDecisions(db);
    this.sameBytes = db
      .prepare(
        `SELECT p.content FROM pages p JOIN scans s ON s.id = p.scan_id
         WHERE p.sha256 = ? AND p.content IS NOT NULL AND p.rendered = ? AND s.tool_version = ? LIMIT 1`,
      )
      .pluck();
    this.mayReuse = Boolean(
      db.prepare(`SELECT 1 FROM pages p JOIN scans s ON s.id = p.scan_id WHERE p.content IS NOT NULL AND s.tool_version = ? LIMIT 1`).get(scan.toolVersion),
    );
    if (resumed) {
      const rows = db.prepare(`SELECT url, seq, findings, status FROM pages WHERE scan_id = ?`).all(scan.id) as Array<{ url: string; seq: number; findings: number; status: number }>;
      for (const r of rows) {
        const failed = r.status === 0 || r.status >= 400;
        this.stored.set(r.url, { findings: r.findings, failed });
        this.earlier.add(r.url);
        this.seq = Math.max(this.seq, r.seq + 1);
        this.pages++;
        this.findings += r.findings;
        if (failed) this.pagesFailed++;
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
    if (before) {
      this.pages--;
      this.findings -= before.findings;
      if (before.failed) this.pagesFailed--;
    }
    this.stored.set(page.url, { findings: findings.length, failed });
    this.recordedNow.add(page.url);
    const row: PageRowValues = [
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
    const rules: Array<[string, string]> = [];
    const rows = findings.map((f) => {
      const e = this.encoder.encode(f);
      if (e.newRule) rules.push([e.ruleHash, e.newRule]);
      return [f.id, f.url, f.ruleId, f.severity, f.category, e.ruleHash, e.data] as [string, string, string, string, string, string, string];
    });
    this.pending.push({ kind: 'page', row, replace: before !== undefined, ...(content ? { content: { hash: content.hash, codec: content.codec, json: content.json } } : {}), rules, findings: rows });
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
    const known =
      key && (this.contentByBytes.get(key) ?? (this.mayReuse ? (this.sameBytes.get(snapshot.sha256, snapshot.rendered ? 1 : 0, this.scan.toolVersion) as string | undefined) : undefined));
    if (known) return { contentHash: known };
    const content = encodePageText(extracted);
    if (key) this.contentByBytes.set(key, content.hash);
    return { content, contentHash: content.hash };
  }

  /** Send the pending writes as one batch (one transaction). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.pending.length) return;
    const ops = this.pending;
    this.pending = [];
    this.pendingPages = 0;
    this.sink.write({ scanId: this.scan.id, ops, counts: { pages: this.pages, pagesFailed: this.pagesFailed, findings: this.findings } });
  }

  /** Every write so far is committed. */
  async drain(): Promise<void> {
    this.flush();
    await this.sink.drain();
  }

  /**
   * Queue a write with the page writes, so it is committed in the same order (the crawl
   * frontier's: a page marked done is never committed before the page and its links).
   */
  enqueue(op: WriteOp): void {
    if (this.closed) return;
    this.pending.push(op);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  /** The crawl frontier of this scan, kept in the database so `--resume` continues the crawl. */
  frontier(): SqliteFrontier {
    return (this.crawlFrontier ??= new SqliteFrontier(this.db, this.scan.id, (op) => this.enqueue(op)));
  }

  /**
   * End the scan: write what is pending, mark it done (or interrupted, to be resumed), and
   * compare it with the previous completed scan of the same targets.
   */
  async finish(interrupted: boolean): Promise<HistoryOutcome> {
    try {
      this.flush();
    } finally {
      this.closed = true;
      await this.sink.close(); // a failed writer is stopped too, and its error thrown
    }
    this.db.transaction(() => {
      finishScan(this.db, this.scan.id, interrupted ? 'interrupted' : 'done', new Date().toISOString(), performance.now() - this.runStarted);
      // A complete scan will never be resumed: its frontier is of no more use.
      if (!interrupted) this.db.prepare(`DELETE FROM frontier WHERE scan_id = ?`).run(this.scan.id);
    }).immediate();
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

  /**
   * Stop without finishing (the scan failed, or finishing it did): what can be written is, the
   * writer is stopped, and the scan is left interrupted, to be resumed. Never throws.
   */
  async abandon(): Promise<void> {
    this.closed = true;
    try {
      this.flush();
    } catch {
      /* the writer failed: what it committed stays */
    }
    await this.sink.close().catch(() => undefined);
    try {
      const scan = getScan(this.db, this.scan.id);
      if (scan?.state === 'running') finishScan(this.db, this.scan.id, 'interrupted', new Date().toISOString(), performance.now() - this.runStarted);
    } catch {
      /* the database is busy or gone: the next scan of these targets marks it interrupted */
    }
  }

  private hidden(findingId: string): boolean {
    return HIDDEN_STATUSES.has(this.decisions.get(findingId)?.status ?? '');
  }
}
