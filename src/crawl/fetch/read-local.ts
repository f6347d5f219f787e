import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { decodeHtml } from './decode.js';
import { isPdf, PdfError, readPdf } from './pdf-text.js';
import type { PageSnapshot } from '../../model/page-snapshot.js';

/** Largest local file read, in bytes; the rest is cut (and the page says so). */
export const MAX_LOCAL_BYTES = 20 * 1024 * 1024;

/** Read an HTML file as a page snapshot; a file that cannot be read becomes a failed page. */
export async function readLocalPage(file: string): Promise<PageSnapshot> {
  const url = pathToFileURL(file).href;
  const fetchedAt = new Date().toISOString();
  try {
    let bytes = await readFile(file);
    const truncated = bytes.length > MAX_LOCAL_BYTES;
    if (truncated) bytes = bytes.subarray(0, MAX_LOCAL_BYTES);
    if (isPdf(undefined, bytes)) return await readLocalPdf(url, bytes, fetchedAt, truncated);
    return {
      url,
      status: 200,
      html: decodeHtml(bytes),
      fetchedAt,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      ...(truncated ? { error: `truncated to ${MAX_LOCAL_BYTES} bytes` } : {}),
    };
  } catch (e) {
    return { url, status: 0, fetchedAt, error: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

/** A PDF named on the command line: its text page by page, or why it could not be read. */
async function readLocalPdf(url: string, bytes: Buffer, fetchedAt: string, truncated: boolean): Promise<PageSnapshot> {
  const head = { url, status: 200, contentType: 'application/pdf', fetchedAt, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  if (truncated) return { ...head, error: `PDF larger than ${MAX_LOCAL_BYTES / 1024 / 1024} MB: not read` };
  try {
    const pdf = await readPdf(bytes);
    return { ...head, pdf, ...(pdf.pageCount > pdf.pages.length ? { note: `PDF of ${pdf.pageCount} pages: the first ${pdf.pages.length} read` } : {}) };
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
    return { ...head, error: e.message };
  }
}

/** Read HTML from a stream (stdin) as one page. */
export async function readStreamPage(stream: NodeJS.ReadableStream, url = 'stdin:'): Promise<PageSnapshot> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  const bytes = Buffer.concat(chunks);
  return { url, status: 200, html: decodeHtml(bytes), fetchedAt: new Date().toISOString(), sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}
