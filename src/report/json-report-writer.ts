/**
 * Writes the JSON report while the scan runs: findings go to a temporary file as they are
 * found, so memory does not grow with the size of the crawl; `finish()` assembles the report.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../model/finding.js';
import type { PageRecord, ScanReport } from '../model/report-model.js';
import { ReportWriteError } from './report-write-error.js';
import { sanitizeValue } from './sanitize.js';
import { SummaryCounter } from './summary.js';

export interface ReportHeader {
  version: string;
  startedAt: string;
  targets: string[];
  packs: Array<{ name: string; version: string }>;
}

export class JsonReportWriter {
  readonly summary = new SummaryCounter();
  /** the temporary folder; undefined when it could not be made (the lists are then kept in memory) */
  private readonly tmpDir = makeTempDir();
  // The temporary files hold the bodies of the two JSON arrays, items already separated, so
  // that finish() copies their bytes as they are.
  private readonly pages = new Spool(this.tmpDir, 'pages.json-items');
  private readonly findings = new Spool(this.tmpDir, 'findings.json-items');

  // Lines are gathered and written 64 KB at a time: one write per line costs a system call each.
  private pageLines = '';
  private findingLines = '';
  private pageCount = 0;
  private findingCount = 0;

  constructor(private readonly header: ReportHeader) {}

  addPage(untrusted: PageRecord): void {
    const page = sanitizeValue(untrusted);
    this.summary.addPage(page);
    this.pageLines += (this.pageCount++ ? ',\n    ' : '\n    ') + JSON.stringify(page);
    if (this.pageLines.length >= WRITE_CHUNK) this.pageLines = this.pages.add(this.pageLines);
  }

  addFinding(untrusted: Finding): void {
    const finding = sanitizeValue(untrusted);
    this.summary.addFinding(finding);
    this.findingLines += (this.findingCount++ ? ',\n    ' : '\n    ') + JSON.stringify(finding);
    if (this.findingLines.length >= WRITE_CHUNK) this.findingLines = this.findings.add(this.findingLines);
  }

  /**
   * Assemble the report into `out` (a stream; the caller closes it), then clean up. Throws a
   * ReportWriteError when the temporary files failed (TMPDIR full) or `out` reports an error.
   */
  async finish(out: NodeJS.WritableStream, extra: { interrupted?: boolean } & Pick<ScanReport, 'diff' | 'triage' | 'failedSites'> = {}): Promise<void> {
    try {
      this.pageLines = this.pages.add(this.pageLines);
      this.findingLines = this.findings.add(this.findingLines);
      await Promise.all([this.pages.end(), this.findings.end()]);
      const head = {
        tool: { name: 'claimscan', version: this.header.version },
        startedAt: this.header.startedAt,
        finishedAt: new Date().toISOString(),
        targets: sanitizeValue(this.header.targets, 'targets'),
        packs: this.header.packs,
        summary: this.summary.toJSON(),
        ...(extra.interrupted ? { interrupted: true } : {}),
        ...(extra.diff ? { diff: extra.diff } : {}),
        ...(extra.triage ? { triage: extra.triage } : {}),
        ...(extra.failedSites?.length ? { failedSites: extra.failedSites } : {}),
      } satisfies Omit<ScanReport, 'pages' | 'findings'>;
      const json = JSON.stringify(head, null, 2);
      const failure = outputFailure(out);
      await Promise.race([
        (async () => {
          await write(out, json.slice(0, -2) + ',\n  "pages": [');
          await this.pages.copyTo(out);
          await write(out, '\n  ],\n  "findings": [');
          await this.findings.copyTo(out);
          await write(out, '\n  ]\n}\n');
        })(),
        failure.promise,
      ]);
      failure.dispose();
    } finally {
      this.discard();
    }
  }

  discard(): void {
    this.pages.destroy();
    this.findings.destroy();
    removeTempDir(this.tmpDir);
  }
}

/**
 * One list of the report, on its way to the temporary file, or in memory when there is no
 * temporary folder. A failed write (TMPDIR full) is kept and thrown by end(), never left as
 * an unhandled 'error' event.
 */
class Spool {
  private readonly file?: string;
  private readonly stream?: WriteStream;
  private readonly memory: string[] = [];
  private error?: Error;

  constructor(dir: string | undefined, name: string) {
    if (!dir) return;
    this.file = join(dir, name);
    this.stream = createWriteStream(this.file);
    this.stream.on('error', (e) => (this.error ??= e));
  }

  add(lines: string): string {
    if (!lines) return '';
    if (this.stream) {
      if (!this.error) this.stream.write(lines);
    } else this.memory.push(lines);
    return '';
  }

  async end(): Promise<void> {
    if (this.stream && !this.error) {
      await new Promise<void>((resolve) => {
        this.stream!.once('error', () => resolve());
        this.stream!.end(() => resolve());
      });
    }
    if (this.error) throw new ReportWriteError(`a temporary file in ${tmpdir()}`, this.error);
  }

  async copyTo(out: NodeJS.WritableStream): Promise<void> {
    if (!this.file) {
      for (const chunk of this.memory) await write(out, chunk);
      return;
    }
    await copyBytes(this.file, out);
  }

  destroy(): void {
    if (this.stream && !this.stream.destroyed) {
      // Writes still buffered fail with ERR_STREAM_DESTROYED: expected here, nothing to report.
      this.stream.on('error', () => {});
      this.stream.destroy();
    }
  }
}

/** Temporary folders of reports being written: removed at exit, however the process ends. */
const liveTempDirs = new Set<string>();
let exitHook = false;

function makeTempDir(): string | undefined {
  let dir: string;
  try {
    dir = mkdtempSync(join(tmpdir(), 'claimscan-'));
  } catch {
    return undefined; // TMPDIR missing or full: the report is assembled in memory
  }
  liveTempDirs.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', removeAllTempDirs);
  }
  return dir;
}

function removeTempDir(dir: string | undefined): void {
  if (!dir) return;
  liveTempDirs.delete(dir);
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    /* already gone */
  }
}

/** Remove every report temporary folder still there (process exit, a second Ctrl-C). */
export function removeAllTempDirs(): void {
  for (const dir of [...liveTempDirs]) removeTempDir(dir);
}

/** A promise that rejects with a ReportWriteError when `out` emits 'error' (disk full), and its disposer. */
function outputFailure(out: NodeJS.WritableStream): { promise: Promise<never>; dispose(): void } {
  let onError: (e: Error) => void = () => {};
  const promise = new Promise<never>((_, reject) => {
    onError = (e: Error) => reject(new ReportWriteError((out as { path?: string }).path?.toString() ?? 'the output', e));
    out.once('error', onError);
  });
  promise.catch(() => {});
  return { promise, dispose: () => out.removeListener('error', onError) };
}

const WRITE_CHUNK = 64 * 1024;

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
