/**
 * Writes the JSON report while the scan runs: findings go to a temporary file as they are
 * found, so memory does not grow with the size of the crawl; `finish()` assembles the report.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../model/finding.js';
import type { PageRecord, ScanReport } from '../model/report-model.js';
import { SummaryCounter } from './summary.js';

export interface ReportHeader {
  version: string;
  startedAt: string;
  targets: string[];
  packs: Array<{ name: string; version: string }>;
}

export class JsonReportWriter {
  readonly summary = new SummaryCounter();
  private readonly tmpDir = mkdtempSync(join(tmpdir(), 'claimscan-'));
  // The temporary files hold the bodies of the two JSON arrays, items already separated, so
  // that finish() copies their bytes as they are.
  private readonly pagesFile = join(this.tmpDir, 'pages.json-items');
  private readonly findingsFile = join(this.tmpDir, 'findings.json-items');
  private readonly pages: WriteStream = createWriteStream(this.pagesFile);
  private readonly findings: WriteStream = createWriteStream(this.findingsFile);

  // Lines are gathered and written 64 KB at a time: one write per line costs a system call each.
  private pageLines = '';
  private findingLines = '';
  private pageCount = 0;
  private findingCount = 0;

  constructor(private readonly header: ReportHeader) {}

  addPage(page: PageRecord): void {
    this.summary.addPage(page);
    this.pageLines += (this.pageCount++ ? ',\n    ' : '\n    ') + JSON.stringify(page);
    if (this.pageLines.length >= WRITE_CHUNK) this.pageLines = flushLines(this.pages, this.pageLines);
  }

  addFinding(finding: Finding): void {
    this.summary.addFinding(finding);
    this.findingLines += (this.findingCount++ ? ',\n    ' : '\n    ') + JSON.stringify(finding);
    if (this.findingLines.length >= WRITE_CHUNK) this.findingLines = flushLines(this.findings, this.findingLines);
  }

  /** Assemble the report into `out` (a stream; the caller closes it), then clean up. */
  async finish(out: NodeJS.WritableStream, extra: { interrupted?: boolean } & Pick<ScanReport, 'diff' | 'triage' | 'failedSites'> = {}): Promise<void> {
    this.pageLines = flushLines(this.pages, this.pageLines);
    this.findingLines = flushLines(this.findings, this.findingLines);
    await Promise.all([endStream(this.pages), endStream(this.findings)]);
    const head = {
      tool: { name: 'claimscan', version: this.header.version },
      startedAt: this.header.startedAt,
      finishedAt: new Date().toISOString(),
      targets: this.header.targets,
      packs: this.header.packs,
      summary: this.summary.toJSON(),
      ...(extra.interrupted ? { interrupted: true } : {}),
      ...(extra.diff ? { diff: extra.diff } : {}),
      ...(extra.triage ? { triage: extra.triage } : {}),
      ...(extra.failedSites?.length ? { failedSites: extra.failedSites } : {}),
    } satisfies Omit<ScanReport, 'pages' | 'findings'>;
    const json = JSON.stringify(head, null, 2);
    await write(out, json.slice(0, -2) + ',\n  "pages": [');
    await copyBytes(this.pagesFile, out);
    await write(out, '\n  ],\n  "findings": [');
    await copyBytes(this.findingsFile, out);
    await write(out, '\n  ]\n}\n');
    rmSync(this.tmpDir, { recursive: true, force: true });
  }

  discard(): void {
    for (const stream of [this.pages, this.findings]) {
      // Writes still buffered fail with ERR_STREAM_DESTROYED: expected here, nothing to report.
      stream.on('error', () => {});
      stream.destroy();
    }
    rmSync(this.tmpDir, { recursive: true, force: true });
  }
}

const WRITE_CHUNK = 64 * 1024;

function flushLines(s: WriteStream, lines: string): string {
  if (lines) s.write(lines);
  return '';
}

function endStream(s: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.end(() => resolve());
  });
}

function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (out.write(text)) resolve();
    else out.once('drain', () => resolve());
  });
}

/** Copy a file into the report as it is (no decoding: it is already JSON). */
async function copyBytes(file: string, out: NodeJS.WritableStream): Promise<void> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 })) {
    await new Promise<void>((resolve) => (out.write(chunk as Buffer) ? resolve() : out.once('drain', () => resolve())));
  }
}
