/**
 * What a scan does with history, in one place for the scan command: open the database, import
 * the triage baseline file, start or resume the scan record, skip what a resumed scan already
 * did, record every page, and at the end give the report its diff and triage fields. With
 * history turned off, only the baseline file's decisions apply.
 */
import { existsSync } from 'node:fs';
import type { ExtractedPage } from '../model/blocks.js';
import type { PageSnapshot } from '../model/page-snapshot.js';
import type { Finding } from '../model/finding.js';
import type { PageHandler, PageSource } from '../crawl/page-source.js';
import type { PageRecord, ReportDiff, TriageDecision } from '../model/report-model.js';
import type { Frontier } from '../crawl/targets/frontier.js';
import { openDatabase, type Db } from './database.js';
import { diffSummaryLine } from './diff.js';
import { ScanRecorder, type HistoryOutcome, type ReportSink } from './scan-recorder.js';
import type { NewScan } from './scans.js';
import { HIDDEN_STATUSES } from './triage.js';
import { decisionOf, importTriage, readTriageFile } from './triage-file.js';

export interface ScanHistoryOptions extends NewScan {
  /** database file; undefined: keep no history */
  db?: string;
  resume?: boolean;
  /** triage baseline file to apply (read when it exists) */
  triageFile?: string;
  log: (line: string) => void;
}

export interface ReportExtras {
  diff?: ReportDiff;
  triage?: Record<string, TriageDecision>;
}

export class ScanHistory {
  /** baseline decisions that applied to findings of this scan (no database) */
  private readonly applied: Record<string, TriageDecision> = {};
  private sink: ReportSink | undefined;

  private constructor(
    private readonly db: Db | undefined,
    private readonly recorder: ScanRecorder | undefined,
    /** baseline decisions, when there is no database to hold them */
    private readonly baseline: Map<string, TriageDecision>,
    private readonly log: (line: string) => void,
  ) {}

  static open(options: ScanHistoryOptions): ScanHistory {
    const baselineEntries = options.triageFile && existsSync(options.triageFile) ? readTriageFile(options.triageFile) : [];
    if (!options.db) {
      return new ScanHistory(undefined, undefined, new Map(baselineEntries.map((e) => [e.id, decisionOf(e)])), options.log);
    }
    const db = openDatabase(options.db);
    try {
      if (baselineEntries.length) {
        const { added } = importTriage(db, baselineEntries);
        if (added) options.log(`${added} triage decision(s) imported from ${options.triageFile}`);
      }
      const recorder = ScanRecorder.start(db, { ...options, writer: 'worker' });
      if (options.resume) {
        options.log(
          recorder.resumed
            ? `resuming scan #${recorder.scan.id}: ${recorder.donePages} page(s) already done`
            : 'nothing to resume for these targets: starting a new scan',
        );
      }
      return new ScanHistory(db, recorder, new Map(), options.log);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  get scanId(): number | undefined {
    return this.recorder?.scan.id;
  }

  /**
   * Sources that skip the pages a resumed scan already did. A crawl (a source that follows
   * links) is left alone: its frontier (`frontier()`) already hands out only what is not done,
   * and a page it hands out again must be analysed again for its links.
   */
  sources(sources: PageSource[]): PageSource[] {
    const recorder = this.recorder;
    if (!recorder?.resumed) return sources;
    const skipDone = (source: PageSource): PageSource => ({
      wantsLinks: false,
      run: (handle: PageHandler, signal: AbortSignal) => source.run((snapshot) => (recorder.isDone(snapshot.url) ? [] : handle(snapshot)), signal),
    });
    return sources.map((source) => (source.wantsLinks ? source : skipDone(source)));
  }

  /** The crawl frontier to give the crawler: kept in the database (undefined without history). */
  frontier(): Frontier | undefined {
    return this.recorder?.frontier();
  }

  /** Is this URL done already (resumed scans)? For sources that can avoid even reading it. */
  isDone(url: string): boolean {
    return this.recorder?.isDone(url) ?? false;
  }

  /**
   * Where the report is written: a resumed scan's report also lists what the interrupted run
   * had found (given to `sink` when the scan finishes, so a page read again is listed once).
   */
  replay(sink: ReportSink): void {
    this.sink = sink;
  }

  /** Record a page; returns the findings the report lists (triaged-away ones left out). */
  record(page: PageRecord, findings: Finding[], snapshot: PageSnapshot, extracted?: ExtractedPage): Finding[] {
    if (this.recorder) return this.recorder.record(page, findings, snapshot, extracted);
    if (!this.baseline.size) return findings;
    for (const f of findings) {
      const d = this.baseline.get(f.id);
      if (d) this.applied[f.id] = d;
    }
    const visible = findings.filter((f) => !HIDDEN_STATUSES.has(this.baseline.get(f.id)?.status ?? ''));
    page.findings = visible.length;
    return visible;
  }

  /** End of the scan: its diff and triage for the report, and a log line saying what changed. */
  async finish(interrupted: boolean): Promise<ReportExtras & { outcome?: HistoryOutcome }> {
    if (!this.recorder) return Object.keys(this.applied).length ? { triage: this.applied } : {};
    try {
      if (this.sink) this.recorder.replayEarlier(this.sink);
      const outcome = await this.recorder.finish(interrupted).catch(async (e: unknown) => {
        await this.recorder!.abandon();
        throw e;
      });
      this.log(
        outcome.diff
          ? `scan #${outcome.scan.id}: ${diffSummaryLine(outcome.diff)} (scan #${outcome.diff.previousScanId})`
          : `scan #${outcome.scan.id} recorded: first ${interrupted ? '(interrupted) ' : ''}scan of these targets`,
      );
      if (interrupted) this.log(`run the same command with --resume to continue scan #${outcome.scan.id}`);
      return { diff: outcome.diff, triage: outcome.triage, outcome };
    } finally {
      this.db?.close();
    }
  }

  /** The scan failed: keep what was done (resumable) and close. */
  async abandon(): Promise<void> {
    if (!this.db?.open) return;
    try {
      await this.recorder?.abandon();
    } finally {
      this.db.close();
    }
  }
}
