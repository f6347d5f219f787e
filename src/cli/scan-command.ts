import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { LocalSource } from '../crawl/local-source.js';
import type { PageSource } from '../crawl/page-source.js';
import { runScan } from '../scan/run-scan.js';
import { WebSource } from '../crawl/web-source.js';
import { warmUpFetchWorker } from '../crawl/fetch/worker-page-fetcher.js';
import { JsonReportWriter, removeAllTempDirs } from '../report/json-report-writer.js';
import { FORMATS, type Format } from '../report/render.js';
import type { ScanReport } from '../model/report-model.js';
import { VERSION } from '../version.js';
import { atOrAbove, checkLang, collect, loadRules, parseLang, parseMinConfidenceOption, parseSeverity } from './common.js';
import { ReportWriteError, scanExitCode, UsageError } from './errors.js';
import { meetsConfidence } from '../report/confidence-view.js';
import { finishReport, parseScreenshots, parseUiLangOption, resolveReportPath, type FinishOptions, type ReportDestination } from './report-output.js';
import { addHistoryOptions, openScanHistory, projectConfig, recordedOptions, scanRules, type HistoryCliOptions } from './history-options.js';
import { Progress } from './progress.js';
import { addWebOptions, isWebTarget, webSourceOptions, type WebCliOptions } from './web-options.js';

export interface ScanCliOptions extends HistoryCliOptions, WebCliOptions {
  format?: string;
  output?: string;
  rules?: string[];
  lang?: string;
  failOn?: string;
  quiet?: boolean;
  /** leave out findings whose confidence is under this (0–1) */
  minConfidence?: string;
  /** labels of html/csv/md/sarif reports: fr or en */
  uiLang?: string;
  /** screenshots of pages with findings: true (files beside the report) or 'embed' */
  screenshots?: boolean | string;
  /** --embed-screenshots: in the report rather than beside it */
  embedScreenshots?: boolean;
  /** obey claimscan-disable-next comments in pages (own sites only) */
  honorInlineOptOuts?: boolean;
}

export function registerScan(program: Command): void {
  const command = program
    .command('scan')
    .description('scan web pages and sites (URLs, --urls, --sitemap), HTML files, folders or - (stdin) for unsupported claims')
    .argument('[target...]', 'http(s) URL, HTML file, folder (every .html/.htm inside), or - for stdin')
    .option('-f, --format <format>', `report format: ${FORMATS.join('|')} (default: text on a terminal, else json)`)
    .option('-o, --output <file>', 'write the report to this file (- for stdout); default: stdout for json/text, reports/<date>_<target>.<ext> (and reports/latest.<ext>) for html/csv/md/sarif')
    .option('--ui-lang <lang>', "language of the report's labels: fr or en (default: the pages' language)")
    .option('--screenshots', 'screenshot each page with findings, its claims outlined, into a folder beside the report (needs Chromium)')
    .option('--embed-screenshots', 'put the screenshots inside the report instead (implies --screenshots)')
    .option('-r, --rules <pack>', 'also load a rule pack: a folder, a folder of packs, npm:<package> or a shipped pack name such as iv-drips (repeatable)', collect)
    .option('--lang <lang>', 'page language: fr, en or auto', 'auto')
    .option('--fail-on <severity>', 'exit 1 when a finding at or above low|medium|high exists')
    .option('--honor-inline-opt-outs', 'obey claimscan-disable-next comments in the pages (only for your own sites: otherwise they are ignored and counted)')
    .option('--min-confidence <x>', 'leave out findings whose confidence (0–1) is under x')
    .option('-q, --quiet', 'no progress or log lines on stderr');
  addWebOptions(command);
  addHistoryOptions(command)
    .action(async (targets: string[], opts: ScanCliOptions) => {
      process.exitCode = await scanCommand(targets, opts);
    });
}

export function chooseFormat(format: string | undefined, output: string | undefined): Format {
  if (format === undefined) return process.stdout.isTTY && !output ? 'text' : 'json';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format takes one of ${FORMATS.join(', ')}, not "${format}"`);
  return format as Format;
}

export async function scanCommand(targets: string[], opts: ScanCliOptions, sources?: PageSource[], signal?: AbortSignal): Promise<number> {
  const format = chooseFormat(opts.format, opts.output);
  const lang = parseLang(opts.lang);
  const failOn = parseSeverity(opts.failOn, '--fail-on');
  const minConfidence = parseMinConfidenceOption(opts.minConfidence);
  let crawler: WebSource | undefined;
  const progress = new Progress({ quiet: Boolean(opts.quiet), queue: () => crawler?.stats });
  const log = (line: string) => progress.log(line);
  const uiLang = parseUiLangOption(opts.uiLang);
  const screenshots = parseScreenshots(opts.embedScreenshots ? 'embed' : opts.screenshots);
  const local = targets.filter((t) => !isWebTarget(t));
  const web = webSourceOptions(targets.filter(isWebTarget), opts);
  if (!sources && !local.length && !web) throw new UsageError('nothing to scan: give URLs, files or folders, --urls FILE or --sitemap URL');
  // the fetch thread starts while rules load and history opens
  if (web?.fetchInWorker) warmUpFetchWorker();
  // what was scanned, as given: targets, then the URLs of lists, then sitemaps
  const scanned = [...targets, ...(web?.urls.filter((u) => !targets.includes(u)) ?? []), ...(web?.sitemaps ?? [])];
  const dest = resolveReportPath(format, opts.output, scanned);
  const config = projectConfig(opts);
  const ruleSet = config ? scanRules(config, opts.rules) : loadRules(opts.rules);
  checkLang(lang, ruleSet);
  const header = {
    version: VERSION,
    startedAt: new Date().toISOString(),
    targets: scanned,
    packs: ruleSet.packs.map((p) => ({ name: p.name, version: p.version })),
  };
  // a history database that fails degrades to "report written, history not recorded" (exit 6)
  const history = openScanHistory(opts, config, { ...header, options: recordedOptions(opts), log }, true);
  const writer = new JsonReportWriter(header);
  history.replay(writer);
  if (web) {
    crawler = new WebSource({ ...web, frontier: history.frontier(), log });
    if (web.ignoreRobots) log('robots.txt ignored (--ignore-robots): scan only sites you are entitled to scan');
  }
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(), { once: true }); // `watch` stopping
  const onSigint = () => {
    log('interrupted: writing the report of what was scanned (Ctrl-C again to quit at once)');
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    process.once('SIGINT', quitNow);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  let worst = false;
  try {
    progress.start();
    const run = await runScan(history.sources(sources ?? defaultSources(local, crawler)), ruleSet, { lang, honorInlineOptOuts: Boolean(opts.honorInlineOptOuts) }, {
      onPage(page, all, snapshot, extracted) {
        const recorded = history.record(page, all, snapshot, extracted);
        const findings = minConfidence === undefined ? recorded : recorded.filter((f) => meetsConfidence(f, minConfidence));
        writer.addPage(findings.length === page.findings ? page : { ...page, findings: findings.length });
        for (const f of findings) {
          writer.addFinding(f);
          if (failOn && atOrAbove(f.severity, failOn)) worst = true;
        }
        progress.page(page, findings.length);
      },
    }, controller.signal);
    progress.stop();
    const { diff, triage } = await history.finish(run.interrupted, crawler?.budgetReached);
    await emitReport(writer, format, dest, { interrupted: run.interrupted, diff, triage }, { uiLang, screenshots, log, color: !dest.path && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
    const s = writer.summary;
    const written = dest.path && dest.path !== '-' ? dest.path : undefined;
    if (format !== 'text' || written) log(`${s.findings} finding(s) on ${s.pagesWithFindings} of ${s.pages} page(s)${s.pagesFailed ? `, ${s.pagesFailed} failed` : ''}${s.pagesSkipped ? `, ${s.pagesSkipped} skipped` : ''}${written ? ` → ${written}` : ''}`);
    if (s.inlineOptOutsIgnored) log(`${s.inlineOptOutsIgnored} claimscan-disable comment(s) in the pages ignored (--honor-inline-opt-outs obeys them, for your own sites)`);
    // said even with --quiet: the exit code alone would not say why
    if (history.notRecorded) process.stderr.write(`claimscan: report written, history not recorded: ${history.notRecorded}\n`);
    return scanExitCode({ interrupted: run.interrupted, pagesFailed: s.pagesFailed, historyNotRecorded: Boolean(history.notRecorded), findingsAtFailOn: worst });
  } catch (e) {
    await history.abandon();
    writer.discard();
    throw e;
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    process.off('SIGINT', quitNow);
  }
}

/** A second Ctrl-C: quit at once (temporary files removed), exit 130 as shells expect. */
function quitNow(): void {
  removeAllTempDirs();
  process.exit(130);
}

/** Files and folders first (quick), then the web. */
function defaultSources(local: string[], crawler: WebSource | undefined): PageSource[] {
  return [...(local.length ? [new LocalSource(local)] : []), ...(crawler ? [crawler] : [])];
}

/**
 * JSON streams straight to its destination; other formats render from the finished JSON
 * (assembled in memory: it is parsed whole anyway). Every write is checked: a failure is a
 * ReportWriteError (exit 5), never a truncated file announced as written.
 */
export async function emitReport(writer: JsonReportWriter, format: Format, dest: ReportDestination, head: Pick<ScanReport, 'interrupted' | 'diff' | 'triage'>, finish: FinishOptions): Promise<void> {
  const output = dest.path;
  if (format === 'json' && !finish.screenshots) {
    if (output && output !== '-') await streamToFile(output, (out) => writer.finish(out, head));
    else await writer.finish(process.stdout, head);
    return;
  }
  const chunks: Buffer[] = [];
  const memory = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  await writer.finish(memory, head);
  const report = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ScanReport;
  chunks.length = 0;
  await finishReport(report, format, dest, finish);
}

/** Write a file through a stream; any error of the stream (disk full) rejects, as a ReportWriteError. */
async function streamToFile(path: string, fill: (out: NodeJS.WritableStream) => Promise<void>): Promise<void> {
  let out: WriteStream;
  try {
    mkdirSync(dirname(path), { recursive: true });
    out = createWriteStream(path);
  } catch (e) {
    throw new ReportWriteError(path, e as Error);
  }
  const failed = new Promise<never>((_, reject) => out.once('error', (e) => reject(new ReportWriteError(path, e))));
  failed.catch(() => {});
  try {
    await Promise.race([fill(out), failed]);
    await Promise.race([new Promise<void>((resolve) => out.end(() => resolve())), failed]);
  } catch (e) {
    out.destroy();
    throw e;
  }
}
