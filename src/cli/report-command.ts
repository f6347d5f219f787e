import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { FORMATS, renderReport, type Format } from '../report/render.js';
import type { ScanReport } from '../model/report-model.js';
import { logger, parseMinConfidenceOption } from './common.js';
import { applyConfidence } from '../report/confidence-view.js';
import { loadShippedCategories } from '../analysis/rules/load.js';
import { EXIT, UsageError } from './errors.js';
import { besideReportPath, parseUiLangOption, writeReport } from './report-output.js';

export interface ReportCliOptions {
  format?: string;
  output?: string;
  uiLang?: string;
  quiet?: boolean;
  minConfidence?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('render a saved JSON report (from `scan --format json`) as html, csv, md, sarif or text')
    .argument('<report.json>', 'the JSON report, or - for stdin')
    .option('-f, --format <format>', `${FORMATS.join('|')}`, 'html')
    .option('-o, --output <file>', 'where to write it (- for stdout); default: beside the JSON report, with the new extension')
    .option('--ui-lang <lang>', "language of the report's labels: fr or en (default: the pages' language)")
    .option('--min-confidence <x>', 'leave out findings whose confidence (0–1) is under x')
    .option('-q, --quiet', 'do not print where the report was written')
    .action(async (input: string, opts: ReportCliOptions) => {
      process.exitCode = await reportCommand(input, opts);
    });
}

export function parseFormat(value: string | undefined, fallback: Format): Format {
  if (value === undefined) return fallback;
  if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format takes one of ${FORMATS.join(', ')}, not "${value}"`);
  return value as Format;
}

/** Read and check a JSON report; a file that is not one is a usage error naming the file. */
export function readReport(input: string): ScanReport {
  let text: string;
  try {
    text = readFileSync(input === '-' ? 0 : input, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`cannot read ${input}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    if (/^\s*</.test(text)) throw new UsageError(`${input} is not a JSON report (it looks like HTML): give the report written by \`claimscan scan … --format json\``);
    throw new UsageError(`${input} is not JSON: ${(e as Error).message}`);
  }
  const r = data as Partial<ScanReport> | null;
  const missing = !r || typeof r !== 'object'
    ? 'an object'
    : r.tool?.name !== 'claimscan'
      ? '"tool": {"name": "claimscan"}'
      : !Array.isArray(r.findings)
        ? '"findings"'
        : !Array.isArray(r.pages)
          ? '"pages"'
          : !r.summary || typeof r.summary !== 'object'
            ? '"summary"'
            : undefined;
  if (missing) throw new UsageError(`${input} is not a claimscan JSON report (no ${missing}); make one with \`claimscan scan … --format json --output report.json\``);
  return r as ScanReport;
}

export async function reportCommand(input: string, opts: ReportCliOptions): Promise<number> {
  const format = parseFormat(opts.format, 'html');
  const uiLang = parseUiLangOption(opts.uiLang);
  const minConfidence = parseMinConfidenceOption(opts.minConfidence);
  const report = applyConfidence(readReport(input), minConfidence);
  // Never over the input: json with no --output goes to stdout (as for `scan`); an --output
  // that names the input itself is refused.
  const beside = besideReportPath(input, format);
  const output = opts.output ?? (input !== '-' && sameFile(beside, input) ? '-' : beside);
  if (input !== '-' && output !== '-' && sameFile(output, input)) throw new UsageError(`--output ${output} is the report being read: write the rendering elsewhere`);
  if (input !== '-' && output !== '-') rebaseScreenshots(report, dirname(resolve(input)), dirname(resolve(output)));
  loadShippedCategories(); // category titles come from the packs
  const text = renderReport(report, format, { uiLang, color: output === '-' && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
  await writeReport(text, output);
  if (output !== '-') logger(Boolean(opts.quiet))(`${report.findings.length} finding(s) → ${output}`);
  return EXIT.ok;
}

/** Screenshot paths are relative to the report: keep them pointing at the same files when the rendering goes elsewhere. */
export function rebaseScreenshots(report: ScanReport, from: string, to: string): void {
  if (from === to) return;
  for (const page of report.pages) {
    const shot = page.screenshot;
    if (!shot || /^[a-z][a-z0-9+.-]*:/i.test(shot) || isAbsolute(shot)) continue;
    page.screenshot = relative(to, resolve(from, shot)).split(sep).join('/');
  }
}

/** Do two paths name the same file (after resolving links, when they exist)? */
function sameFile(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}
