/**
 * claimscan's programmatic API, for tools that embed the scanner. `scan()` is what the CLI's
 * `scan`, `watch`, `demo` and the BullMQ worker run: crawl or read files, analyse, keep history,
 * and hand back the report:
 *
 *   import { scan } from 'claimscan';
 *   const result = await scan({ web: { urls: ['https://clinic.example/'], depth: 2 }, history: { db: 'claimscan.db' } });
 *   const report = await result.report();
 *
 * The stages one by one, for a page already in hand:
 *
 *   import { loadRuleSet, analyzePage } from 'claimscan';
 *   const rules = loadRuleSet();
 *   const { findings } = analyzePage({ url, status: 200, html, fetchedAt: new Date().toISOString() }, rules);
 */
export { VERSION } from './version.js';
export type { PageSnapshot } from './model/page-snapshot.js';
export { decodeHtml, sniffCharset } from './crawl/fetch/decode.js';
export { extractPage } from './analysis/extract/html-to-blocks.js';
export type { ExtractedPage, TextBlock } from './model/blocks.js';
export { splitSentences } from './analysis/claims/sentences.js';
export { tokenize } from './analysis/claims/tokens.js';
export { loadRuleSet, findPackDirs, BUILTIN_RULES_DIR, type LoadOptions, type RuleOverrides } from './analysis/rules/load.js';
export { RuleSet } from './analysis/rules/rule-set.js';
export { RuleLoadError, RuleLoadErrors } from './analysis/rules/errors.js';
export { SEVERITIES, categoryInfo, knownCategories, type Category, type CategoryInfo, type Severity } from './model/taxonomy.js';
export { analyzePage, analyzeBlocks, type AnalyzeOptions, type PageAnalysis } from './analysis/analyze-page.js';
export { scan, type ScanOptions, type ScanResult, type ScannedPage, type HistoryRequest, type PendingReport } from './scan/scan.js';
export type { WebSourceOptions, CrawlStats } from './crawl/web-source.js';
export { runScan, type ScanCallbacks } from './scan/run-scan.js';
export { LocalSource } from './crawl/local-source.js';
export type { PageSource, PageHandler } from './crawl/page-source.js';
export type { Finding } from './model/finding.js';
export { findingId } from './analysis/findings/finding-id.js';
export type { ScanReport, PageRecord, ReportDiff, TriageDecision, FailedSite } from './model/report-model.js';
export { renderReport, FORMATS, type Format } from './report/render.js';
