/**
 * The scan: pages from a source → analysis → findings streamed to the report writer.
 * Knows nothing of where pages come from or how the report is rendered.
 */
import type { ExtractedPage } from '../model/blocks.js';
import type { Finding } from '../model/finding.js';
import type { PageSnapshot } from '../model/page-snapshot.js';
import type { PageRecord } from '../model/report-model.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import { OcrUnavailable } from '../analysis/extract/ocr.js';
import { analyzeBlocks, analyzePage, type AnalyzeOptions, type PageAnalysis, textCacheEnabled } from '../analysis/analyze-page.js';
import { addCrops, pageIsAboutTopic, readPageImages, type OcrSettings } from './image-text.js';
import type { PageSource } from '../crawl/page-source.js';
import type { Lang } from '../analysis/claims/language.js';

export interface ScanCallbacks {
  /** every page, with its findings, as soon as it is analysed (and its text blocks, when it had any: history stores them) */
  onPage(page: PageRecord, findings: Finding[], snapshot: PageSnapshot, extracted?: ExtractedPage): void;
}

export interface ScanRun {
  pages: number;
  findings: number;
  interrupted: boolean;
}

export async function runScan(
  sources: PageSource[],
  ruleSet: RuleSet,
  analyze: AnalyzeOptions,
  callbacks: ScanCallbacks,
  signal: AbortSignal = new AbortController().signal,
  ocr?: OcrSettings,
): Promise<ScanRun> {
  const run: ScanRun = { pages: 0, findings: 0, interrupted: false };
  let ocrOn = Boolean(ocr);
  for (const source of sources) {
    if (signal.aborted) break;
    await source.run(async (snapshot) => {
      let result: PageAnalysis;
      try {
        result = analyzePage(snapshot, ruleSet, { ...analyze, collectLinks: source.wantsLinks, collectImages: ocrOn && Boolean(source.resource) });
      } catch (e) {
        // A page that breaks the analysis is reported, never the end of the scan.
        result = {
          page: { url: snapshot.url, title: '', lang: '', status: snapshot.status, state: 'failed' as const, fetchedAt: snapshot.fetchedAt, findings: 0, error: `analysis failed: ${(e as Error).message}` },
          findings: [],
          extracted: undefined,
        };
      }
      if (ocr && ocrOn && source.resource && result.extracted && snapshot.html !== undefined) {
        try {
          result = await withImageText(result, snapshot, source.resource, ruleSet, analyze, ocr, signal);
        } catch (e) {
          if (!(e instanceof OcrUnavailable)) throw e;
          ocrOn = false;
          ocr.log?.(e.message);
        }
      }
      run.pages++;
      run.findings += result.findings.length;
      callbacks.onPage(result.page, result.findings, snapshot, result.extracted);
      return result.extracted && !result.extracted.noFollow ? result.extracted.links : [];
    }, signal);
  }
  run.interrupted = signal.aborted;
  return run;
}

/** --ocr: read the page's large images and analyse their text with the page's own. */
async function withImageText(result: PageAnalysis, snapshot: PageSnapshot, fetch: NonNullable<PageSource['resource']>, ruleSet: RuleSet, analyze: AnalyzeOptions, ocr: OcrSettings, signal: AbortSignal): Promise<PageAnalysis> {
  const extracted = result.extracted!;
  const lang = result.page.lang as Lang;
  if (!extracted.images?.length && !snapshot.images?.length) return result;
  if (!pageIsAboutTopic(extracted, lang, ruleSet, result.findings)) return result;
  const images = await readPageImages(snapshot, extracted, fetch, ocr, signal);
  const page = { ...result.page, images: { read: images.read, ...(images.skipped.length ? { skipped: images.skipped } : {}) } };
  if (!images.blocks.length) return { ...result, page };
  // analysed again with the images' text: page-level rules (no word about risks) see it too
  const blocks = [...extracted.blocks, ...images.blocks];
  const { findings } = analyzeBlocks(blocks, extracted.title, lang, snapshot.url, ruleSet, false, textCacheEnabled());
  return { page: { ...page, findings: findings.length }, findings: addCrops(findings, images.bytes), extracted: { ...extracted, blocks } };
}
