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
      findings: this.findings,
      bySeverity: this.bySeverity,
      byCategory: this.byCategory,
    };
  }
}
