import { Writable } from 'node:stream';
import type { ScanReport } from '../model/report-model.js';

/**
 * A report streamed by `write`, read back as an object. Assembled in memory: it is parsed whole
 * anyway, and a full or missing TMPDIR must not cost the report.
 */
export async function readReport(write: (out: NodeJS.WritableStream) => Promise<void>): Promise<ScanReport> {
  const chunks: Buffer[] = [];
  const memory = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  await write(memory);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as ScanReport;
}
