import { byConfidence } from './confidence-view.js';
import { renderCsv } from './csv-report.js';
import { renderHtml } from './html-report.js';
import { parseUiLang, reportLanguage, type UiLang } from './i18n.js';
import { renderMarkdown } from './md-report.js';
import type { ScanReport } from '../model/report-model.js';
import { renderSarif } from './sarif-report.js';
import { renderText } from './text-report.js';

/** Report formats, each a renderer of the JSON report. */
export const FORMATS = ['json', 'text', 'html', 'csv', 'md', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** File extension of each format. */
export const FORMAT_EXTENSIONS: Record<Format, string> = { json: 'json', text: 'txt', html: 'html', csv: 'csv', md: 'md', sarif: 'sarif' };

export interface RenderOptions {
  color?: boolean;
  /** language of the report's labels (html, csv, md, sarif): fr or en; default: the pages' language */
  uiLang?: string;
  /** html: the pages under `from` are also at `to` (the demo's bundled site): "open on the live page" links there */
  liveBase?: LiveBase;
}

export interface LiveBase {
  from: string;
  to: string;
}

/** The UI language a report is rendered in: the one asked for, else the language of most of its pages. */
export function uiLanguage(report: ScanReport, requested: string | undefined): UiLang {
  return parseUiLang(requested) ?? reportLanguage(report);
}

export function renderReport(unsorted: ScanReport, format: Format, options: RenderOptions = {}): string {
  // most likely right first; renderers that group (by site, page, severity) keep this order inside groups
  const report = { ...unsorted, findings: byConfidence(unsorted.findings) };
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'text':
      return renderText(report, { color: options.color });
    case 'html':
      return renderHtml(report, { uiLang: uiLanguage(report, options.uiLang), liveBase: options.liveBase });
    case 'csv':
      return renderCsv(report, { uiLang: uiLanguage(report, options.uiLang) });
    case 'md':
      return renderMarkdown(report, { uiLang: uiLanguage(report, options.uiLang) });
    case 'sarif':
      return renderSarif(report, { uiLang: uiLanguage(report, options.uiLang) });
  }
}
