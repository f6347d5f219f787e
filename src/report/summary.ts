import type { Finding } from '../model/finding.js';
import { pageState } from '../model/page-state.js';
import type { PageRecord, ScanReport } from '../model/report-model.js';

/** Running totals of a scan, updated as pages and findings stream through. */
export class SummaryCounter {
  pages = 0;
  pagesWithFindings = 0;
  pagesFailed = 0;
  pagesAnalysed = 0;
  pagesSkipped = 0;
  inlineOptOutsIgnored = 0;
  pagesNotReached = 0;
  pagesClean = 0;
  findings = 0;
  bySeverity: Record<string, number> = {};
  byCategory: Record<string, number> = {};

  addPage(page: PageRecord): void {
    this.pages++;
    if (page.findings > 0) this.pagesWithFindings++;
    const state = pageState(page);
    if (state === 'failed') this.pagesFailed++;
    else if (state === 'skipped') this.pagesSkipped++;
    else this.pagesAnalysed++;
    this.inlineOptOutsIgnored += page.inlineOptOutsIgnored ?? 0;
    const result = pageResult(page);
    if (result === 'not-reached') this.pagesNotReached++;
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
      pagesAnalysed: this.pagesAnalysed,
      pagesSkipped: this.pagesSkipped,
      ...(this.inlineOptOutsIgnored ? { inlineOptOutsIgnored: this.inlineOptOutsIgnored } : {}),
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
  const state = pageState(page);
  if (state === 'failed' || state === 'skipped') return state;
  if (page.findings > 0) return 'findings';
  if (page.reached && !page.reached.ok) return 'not-reached';
  return 'clean';
}
