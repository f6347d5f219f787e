/**
 * The scan, as a library call: options in (what to scan, rules, crawl options, history), a
 * report and the history record out. `claimscan scan`, `watch`, `demo`, the BullMQ worker and
 * embedding code all run this one function, so a page is crawled, analysed and recorded the
 * same way whichever way the scan was started.
 *
 *   const result = await scan({ targets: ['https://clinic.example/'], web: { urls: ['https://clinic.example/'], depth: 2 } });
 *   const report = await result.report();
 */
import type { OcrSettings } from './image-text.js';
import type { ExtractedPage } from '../model/blocks.js';
import type { Finding } from '../model/finding.js';
import type { PageSnapshot } from '../model/page-snapshot.js';
import type { Lang } from '../analysis/claims/language.js';
import { LocalSource } from '../crawl/local-source.js';
import type { PageSource } from '../crawl/page-source.js';
import { runScan } from './run-scan.js';
import { WebSource, type CrawlStats, type WebSourceOptions } from '../crawl/web-source.js';
import { meetsConfidence } from '../report/confidence-view.js';
import { JsonReportWriter } from '../report/json-report-writer.js';
import type { FailedSite, PageRecord, ScanReport } from '../model/report-model.js';
import type { SummaryCounter } from '../report/summary.js';
import { loadRuleSet } from '../analysis/rules/load.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import { ScanHistory, type ReportExtras } from '../store/scan-history.js';
import { VERSION } from '../version.js';
import { readReport } from './read-report.js';

/** History for a scan opened by `scan()` itself (library use). */
export interface HistoryRequest {
  /** the SQLite history file; omitted: no history */
  db?: string;
  resume?: boolean;
  /** triage baseline file applied when it exists */
  triageFile?: string;
  /** the config group the scan is for */
  group?: string;
  /** options recorded with the scan (those that shape the results) */
  options?: Record<string, unknown>;
}

/** A page as the scan hands it on: its record, the findings the report lists, and what was read. */
export interface ScannedPage {
  page: PageRecord;
  /** every finding of the page (triaged-away ones included) */
  findings: Finding[];
  /** the findings the report lists */
  visible: Finding[];
  snapshot: PageSnapshot;
  extracted?: ExtractedPage;
}

export interface ScanOptions {
  /** what was scanned, as the report and history name it (default: local targets, then web start URLs and sitemaps) */
  targets?: string[];
  /** local HTML files, folders of them, and `-` for stdin */
  local?: string[];
  /** the crawl: start URLs, sitemaps and crawl options */
  web?: WebSourceOptions;
  /** other page sources, scanned instead of `local` and `web` (embedding, tests) */
  sources?: PageSource[];
  /** the rule set (default: the shipped packs) */
  rules?: RuleSet;
  /** leave out of the report findings whose confidence (0–1) is under this (history keeps them) */
  minConfidence?: number;
  /** force the page language ('auto': declared, else detected) */
  lang?: Lang | 'auto';
  /** obey claimscan-disable-next comments in pages (one's own sites); else they are ignored and counted */
  honorInlineOptOuts?: boolean;
  /** an open history (the CLI opens it to report its errors its own way), or where to keep one */
  history?: ScanHistory | HistoryRequest;
  /** when the scan started (ISO; default now) */
  startedAt?: string;
  /** abort to stop the scan: it ends with what it has (`interrupted` in the report) */
  signal?: AbortSignal;
  /** notices for the user */
  log?: (line: string) => void;
  /** read the text of large images (--ocr): the engine and its bounds */
  ocr?: OcrSettings;
  /** each page once analysed and recorded */
  onPage?: (scanned: ScannedPage) => void;
  /** the crawl's live counters, once it starts */
  onCrawl?: (stats: () => CrawlStats) => void;
  /**
   * Run the web part elsewhere (the BullMQ coordinator): called with the crawl and a handler
   * that records each page in this scan; resolves when the remote crawl is over. Local
   * targets are still scanned here.
   */
  remote?: RemoteCrawl;
}

/** A crawl run by other processes, whose pages come back to be recorded here. */
export type RemoteCrawl = (web: WebSourceOptions, deliver: (scanned: RemotePage) => Finding[], signal: AbortSignal) => Promise<RemoteOutcome>;

/** A page analysed elsewhere: what `scan()` records (the snapshot without its HTML). */
export interface RemotePage {
  page: PageRecord;
  findings: Finding[];
  snapshot: PageSnapshot;
  extracted?: ExtractedPage;
}

export interface RemoteOutcome {
  /** sites that failed after their retries or timed out */
  failedSites: FailedSite[];
}

export interface ScanResult extends PendingReport {
  interrupted: boolean;
  /** the report's summary counts */
  summary: SummaryCounter;
  /** why the scan's history was not recorded (its database failed); the report is complete all the same */
  historyNotRecorded?: string;
  /** the history record's id, when history is kept */
  scanId?: number;
  /** comparison with the previous scan and triage decisions, for the report */
  extras: ReportExtras;
  failedSites: FailedSite[];
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const log = options.log ?? (() => {});
  const rules = options.rules ?? loadRuleSet();
  const local = options.local ?? [];
  const web = options.web;
  const targets = options.targets ?? [...local, ...(web?.urls ?? []), ...(web?.sitemaps ?? [])];
  const startedAt = options.startedAt ?? new Date().toISOString();
  const packs = rules.packs.map((p) => ({ name: p.name, version: p.version }));
  const history =
    options.history instanceof ScanHistory
      ? options.history
      : ScanHistory.open({
          db: options.history?.db,
          resume: options.history?.resume,
          triageFile: options.history?.triageFile,
          group: options.history?.group,
          targets,
          options: options.history?.options ?? {},
          packs,
          toolVersion: VERSION,
          startedAt,
          log,
        });
  const writer = new JsonReportWriter({ version: VERSION, startedAt, targets, packs });
  history.replay(writer);
  const signal = options.signal ?? new AbortController().signal;
  const failedSites: FailedSite[] = [];
  try {
    const deliver = (page: PageRecord, findings: Finding[], snapshot: PageSnapshot, extracted?: ExtractedPage): Finding[] => {
      const recorded = history.record(page, findings, snapshot, extracted);
      const min = options.minConfidence;
      const visible = min === undefined ? recorded : recorded.filter((f) => meetsConfidence(f, min));
      writer.addPage(visible.length === page.findings ? page : { ...page, findings: visible.length });
      for (const f of visible) writer.addFinding(f);
      options.onPage?.({ page, findings, visible, snapshot, extracted });
      return visible;
    };
    let sources = options.sources;
    let remoteWeb: WebSourceOptions | undefined;
    let crawler: WebSource | undefined;
    if (!sources) {
      sources = local.length ? [new LocalSource(local)] : [];
      if (web && options.remote) remoteWeb = web;
      else if (web) {
        const source = new WebSource({ ...web, frontier: web.frontier ?? history.frontier(), log: web.log ?? log, collectImages: Boolean(options.ocr) });
        crawler = source;
        options.onCrawl?.(() => source.stats);
        sources.push(source);
      }
    }
    const run = await runScan(history.sources(sources), rules, { lang: options.lang, honorInlineOptOuts: Boolean(options.honorInlineOptOuts) }, { onPage: deliver }, signal, options.ocr);
    let interrupted = run.interrupted;
    if (remoteWeb && options.remote && !signal.aborted) {
      const outcome = await options.remote(remoteWeb, (p) => deliver(p.page, p.findings, p.snapshot, p.extracted), signal);
      failedSites.push(...outcome.failedSites);
      interrupted = signal.aborted;
    } else if (remoteWeb) interrupted = true;
    // a crawl cut by --max-pages: the next diff must not call the pages it did not reach gone
    const extras = await history.finish(interrupted, crawler?.budgetReached);
    const { outcome: _outcome, ...reportExtras } = extras;
    const head = { interrupted, ...reportExtras, ...(failedSites.length ? { failedSites } : {}) };
    return {
      interrupted,
      summary: writer.summary,
      scanId: history.scanId,
      extras: reportExtras,
      failedSites,
      ...(history.notRecorded ? { historyNotRecorded: history.notRecorded } : {}),
      ...pendingReport(writer, head),
    };
  } catch (e) {
    await history.abandon();
    writer.discard();
    throw e;
  }
}

/** A report being written, for the one call that writes it: as JSON, as an object, or dropped. */
export interface PendingReport {
  /** the report JSON: streamed from temporary files into `out` (which the caller closes); once */
  writeJson(out: NodeJS.WritableStream): Promise<void>;
  /** the report as an object (reads it all in memory); once */
  report(): Promise<ScanReport>;
  /** drop the report without writing it (nothing happens once it was written) */
  discard(): void;
}

/** The writer's report with the fields known at its end (interrupted, diff, triage, failed sites). */
export function pendingReport(writer: JsonReportWriter, head: Parameters<JsonReportWriter['finish']>[1]): PendingReport {
  let used = false;
  const once = () => {
    if (used) throw new Error('the scan report was already written');
    used = true;
  };
  return {
    writeJson: async (out) => {
      once();
      await writer.finish(out, head);
    },
    report: async () => {
      once();
      return readReport((out) => writer.finish(out, head));
    },
    discard: () => {
      if (used) return;
      used = true;
      writer.discard();
    },
  };
}
