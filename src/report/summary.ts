import type { Finding } from '../model/finding.js';
import type { PageRecord, ScanReport } from '../model/report-model.js';

/** Running totals of a scan, updated as pages and findings stream through. */
export class SummaryCounter {
  pages = 0;
  pagesWithFindings = 0;
  pagesFailed = 0;
  findings = 0;
  bySeverity: Record<string, number> = {};
  byCategory: Record<string, number> = {};

  addPage(page: PageRecord): void {
    this.pages++;
    if (page.findings > 0) this.pagesWithFindings++;
    if (page.error && !(page.status >= 200 && page.status < 300)) this.pagesFailed++;
    else if (page.status === 0 || page.status >= 400) this.pagesFailed++;
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
      findings: this.findings,
      bySeverity: this.bySeverity,
      byCategory: this.byCategory,
    };
  }
}
