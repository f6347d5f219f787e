import { createWriteStream, mkdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { LocalSource } from '../crawl/local-source.js';
import type { PageSource } from '../crawl/page-source.js';
import { runScan } from '../scan/run-scan.js';
import { WebSource } from '../crawl/web-source.js';
import { warmUpFetchWorker } from '../crawl/fetch/worker-page-fetcher.js';
import { JsonReportWriter } from '../report/json-report-writer.js';
import { FORMATS, type Format } from '../report/render.js';
import type { ScanReport } from '../model/report-model.js';
import { VERSION } from '../version.js';
import { atOrAbove, collect, loadRules, parseLang, parseMinConfidenceOption } from './common.js';
import { ocrSettings, parseFailOn } from './ocr-options.js';
import { EXIT, UsageError } from './errors.js';
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
  /** read the text of large images (also `ocr:` in the config) */
  ocr?: boolean;
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
    .option('--ocr', 'read the text of large images (banners, slides) on pages about the treatment, with Tesseract (also ocr: in the config)')
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
  const { severity: failOn, notReached: failOnNotReached } = parseFailOn(opts.failOn);
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
  const ocr = ocrSettings(opts.ocr, config, log);
  const header = {
    version: VERSION,
    startedAt: new Date().toISOString(),
    targets: scanned,
    packs: ruleSet.packs.map((p) => ({ name: p.name, version: p.version })),
  };
  const history = openScanHistory(opts, config, { ...header, options: recordedOptions(opts), log });
  const writer = new JsonReportWriter(header);
  history.replay(writer);
  if (web) {
    crawler = new WebSource({ ...web, frontier: history.frontier(), log, collectImages: Boolean(ocr) });
    if (web.ignoreRobots) log('robots.txt ignored (--ignore-robots): scan only sites you are entitled to scan');
  }
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(), { once: true }); // `watch` stopping
  const onSigint = () => {
    log('interrupted: writing the report of what was scanned (Ctrl-C again to quit at once)');
    process.off('SIGINT', onSigint);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  let worst = false;
  try {
    progress.start();
    const run = await runScan(history.sources(sources ?? defaultSources(local, crawler)), ruleSet, { lang }, {
      onPage(page, all, snapshot, extracted) {
        const recorded = history.record(page, all, snapshot, extracted);
        const findings = minConfidence === undefined ? recorded : recorded.filter((f) => meetsConfidence(f, minConfidence));
        writer.addPage(findings.length === page.findings ? page : { ...page, findings: findings.length });
        if (failOnNotReached && page.reached && !page.reached.ok) worst = true;
        for (const f of findings) {
          writer.addFinding(f);
          if (failOn && atOrAbove(f.severity, failOn)) worst = true;
        }
        progress.page(page, findings.length);
      },
    }, controller.signal, ocr);
    progress.stop();
    if (ocr && (ocr.engine.stats.read || ocr.engine.stats.cached)) log(`OCR: ${ocr.engine.stats.read} image(s) read, ${ocr.engine.stats.cached} from the cache`);
    const { diff, triage } = await history.finish(run.interrupted);
    await emitReport(writer, format, dest, { interrupted: run.interrupted, diff, triage }, { uiLang, screenshots, log, color: !dest.path && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
    const s = writer.summary;
    const written = dest.path && dest.path !== '-' ? dest.path : undefined;
    if (format !== 'text' || written) log(`${s.findings} finding(s) on ${s.pagesWithFindings} of ${s.pages} page(s)${s.pagesNotReached ? `, ${s.pagesNotReached} not reached` : ''}${s.pagesFailed ? `, ${s.pagesFailed} failed` : ''}${written ? ` → ${written}` : ''}`);
  } catch (e) {
    await history.abandon();
    writer.discard();
    throw e;
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
  }
  return worst ? EXIT.findings : EXIT.ok;
}

/** Files and folders first (quick), then the web. */
function defaultSources(local: string[], crawler: WebSource | undefined): PageSource[] {
  return [...(local.length ? [new LocalSource(local)] : []), ...(crawler ? [crawler] : [])];
}

/** JSON streams straight to its destination; other formats render from the finished JSON. */
export async function emitReport(writer: JsonReportWriter, format: Format, dest: ReportDestination, head: Pick<ScanReport, 'interrupted' | 'diff' | 'triage'>, finish: FinishOptions): Promise<void> {
  const output = dest.path;
  if (format === 'json' && !finish.screenshots) {
    if (output && output !== '-') {
      mkdirSync(dirname(output), { recursive: true });
      const out = createWriteStream(output);
      await writer.finish(out, head);
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    } else {
      await writer.finish(process.stdout, head);
    }
    return;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'claimscan-report-'));
  const file = join(tmp, 'report.json');
  const out = createWriteStream(file);
  await writer.finish(out, head);
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const report = JSON.parse(readFileSync(file, 'utf8')) as ScanReport;
  rmSync(tmp, { recursive: true, force: true });
  await finishReport(report, format, dest, finish);
}
