import type { ScanReport } from './report-model.js';
import { renderText } from './text-report.js';

/** Report formats, each a renderer of the JSON report. */
export const FORMATS = ['json', 'text'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  color?: boolean;
  /** language of the report's labels (html) */
  uiLang?: string;
}

export function renderReport(report: ScanReport, format: Format, options: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'text':
      return renderText(report, { color: options.color });
  }
}
