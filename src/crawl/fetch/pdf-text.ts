/**
 * The text of a PDF (brochures, price lists), page by page, in reading order, with the lines set
 * in a larger type taken for headings. Read with pdfjs-dist (Mozilla's PDF.js: maintained, pure
 * JavaScript, no native parts needed for text), loaded only when the first PDF turns up.
 *
 * Bounded: the first `maxPages` pages are read and the rest counted; a file that takes longer
 * than `timeoutMs` is given up. Encrypted and broken files throw a PdfError saying so in one line.
 */
import type { PdfText } from '../../model/page-snapshot.js';

export interface PdfLimits {
  /** pages read at most (the first ones) */
  maxPages: number;
  /** whole file, all pages */
  timeoutMs: number;
}

export const PDF_LIMITS: PdfLimits = { maxPages: 50, timeoutMs: 20_000 };

export class PdfError extends Error {}

/** Does this look like a PDF: by its type, or by its first bytes? */
export function isPdf(contentType: string | undefined, bytes?: Uint8Array): boolean {
  if (contentType && /^\s*application\/(x-)?pdf\b/i.test(contentType)) return true;
  return Boolean(bytes && bytes.length > 4 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46); // %PDF
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

interface Item {
  str: string;
  transform: number[];
  height: number;
  hasEOL?: boolean;
}

export async function readPdf(bytes: Uint8Array, limits: PdfLimits = PDF_LIMITS): Promise<PdfText> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  const lib = await pdfjs;
  // pdfjs takes the buffer over: give it a copy so the caller's bytes stay intact
  const task = lib.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false, verbosity: 0 });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PdfError(`PDF not read: took longer than ${Math.round(limits.timeoutMs / 1000)} s`)), limits.timeoutMs);
  });
  try {
    return await Promise.race([read(task, limits), timeout]);
  } catch (e) {
    if (e instanceof PdfError) throw e;
    const err = e as Error;
    if (err.name === 'PasswordException') throw new PdfError('encrypted PDF: it needs a password to be read');
    if (err.name === 'InvalidPDFException') throw new PdfError('not a readable PDF (the file is broken or not a PDF)');
    throw new PdfError(`PDF not read: ${err.message.split('\n')[0].slice(0, 200)}`);
  } finally {
    clearTimeout(timer);
    void task.destroy().catch(() => {});
  }
}

async function read(task: ReturnType<PdfJs['getDocument']>, limits: PdfLimits): Promise<PdfText> {
  const doc = await task.promise;
  const out: PdfText = { pageCount: doc.numPages, pages: [] };
  const meta = await doc.getMetadata().catch(() => undefined);
  const info = meta?.info as { Title?: unknown; Language?: unknown } | undefined;
  if (typeof info?.Title === 'string' && info.Title.trim()) out.title = info.Title.trim().slice(0, 300);
  if (typeof info?.Language === 'string' && /^[a-z]{2}/i.test(info.Language)) out.lang = info.Language.slice(0, 2).toLowerCase();
  const n = Math.min(doc.numPages, limits.maxPages);
  for (let i = 1; i <= n; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    out.pages.push({ number: i, blocks: blocksOf(content.items.filter((it) => 'str' in it) as Item[]) });
    page.cleanup();
  }
  return out;
}

interface Line {
  text: string;
  size: number;
  y: number;
}

/** Text items → lines (same baseline) → paragraphs, the lines in a larger type as headings. */
function blocksOf(items: Item[]): Array<{ text: string; heading?: boolean }> {
  const lines: Line[] = [];
  let current: Line | undefined;
  for (const it of items) {
    const size = Math.hypot(it.transform[2], it.transform[3]) || it.height || 0;
    const y = it.transform[5];
    if (current && Math.abs(current.y - y) > Math.max(2, current.size * 0.4)) {
      lines.push(current);
      current = undefined;
    }
    if (it.str) {
      if (!current) current = { text: it.str, size, y };
      else {
        current.text += needsSpace(current.text, it.str) ? ` ${it.str}` : it.str;
        current.size = Math.max(current.size, size);
      }
    }
    if (it.hasEOL && current) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current) lines.push(current);
  const kept = lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() })).filter((l) => l.text);
  if (!kept.length) return [];
  const body = bodySize(kept);
  const blocks: Array<{ text: string; heading?: boolean }> = [];
  let para: Line | undefined;
  let lastY = 0;
  const flush = () => {
    if (para) blocks.push({ text: para.text });
    para = undefined;
  };
  for (const line of kept) {
    const heading = line.size >= body * 1.25 && line.text.length <= 160;
    if (heading) {
      flush();
      blocks.push({ text: line.text, heading: true });
      continue;
    }
    // a gap wider than a line and a half starts a new paragraph
    if (para && Math.abs(lastY - line.y) > line.size * 2.2) flush();
    if (!para) para = { ...line };
    else para.text = para.text.endsWith('-') && /^\p{Ll}/u.test(line.text) ? para.text.slice(0, -1) + line.text : `${para.text} ${line.text}`;
    lastY = line.y;
  }
  flush();
  return blocks;
}

function needsSpace(before: string, next: string): boolean {
  return !/\s$/.test(before) && !/^[\s,.;:!?)]/.test(next);
}

/** The type size most of the text is set in. */
function bodySize(lines: Line[]): number {
  const chars = new Map<number, number>();
  for (const l of lines) chars.set(Math.round(l.size), (chars.get(Math.round(l.size)) ?? 0) + l.text.length);
  let best = 0;
  let size = 1;
  for (const [s, n] of chars) if (n > best || (n === best && s < size)) [best, size] = [n, s];
  return size || 1;
}
