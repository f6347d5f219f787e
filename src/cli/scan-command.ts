import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import type { PageSource } from '../crawl/page-source.js';
import type { CrawlStats } from '../crawl/web-source.js';
import { warmUpFetchWorker } from '../crawl/fetch/worker-page-fetcher.js';
import { FORMATS, type Format, type LiveBase } from '../report/render.js';
import { scan, type PendingReport, type ScanOptions } from '../scan/scan.js';
import { queueCrawl, type QueueOptions, type SiteStatus } from '../scan/queue/coordinator.js';
import { QueueUnavailableError, redisConnection } from '../scan/queue/protocol.js';
import type { LoadedConfig } from '../config/load-config.js';
import { packSpecsRelativeTo } from '../analysis/rules/load.js';
import type { Severity } from '../model/taxonomy.js';
import { atOrAbove, checkLang, collect, loadRules, parseLang, parseMinConfidenceOption, parseSeverity } from './common.js';
import { ReportWriteError, scanExitCode, UsageError } from './errors.js';
import { removeAllTempDirs } from '../report/json-report-writer.js';
import { ocrSettings, parseFailOn } from './ocr-options.js';
import { finishReport, parseScreenshots, parseUiLangOption, resolveReportPath, type FinishOptions, type ReportDestination, type ScreenshotMode } from './report-output.js';
import { addHistoryOptions, asUsageErrors, openScanHistory, projectConfig, recordedOptions, scanRules, type HistoryCliOptions } from './history-options.js';
import { Progress } from './progress.js';
import { addWebOptions, isWebTarget, parseDuration, webSourceOptions, type WebCliOptions } from './web-options.js';

export interface ScanCliOptions extends HistoryCliOptions, WebCliOptions {
  format?: string;
  output?: string;
  rules?: string[];
  lang?: string;
  failOn?: string;
  quiet?: boolean;
  /** labels of html/csv/md/sarif reports: fr or en */
  uiLang?: string;
  /** screenshots of pages with findings: true (files beside the report) or 'embed' */
  screenshots?: boolean | string;
  /** --embed-screenshots: in the report rather than beside it */
  embedScreenshots?: boolean;
  /** read the text of large images (also `ocr:` in the config) */
  ocr?: boolean;
  /** redis://host:port: scan the sites through BullMQ workers (`claimscan worker`) */
  queue?: string;
  /** not an option: the demo's served pages have a lasting copy there */
  liveBase?: LiveBase;
  /** leave out findings whose confidence is under this (0–1) */
  minConfidence?: string;
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
    .option('--fail-on <severity>', 'exit 1 when a finding at or above low|medium|high exists, or (not-reached, alone or after a comma) a page was not reached')
    .option('--min-confidence <x>', 'leave out findings whose confidence (0–1) is under x')
    .option('--honor-inline-opt-outs', 'obey claimscan-disable-next comments in the pages (only for your own sites: otherwise they are ignored and counted)')
    .option('--ocr', 'read the text of large images (banners, slides) on pages about the treatment, with Tesseract (also ocr: in the config)')
    .option('-q, --quiet', 'no progress or log lines on stderr')
    .option('--queue <redis-url>', 'scan the sites through workers (`claimscan worker`): one BullMQ job per site on this Redis, e.g. redis://127.0.0.1:6379 (default: the config\'s queue)');
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

/** A scan as the command line asks for it: the library scan's options, and where its report goes. */
export interface PreparedScan {
  options: ScanOptions & { targets: string[] };
  /** the site jobs' queue, when the crawl runs on workers */
  queue?: QueueOptions;
  format: Format;
  dest: ReportDestination;
  failOn?: Severity;
  /** --fail-on not-reached */
  failOnNotReached?: boolean;
  uiLang?: string;
  screenshots?: ScreenshotMode;
}

/**
 * Parse and check the scan command's options, load the rules and open the history: everything
 * before the scan itself, shared by `scan` and `watch`. Throws usage errors (exit 2).
 */
export function prepareScan(targets: string[], opts: ScanCliOptions, log: (line: string) => void, sources?: PageSource[]): PreparedScan {
  const format = chooseFormat(opts.format, opts.output);
  const lang = parseLang(opts.lang);
  const { severity: failOn, notReached: failOnNotReached } = parseFailOn(opts.failOn);
  const minConfidence = parseMinConfidenceOption(opts.minConfidence);
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
  const startedAt = new Date().toISOString();
  const packs = ruleSet.packs.map((p) => ({ name: p.name, version: p.version }));
  const queue = web && !sources ? queueOptions(opts, config, packs, lang, log) : undefined;
  // a history database that fails degrades to "report written, history not recorded" (exit 6)
  const history = openScanHistory(opts, config, { targets: scanned, packs, startedAt, options: recordedOptions(opts), log }, true);
  const ocr = ocrSettings(opts.ocr, config, log);
  if (ocr && queue) log('--ocr: images are not read by queue workers (pages scanned here only)');
  if (web?.ignoreRobots) log('robots.txt ignored (--ignore-robots): scan only sites you are entitled to scan');
  return {
    options: { targets: scanned, local, web, sources, rules: ruleSet, lang, history, startedAt, log, honorInlineOptOuts: Boolean(opts.honorInlineOptOuts), ...(minConfidence !== undefined ? { minConfidence } : {}), ...(ocr ? { ocr } : {}) },
    ...(queue ? { queue } : {}),
    format,
    dest,
    failOn,
    failOnNotReached,
    uiLang,
    screenshots,
  };
}

/** `--queue` (or the config's `queue:`): how the coordinator queues site jobs. */
function queueOptions(opts: ScanCliOptions, config: LoadedConfig | undefined, packs: QueueOptions['packs'], lang: string | undefined, log: (line: string) => void): QueueOptions | undefined {
  const fromConfig = opts.queue ? undefined : config && asUsageErrors(() => config.queue());
  const url = opts.queue ?? fromConfig?.url;
  if (!url) return undefined;
  try {
    redisConnection(url);
  } catch (e) {
    throw new UsageError(`--queue: ${(e as Error).message}`);
  }
  if (opts.resume) throw new UsageError('--resume does not apply to a scan through --queue: run the scan again');
  const at = (field: string, value: string | number | undefined) => (typeof value === 'number' ? value * 1000 : parseDuration(value, `queue.${field}`));
  return {
    url,
    // the workers load the same packs: relative folders made absolute, shipped packs by name
    rules: config
      ? { builtin: config.config.rules.builtin, dirs: [...config.packDirs, ...packSpecsRelativeTo(opts.rules ?? [], process.cwd())], overrides: config.overrides }
      : { dirs: packSpecsRelativeTo(opts.rules ?? [], process.cwd()) },
    packs,
    ...(lang && lang !== 'auto' ? { lang } : {}),
    ...(fromConfig?.attempts ? { attempts: fromConfig.attempts } : {}),
    ...(fromConfig?.backoff !== undefined ? { backoffMs: at('backoff', fromConfig.backoff) } : {}),
    ...(fromConfig?.siteTimeout !== undefined ? { siteTimeoutMs: at('siteTimeout', fromConfig.siteTimeout) } : {}),
    log,
  };
}

export async function scanCommand(targets: string[], opts: ScanCliOptions, sources?: PageSource[], signal?: AbortSignal): Promise<number> {
  let crawlStats: (() => CrawlStats) | undefined;
  let sites: SiteStatus | undefined;
  const progress = new Progress({ quiet: Boolean(opts.quiet), queue: () => crawlStats?.(), detail: () => sites && siteLine(sites) });
  const log = (line: string) => progress.log(line);
  const { options, queue, format, dest, failOn, failOnNotReached, uiLang, screenshots } = prepareScan(targets, opts, log, sources);
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
    const result = await scan({
      ...options,
      ...(queue ? { remote: queueCrawl({ ...queue, onStatus: (s) => (sites = s) }) } : {}),
      signal: controller.signal,
      onCrawl: (stats) => (crawlStats = stats),
      onPage({ page, visible }) {
        if (failOn && visible.some((f) => atOrAbove(f.severity, failOn))) worst = true;
        if (failOnNotReached && page.reached && !page.reached.ok) worst = true;
        progress.page(page, visible.length);
      },
    });
    progress.stop();
    const ocr = options.ocr?.engine.stats;
    if (ocr && (ocr.read || ocr.cached)) log(`OCR: ${ocr.read} image(s) read, ${ocr.cached} from the cache`);
    await emitReport(result, format, dest, { uiLang, screenshots, log, color: !dest.path && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, liveBase: opts.liveBase });
    const s = result.summary;
    const written = dest.path && dest.path !== '-' ? dest.path : undefined;
    if (format !== 'text' || written) log(`${s.findings} finding(s) on ${s.pagesWithFindings} of ${s.pages} page(s)${s.pagesNotReached ? `, ${s.pagesNotReached} not reached` : ''}${s.pagesFailed ? `, ${s.pagesFailed} failed` : ''}${s.pagesSkipped ? `, ${s.pagesSkipped} skipped` : ''}${written ? ` → ${written}` : ''}`);
    if (s.inlineOptOutsIgnored) log(`${s.inlineOptOutsIgnored} claimscan-disable comment(s) in the pages ignored (--honor-inline-opt-outs obeys them, for your own sites)`);
    // said even with --quiet: the exit code alone would not say why
    if (result.historyNotRecorded) process.stderr.write(`claimscan: report written, history not recorded: ${result.historyNotRecorded}\n`);
    return scanExitCode({ interrupted: result.interrupted, pagesFailed: s.pagesFailed, historyNotRecorded: Boolean(result.historyNotRecorded), findingsAtFailOn: worst });
  } catch (e) {
    if (e instanceof QueueUnavailableError) throw new UsageError(e.message);
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

/** `sites 3/10 done · 2 running · 1 failed` */
export function siteLine(s: SiteStatus): string {
  return `sites ${s.done}/${s.sites} done · ${s.running} running${s.failed ? ` · ${s.failed} failed` : ''}`;
}

/** JSON streams straight to its destination; other formats render from the finished JSON. */
export async function emitReport(result: PendingReport, format: Format, dest: ReportDestination, finish: FinishOptions): Promise<void> {
  const output = dest.path;
  try {
    if (format === 'json' && !finish.screenshots) {
      // every write checked: a failure is a ReportWriteError (exit 5), never a truncated file announced as written
      if (output && output !== '-') await streamToFile(output, (out) => result.writeJson(out));
      else await result.writeJson(process.stdout);
      return;
    }
    await finishReport(await result.report(), format, dest, finish);
  } finally {
    result.discard();
  }
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
