import type { Finding } from '../model/finding.js';
import type { PageRecord, ScanReport } from '../model/report-model.js';

/** Running totals of a scan, updated as pages and findings stream through. */
export class SummaryCounter {
  pages = 0;
  pagesWithFindings = 0;
  pagesFailed = 0;
  pagesNotReached = 0;
  pagesClean = 0;
  findings = 0;
  bySeverity: Record<string, number> = {};
  byCategory: Record<string, number> = {};

  addPage(page: PageRecord): void {
    this.pages++;
    if (page.findings > 0) this.pagesWithFindings++;
    const result = pageResult(page);
    if (result === 'failed') this.pagesFailed++;
    else if (result === 'not-reached') this.pagesNotReached++;
    else if (result === 'clean') this.pagesClean++;
  }

  addFinding(f: Finding): void {
    this.findings++;
    this.bySeverity[f.severity] = (this.bySeverity[f.severity] ?? 0) + 1;
    this.byCategory[f.category] = (this.byCategory[f.category] ?? 0) + 1;
  }

  toJSON(): ScanReport['summary'] {
    return {
      pages: this.pages,
      pagesWithFindings: this.pagesWithFindings,
      pagesFailed: this.pagesFailed,
      pagesNotReached: this.pagesNotReached,
      pagesClean: this.pagesClean,
      findings: this.findings,
      bySeverity: this.bySeverity,
      byCategory: this.byCategory,
    };
  }
}

/**
 * What a page's scan came to: findings; clean (read, reached, nothing found); not reached (a
 * wall stood in front of its content); failed (not read); or skipped (nothing to read, e.g. a
 * type that is not a document, a redirect scanned under its target).
 */
export type PageResult = 'findings' | 'clean' | 'not-reached' | 'failed' | 'skipped';

export function pageResult(page: PageRecord): PageResult {
  if ((page.error && !(page.status >= 200 && page.status < 300)) || page.status === 0 || page.status >= 400) return 'failed';
  if (page.error) return 'failed';
  if (page.findings > 0) return 'findings';
  if (page.reached && !page.reached.ok) return 'not-reached';
  if (!page.reached && !page.title && !page.lang) return 'skipped';
  return 'clean';
}
