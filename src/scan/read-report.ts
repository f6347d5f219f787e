import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanReport } from '../model/report-model.js';

/** A report streamed by `write` into a temporary file, read back as an object. */
export async function readReport(write: (out: NodeJS.WritableStream) => Promise<void>): Promise<ScanReport> {
  const tmp = mkdtempSync(join(tmpdir(), 'claimscan-report-'));
  try {
    const file = join(tmp, 'report.json');
    const out = createWriteStream(file);
    await write(out);
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return JSON.parse(readFileSync(file, 'utf8')) as ScanReport;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
