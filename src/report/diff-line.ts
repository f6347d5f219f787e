import type { ReportDiff } from '../model/report-model.js';

/**
 * "3 new, 12 unchanged, 5 fixed, 1 page gone since scan #11 (2026-11-17 06:00 UTC)": the diff in
 * one line, naming the scan compared with (there can be several a day).
 */
export function diffSummaryLine(d: Pick<ReportDiff, 'new' | 'unchanged' | 'resolved' | 'pagesGone' | 'since'> & Partial<Pick<ReportDiff, 'previousScanId'>>): string {
  const parts = [`${d.new} new`, `${d.unchanged} unchanged`, `${d.resolved} fixed`];
  if (d.pagesGone) parts.push(`${d.pagesGone} page${d.pagesGone === 1 ? '' : 's'} gone`);
  const when = /T\d\d:\d\d/.test(d.since) ? `${d.since.slice(0, 10)} ${d.since.slice(11, 16)} UTC` : d.since.slice(0, 10);
  return `${parts.join(', ')} since ${d.previousScanId !== undefined ? `scan #${d.previousScanId} (${when})` : when}`;
}
