/**
 * Where reports go. With no `--output`, the formats made for people and dashboards (html, csv,
 * md, sarif) are written to `reports/<date>_<time>_<target>.<ext>` under the current folder, and
 * copied to `reports/latest.<ext>`; json and text go to stdout (pipes, CI). `--output -` always
 * means stdout.
 */
import { copyFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { captureEvidence, evidencePages } from '../evidence/screenshots.js';
import { chromiumPath, installHint } from '../crawl/render/browser.js';
import { parseUiLang } from '../report/i18n.js';
import { FORMAT_EXTENSIONS, renderReport, type Format, type LiveBase } from '../report/render.js';
import type { ScanReport } from '../model/report-model.js';
import { writeOutput } from './common.js';
import { ReportWriteError, UsageError } from './errors.js';

export const REPORTS_DIR = 'reports';

/** Formats written to a file in `reports/` when no --output is given. */
export function writesFileByDefault(format: Format): boolean {
  return format !== 'json' && format !== 'text';
}

/** A short, file-name-safe name for what was scanned: host and path of a URL, a file's name, `stdin`. */
export function targetSlug(targets: string[]): string {
  const first = targets[0] ?? 'scan';
  let name: string;
  if (first === '-') name = 'stdin';
  else if (/^https?:\/\//i.test(first)) {
    try {
      const u = new URL(first);
      name = `${u.hostname}${u.port ? `-${u.port}` : ''}${u.pathname.replace(/\/+$/, '')}`;
    } catch {
      name = first;
    }
  } else name = basename(first.replace(/[\\/]+$/, '')) || 'scan';
  const slug = name
    .replace(/\.html?$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60) || 'scan';
  return targets.length > 1 ? `${slug}+${targets.length - 1}` : slug;
}

/** `2026-11-25_140312` in local time: sorts by date, one file a second. */
export function fileStamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}_${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

/** `reports/2026-11-25_140312_www.example.org.html` */
export function defaultReportPath(targets: string[], format: Format, now = new Date(), dir = REPORTS_DIR): string {
  return join(dir, `${fileStamp(now)}_${targetSlug(targets)}.${FORMAT_EXTENSIONS[format]}`);
}

/** Rendering a saved report again: beside it, same name, the new format's extension. */
export function besideReportPath(input: string, format: Format): string {
  if (input === '-') return join(REPORTS_DIR, `report.${FORMAT_EXTENSIONS[format]}`);
  const ext = extname(input);
  const stem = ext.toLowerCase() === '.json' ? input.slice(0, -ext.length) : input;
  return `${stem}.${FORMAT_EXTENSIONS[format]}`;
}

/** Where screenshots of a report written to `reportPath` are stored: a folder beside it. */
export function evidenceDirFor(reportPath: string): string {
  const ext = extname(reportPath);
  return `${ext ? reportPath.slice(0, -ext.length) : reportPath}.evidence`;
}

/**
 * Write a rendered report. `latest` also copies it to `latest.<ext>` in the same folder (the
 * default location), so `reports/latest.html` is always the last scan.
 */
export async function writeReport(text: string, path: string | undefined, options: { latest?: boolean } = {}): Promise<void> {
  await writeOutput(text, path);
  if (path && path !== '-' && options.latest) {
    const latest = join(dirname(path), `latest${extname(path)}`);
    try {
      copyFileSync(path, latest);
    } catch (e) {
      throw new ReportWriteError(latest, e as Error);
    }
  }
}

export type ScreenshotMode = 'files' | 'embed';

/** `--screenshots` (files beside the report) or `--embed-screenshots` ('embed'); Chromium must be there. */
export function parseScreenshots(value: boolean | string | undefined): ScreenshotMode | undefined {
  if (value === undefined || value === false) return undefined;
  const mode = value === true ? 'files' : value;
  if (mode !== 'files' && mode !== 'embed') throw new UsageError(`screenshots are stored as files or embedded, not "${mode}"`);
  if (!chromiumPath()) throw new UsageError(`--screenshots needs a browser: ${installHint()}`);
  return mode;
}

export function parseUiLangOption(value: string | undefined): string | undefined {
  if (value !== undefined && !parseUiLang(value)) throw new UsageError(`--ui-lang takes fr or en, not "${value}"`);
  return value;
}

export interface ReportDestination {
  /** file to write, or undefined / '-' for stdout */
  path: string | undefined;
  /** also copy to latest.<ext> */
  latest: boolean;
}

/** `--output` when given; else a dated file in reports/ for html, csv, md and sarif; else stdout. */
export function resolveReportPath(format: Format, output: string | undefined, targets: string[], now = new Date()): ReportDestination {
  if (output !== undefined) return { path: output, latest: false };
  if (writesFileByDefault(format)) return { path: defaultReportPath(targets, format, now), latest: true };
  return { path: undefined, latest: false };
}

export interface FinishOptions {
  uiLang?: string;
  screenshots?: ScreenshotMode;
  color?: boolean;
  log: (line: string) => void;
  liveBase?: LiveBase;
}

/** The last steps of a scan's report: evidence screenshots (when asked), render, write. */
export async function finishReport(report: ScanReport, format: Format, dest: ReportDestination, options: FinishOptions): Promise<void> {
  if (options.screenshots && format === 'text') {
    options.log('screenshots: not taken, the text format cannot show them (use html, json, md, csv or sarif)');
  } else if (options.screenshots) {
    const toFile = dest.path !== undefined && dest.path !== '-';
    const dir = toFile && options.screenshots === 'files' ? evidenceDirFor(dest.path!) : undefined;
    options.log(`screenshots: opening the ${evidencePages(report).length} page(s) with findings in Chromium…`);
    const result = await captureEvidence(report, { dir, reportDir: toFile ? dirname(dest.path!) : undefined, log: options.log });
    options.log(`screenshots: ${result.captured} of ${result.pages} page(s) with findings, ${result.outlined} claim(s) outlined${dir ? ` → ${dir}` : ' (embedded)'}`);
  }
  await writeReport(renderReport(report, format, { uiLang: options.uiLang, color: options.color, liveBase: options.liveBase }), dest.path, { latest: dest.latest });
}
