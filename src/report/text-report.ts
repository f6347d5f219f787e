import type { Finding } from '../model/finding.js';
import { diffSummaryLine } from './diff-line.js';
import { failedPages } from './report-view.js';
import type { ScanReport } from '../model/report-model.js';

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

export interface TextOptions {
  color?: boolean;
}

/** A terminal listing: findings grouped by page, most severe first, then a one-line summary. */
export function renderText(report: ScanReport, options: TextOptions = {}): string {
  const c = colors(options.color ?? false);
  const lines: string[] = [];
  const byPage = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byPage.get(f.url) ?? [];
    list.push(f);
    byPage.set(f.url, list);
  }
  for (const [url, findings] of byPage) {
    const title = findings[0].pageTitle;
    lines.push(c.bold(url) + (title ? c.dim(`  — ${title}`) : ''));
    findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (b.confidence ?? 1) - (a.confidence ?? 1));
    for (const f of findings) lines.push(...renderFinding(f, c));
    lines.push('');
  }
  const failed = failedPages(report);
  if (failed.length) {
    lines.push(c.bold('Pages that could not be scanned:'));
    for (const p of failed.slice(0, 50)) lines.push(`  ${p.url}  ${c.dim(`${p.status || '-'} ${p.error}`)}`);
    if (failed.length > 50) lines.push(`  … and ${failed.length - 50} more`);
    lines.push('');
  }
  const s = report.summary;
  const sev = ['high', 'medium', 'low'].map((k) => `${s.bySeverity[k] ?? 0} ${k}`).join(', ');
  if (report.diff) lines.push(`${report.diff.previousScanId !== undefined ? `Compared with scan #${report.diff.previousScanId}` : 'Compared with the findings history holds'}: ${diffSummaryLine(report.diff)}`);
  lines.push(`${s.findings} finding${s.findings === 1 ? '' : 's'} (${sev}) on ${s.pagesWithFindings} of ${s.pages} page${s.pages === 1 ? '' : 's'}${s.pagesNotReached ? `, ${s.pagesNotReached} not reached` : ''}${s.pagesFailed ? `, ${s.pagesFailed} failed` : ''}${s.pagesSkipped ? `, ${s.pagesSkipped} skipped` : ''}${report.interrupted ? ' — scan interrupted' : ''}`);
  if (s.inlineOptOutsIgnored) lines.push(`${s.inlineOptOutsIgnored} claimscan-disable comment(s) in pages ignored (--honor-inline-opt-outs to obey them)`);
  return lines.join('\n') + '\n';
}

export function renderFinding(f: Finding, c = colors(false)): string[] {
  const sevColor = f.severity === 'high' ? c.red : f.severity === 'medium' ? c.yellow : c.dim;
  const highlighted = f.match ? f.text.slice(0, f.matchStart) + c.underline(f.text.slice(f.matchStart, f.matchEnd)) + f.text.slice(f.matchEnd) : f.text;
  const out = [
    `  ${sevColor(f.severity.padEnd(6))} ${c.bold(f.category)}  ${c.dim(f.ruleId)}${f.confidence !== undefined ? c.dim(`  confidence ${f.confidence.toFixed(2)}`) : ''}`,
    `         « ${highlighted} »`,
  ];
  if (f.headingPath.length) out.push(c.dim(`         under: ${f.headingPath.join(' > ')}`));
  if (f.page) out.push(c.dim(`         PDF page ${f.page}`));
  if (f.image) out.push(c.dim(`         in image ${f.image.url} (OCR confidence ${Math.round(f.image.confidence)} %)`));
  out.push(`         ${f.message}`);
  out.push(c.dim(`         ${f.source.document}: "${f.source.quote}"`));
  if (f.source.translation) out.push(c.dim(`         (translation, ${f.source.translation.lang}: "${f.source.translation.text}")`));
  if (f.pageEvidence) {
    const e = f.pageEvidence;
    out.push(c.dim(`         looked for and not found in ${e.sentencesChecked} sentence(s): ${e.lookedFor.join(', ')}`));
    for (const claim of e.claims) out.push(c.dim(`         claim: « ${claim.text} » (${claim.categories.join(', ')}) at ${claim.selector}`));
    if (e.namedIn) out.push(c.dim(`         the page names the treatment in « ${e.namedIn} »`));
  }
  out.push(c.dim(`         id ${f.id}`));
  return out;
}

export function colors(on: boolean) {
  const wrap = (code: string, reset: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[${reset}m` : s);
  return {
    bold: wrap('1', '22'),
    dim: wrap('2', '22'),
    underline: wrap('4', '24'),
    red: wrap('31', '39'),
    yellow: wrap('33', '39'),
    green: wrap('32', '39'),
  };
}
