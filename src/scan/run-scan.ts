/**
 * The scan: pages from a source → analysis → findings streamed to the report writer.
 * Knows nothing of where pages come from or how the report is rendered.
 */
import type { ExtractedPage } from '../model/blocks.js';
import type { Finding } from '../model/finding.js';
import type { PageSnapshot } from '../model/page-snapshot.js';
import type { PageRecord } from '../model/report-model.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import { analyzePage, type AnalyzeOptions } from '../analysis/analyze-page.js';
import type { PageSource } from '../crawl/page-source.js';

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
): Promise<ScanRun> {
  const run: ScanRun = { pages: 0, findings: 0, interrupted: false };
  for (const source of sources) {
    if (signal.aborted) break;
    await source.run((snapshot) => {
      let result;
      try {
        result = analyzePage(snapshot, ruleSet, { ...analyze, collectLinks: source.wantsLinks });
      } catch (e) {
        // A page that breaks the analysis is reported, never the end of the scan.
        result = {
          page: { url: snapshot.url, title: '', lang: '', status: snapshot.status, state: 'failed' as const, fetchedAt: snapshot.fetchedAt, findings: 0, error: `analysis failed: ${(e as Error).message}` },
          findings: [],
          extracted: undefined,
        };
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
