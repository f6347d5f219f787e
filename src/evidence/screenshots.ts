/**
 * Evidence: a screenshot of each page that has findings, with the elements holding the claims
 * outlined, so a finding stays provable after the site changes. Pages are opened again in
 * Chromium after the scan; each screenshot is stored in a folder beside the report (PNG) or
 * embedded in it (JPEG data: URI), and recorded in `pages[].screenshot` with its time.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { launchBrowser } from '../crawl/render/browser.js';
import type { Finding } from '../model/finding.js';
import type { PageRecord, ScanReport } from '../model/report-model.js';
import { outlineClaims, type OutlineTarget } from './outline.js';

export interface EvidenceOptions {
  /** folder to store the screenshots in; without it they are embedded as data: URIs */
  dir?: string;
  /** folder of the report, to record the screenshots' paths relative to it */
  reportDir?: string;
  /** pages captured at the same time */
  concurrency?: number;
  /** time allowed to load one page */
  timeoutMs?: number;
  /** a browser to use (else one is launched and closed) */
  browser?: Browser;
  log?: (line: string) => void;
}

export interface EvidenceResult {
  /** pages with findings that could be opened (http, https, file) */
  pages: number;
  captured: number;
  failed: number;
  /** claims outlined, of those with an element (page-level findings have none) */
  outlined: number;
}

export const VIEWPORT = { width: 1280, height: 900 };
/** Tallest screenshot: beyond it, the part of the page around the claims is kept. */
export const MAX_SHOT_HEIGHT = 8000;
const MARGIN = 300;

/** The pages a screenshot is taken of: those with findings that Chromium can open, PDFs aside (their findings link to their page of the file). */
export function evidencePages(report: ScanReport): PageRecord[] {
  const withFindings = new Set(report.findings.map((f) => f.url));
  return report.pages.filter((p) => withFindings.has(p.url) && !p.pdfPages && /^(https?|file):/i.test(p.finalUrl ?? p.url));
}

export async function captureEvidence(report: ScanReport, options: EvidenceOptions = {}): Promise<EvidenceResult> {
  const byPage = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byPage.get(f.url);
    if (list) list.push(f);
    else byPage.set(f.url, [f]);
  }
  const pages = evidencePages(report);
  const result: EvidenceResult = { pages: pages.length, captured: 0, failed: 0, outlined: 0 };
  if (!pages.length) return result;
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  const browser = options.browser ?? (await launchBrowser());
  let context: BrowserContext | undefined;
  try {
    context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: false, serviceWorkers: 'block', deviceScaleFactor: 1 });
    const queue = [...pages];
    // Each worker keeps its tab from page to page (a new tab is most of a screenshot's cost); a
    // page that fails or runs out of time takes its tab with it, and the next page gets a new one.
    const worker = async () => {
      let tab: Page | undefined;
      for (let page = queue.shift(); page; page = queue.shift()) {
        tab ??= await context!.newPage();
        try {
          const outlined = await capturePage(tab, page, byPage.get(page.url)!, options);
          result.captured++;
          result.outlined += outlined;
        } catch (e) {
          result.failed++;
          options.log?.(`screenshot of ${page.url} failed: ${(e as Error).message.split('\n')[0]}`);
          await tab.close({ runBeforeUnload: false }).catch(() => undefined);
          tab = undefined;
        }
      }
      await tab?.close({ runBeforeUnload: false }).catch(() => undefined);
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  } finally {
    await context?.close().catch(() => undefined);
    if (!options.browser) await browser.close().catch(() => undefined);
  }
  return result;
}

/**
 * One screenshot, within one deadline for the whole page (load, outlining, the shot): evaluate()
 * has no timeout of its own, and a page whose script never stops would hold the report.
 */
async function capturePage(page: Page, record: PageRecord, findings: Finding[], options: EvidenceOptions): Promise<number> {
  const timeout = options.timeoutMs ?? 20_000;
  let timer: NodeJS.Timeout | undefined;
  const overtime = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still busy after ${timeout / 1000} s`)), timeout);
  });
  try {
    return await Promise.race([shoot(page, record, findings, options, timeout), overtime]);
  } finally {
    clearTimeout(timer);
  }
}

async function shoot(page: Page, record: PageRecord, findings: Finding[], options: EvidenceOptions, timeout: number): Promise<number> {
  await page.goto(record.finalUrl ?? record.url, { waitUntil: 'load', timeout });
  await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => undefined);
  const targets: OutlineTarget[] = findings.map((f) => ({ selector: f.selector, text: f.text }));
  const box = await page.evaluate(outlineClaims, targets);
  const takenAt = new Date().toISOString();
  const clip =
    box.height <= MAX_SHOT_HEIGHT
      ? undefined
      : (() => {
          const y = Math.max(0, Math.min(box.top - MARGIN, box.height - MAX_SHOT_HEIGHT));
          return { x: 0, y, width: VIEWPORT.width, height: Math.min(MAX_SHOT_HEIGHT, box.height - y) };
        })();
  const embed = !options.dir;
  const image = await page.screenshot({
    fullPage: true,
    ...(clip ? { clip } : {}),
    type: embed ? 'jpeg' : 'png',
    ...(embed ? { quality: 80 } : {}),
    animations: 'disabled',
    caret: 'hide',
    timeout,
  });
  if (embed) {
    record.screenshot = `data:image/jpeg;base64,${image.toString('base64')}`;
  } else {
    const name = `${createHash('sha256').update(record.url).digest('hex').slice(0, 16)}.png`;
    const file = join(options.dir!, name);
    writeFileSync(file, image);
    record.screenshot = relative(options.reportDir ?? '.', file).split(sep).join('/');
  }
  record.screenshotAt = takenAt;
  return box.outlined;
}
