/**
 * One scheduled scan of a config group, start to end: run the scan (the scan command, handed
 * in by the CLI), write its reports in the configured formats, compare it with the group's
 * previous scan, and notify when there is something new.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Group, LoadedConfig } from '../config/load-config.js';
import type { CrawlOptions } from '../config/schema.js';
import type { Finding } from '../model/finding.js';
import { diffSummaryLine } from '../report/diff-line.js';
import { FORMAT_EXTENSIONS, renderReport, type Format } from '../report/render.js';
import type { ScanReport } from '../model/report-model.js';
import { openDatabase } from '../store/database.js';
import { diffScans, reportDiff } from '../store/diff.js';
import { scanFindings } from '../store/read-scan.js';
import { listScans, previousCompleted, seriesOf } from '../store/scans.js';
import { decisionsForScan, HIDDEN_STATUSES } from '../store/triage.js';
import { MAX_NOTIFIED_FINDINGS, postWebhook, type ScanNotification } from './webhook.js';

/** What the scan command is asked to do for a group. */
export interface GroupScanRequest {
  group: string;
  targets: string[];
  urlFiles: string[];
  sitemaps: string[];
  crawl: CrawlOptions;
  lang?: string;
  /** JSON report to write */
  output: string;
  config: string;
  db: string;
  /** continue the group's last scan if it was interrupted (scheduled runs start afresh) */
  resume: boolean;
}

/** Runs a scan; resolves to its exit code (0 or 1), rejects when it could not run. */
export type GroupScanner = (request: GroupScanRequest, signal: AbortSignal) => Promise<number>;

export interface GroupRunResult {
  scanId?: number;
  newFindings: number;
  notified: boolean;
  reports: string[];
  summary: string;
}

export async function runGroup(config: LoadedConfig, group: Group, scan: GroupScanner, signal: AbortSignal, log: (line: string) => void, now = new Date()): Promise<GroupRunResult> {
  const dir = join(config.outputDir, group.name);
  const stamp = now.toISOString().replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z');
  const jsonPath = join(dir, `${stamp}.json`);
  mkdirSync(dir, { recursive: true });
  log(`${group.name}: scan started`);
  await scan(
    {
      group: group.name,
      targets: group.targets,
      urlFiles: group.urlFiles,
      sitemaps: group.sitemaps,
      crawl: group.crawl,
      ...(group.lang ? { lang: group.lang } : {}),
      output: jsonPath,
      config: config.file,
      db: config.dbPath,
      resume: false,
    },
    signal,
  );
  const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as ScanReport;
  const news = whatIsNew(config.dbPath, group.name);

  const wantReports = config.config.output.write === 'every-scan' || news.findings.length > 0;
  const reports: string[] = [];
  if (wantReports) {
    for (const format of config.config.output.formats as Format[]) {
      const path = join(dir, `${stamp}.${FORMAT_EXTENSIONS[format]}`);
      if (format !== 'json') writeFileSync(path, renderReport(report, format));
      copyFileSync(path, join(dirname(path), `latest.${FORMAT_EXTENSIONS[format]}`));
      reports.push(path);
    }
  }
  if (!config.config.output.formats.includes('json') || !wantReports) rmSync(jsonPath, { force: true });

  const summary = `${group.name}: ${news.line}${report.interrupted ? ' (scan interrupted)' : ''}`;
  log(summary);
  const notify = config.config.notify;
  let notified = false;
  if (notify.webhook && signal.aborted) log(`${group.name}: stopped before the end: no notification`);
  else if (notify.webhook && (notify.on === 'every-scan' || news.findings.length > 0)) {
    const payload: ScanNotification = {
      event: 'claimscan.scan',
      text: `claimscan ${summary}`,
      group: group.name,
      scan: {
        id: news.scanId ?? 0,
        startedAt: report.startedAt,
        finishedAt: report.finishedAt,
        targets: report.targets,
        pages: report.summary.pages,
        pagesFailed: report.summary.pagesFailed,
        findings: report.summary.findings,
        interrupted: Boolean(report.interrupted),
      },
      diff: news.diff,
      newFindings: news.findings.slice(0, MAX_NOTIFIED_FINDINGS),
      newFindingsTotal: news.findings.length,
      reports,
    };
    notified = await postWebhook(config.webhook() ?? notify.webhook, payload, (line) => log(`${group.name}: ${line}`));
    log(`${group.name}: webhook ${notified ? 'notified' : 'could not be notified'}`);
  }
  return { scanId: news.scanId, newFindings: news.findings.length, notified, reports, summary };
}

/**
 * The group's latest scan against its previous completed one, triaged-away findings left out.
 * A group's first scan: everything it found is new.
 */
function whatIsNew(dbPath: string, group: string): { scanId?: number; findings: Finding[]; diff: ScanNotification['diff']; line: string } {
  const db = openDatabase(dbPath, { mustExist: true });
  try {
    const [latest] = listScans(db, { series: seriesOf([], group), limit: 1 });
    if (!latest) return { findings: [], diff: null, line: 'no scan recorded' };
    const decisions = decisionsForScan(db, latest.id);
    const hidden = (id: string) => HIDDEN_STATUSES.has(decisions.get(id)?.status ?? '');
    const previous = previousCompleted(db, latest);
    if (!previous) {
      const findings = scanFindings(db, latest.id).filter((f) => !hidden(f.id));
      return { scanId: latest.id, findings, diff: null, line: `first scan (#${latest.id}): ${findings.length} finding(s) on ${latest.pages} page(s)` };
    }
    const comparison = diffScans(db, previous, latest, { hidden });
    const { status: _status, resolvedFindings: _resolved, ...diff } = reportDiff(comparison);
    return { scanId: latest.id, findings: comparison.new, diff, line: `${diffSummaryLine(diff)} (scan #${latest.id} vs #${previous.id})` };
  } finally {
    db.close();
  }
}
