import type { ReportDiff } from '../model/report-model.js';

/** "3 new, 12 unchanged, 5 fixed, 1 page gone since 2026-11-17": the diff in one line. */
export function diffSummaryLine(d: Pick<ReportDiff, 'new' | 'unchanged' | 'resolved' | 'pagesGone' | 'since'>): string {
  const parts = [`${d.new} new`, `${d.unchanged} unchanged`, `${d.resolved} fixed`];
  if (d.pagesGone) parts.push(`${d.pagesGone} page${d.pagesGone === 1 ? '' : 's'} gone`);
  return `${parts.join(', ')} since ${d.since.slice(0, 10)}`;
}
