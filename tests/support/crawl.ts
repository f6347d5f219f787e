/**
 * Run the crawler in-process on a local server and keep what it handed to the analysis, with
 * the links a real analysis would return (same extraction, no rules): fast tests of crawling
 * behaviour. End-to-end behaviour (findings, report, exit codes) is tested through the CLI.
 */
import type { PageSnapshot } from '../../src/model/page-snapshot.js';
import { extractPage } from '../../src/analysis/extract/html-to-blocks.js';
import { WebSource, type WebSourceOptions } from '../../src/crawl/web-source.js';

export interface CrawlResult {
  pages: PageSnapshot[];
  /** page by URL */
  page(url: string): PageSnapshot | undefined;
  urls: string[];
  log: string[];
}

export async function crawl(options: Partial<WebSourceOptions> & { urls: string[] }, signal = new AbortController().signal): Promise<CrawlResult> {
  const pages: PageSnapshot[] = [];
  const log: string[] = [];
  const source = new WebSource({ render: 'never', retries: 0, timeoutMs: 5000, ...options, log: (line) => log.push(line) });
  await source.run((snapshot) => {
    pages.push(snapshot);
    if (snapshot.html === undefined || !source.wantsLinks) return [];
    const extracted = extractPage(snapshot.html, { baseUrl: snapshot.finalUrl ?? snapshot.url, collectLinks: true });
    return extracted.noFollow ? [] : extracted.links;
  }, signal);
  return { pages, page: (url) => pages.find((p) => p.url === url), urls: pages.map((p) => p.url), log };
}
