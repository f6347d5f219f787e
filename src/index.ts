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
export type { PageSnapshot } from './fetch/page-snapshot.js';
export { decodeHtml, sniffCharset } from './fetch/decode.js';
export { extractPage } from './extract/html-to-blocks.js';
export type { ExtractedPage, TextBlock } from './extract/blocks.js';
export { splitSentences } from './claims/sentences.js';
export { tokenize } from './claims/tokens.js';
export { loadRuleSet, findPackDirs, BUILTIN_RULES_DIR, type LoadOptions, type RuleOverrides } from './rules/load.js';
export { RuleSet } from './rules/rule-set.js';
export { RuleLoadError, RuleLoadErrors } from './rules/errors.js';
export { CATEGORIES, CATEGORY_IDS, SEVERITIES, type Category, type Severity } from './rules/taxonomy.js';
export { analyzePage, analyzeBlocks, type AnalyzeOptions, type PageAnalysis } from './pipeline/analyze-page.js';
export { scan, type ScanOptions, type ScanResult, type ScannedPage, type HistoryRequest, type PendingReport } from './scan/scan.js';
export type { WebSourceOptions, CrawlStats } from './pipeline/web-source.js';
export { runScan, type ScanCallbacks } from './pipeline/run-scan.js';
export { LocalSource } from './pipeline/local-source.js';
export type { PageSource, PageHandler } from './pipeline/page-source.js';
export { findingId, type Finding } from './findings/finding.js';
export type { ScanReport, PageRecord, ReportDiff, TriageDecision, FailedSite } from './report/report-model.js';
export { renderReport, FORMATS, type Format } from './report/render.js';
