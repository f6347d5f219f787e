/**
 * Bytes → text for HTML, with the charset rules browsers use: BOM, then the transport's
 * charset label, then `<meta charset>`, else UTF-8 when the bytes are valid UTF-8, else
 * windows-1252. iconv-lite decodes (Node 20's TextDecoder maps 0x80–0x9F of windows-1252
 * wrongly, turning € and ’ into control characters).
 */
import iconv from 'iconv-lite';

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i;

function fromBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/** `text/html; charset=ISO-8859-1` → `iso-8859-1` */
export function charsetFromContentType(contentType: string | undefined | null): string | undefined {
  const m = /charset\s*=\s*["']?([\w:.-]+)/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : undefined;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Which charset the bytes are in, following the browser's order of evidence. */
export function sniffCharset(bytes: Uint8Array, contentType?: string): string {
  const bom = fromBom(bytes);
  if (bom) return bom;
  const label = normalizeLabel(charsetFromContentType(contentType));
  if (label) return label;
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const meta = normalizeLabel(META_CHARSET.exec(head)?.[1]);
  if (meta) return meta;
  return isValidUtf8(bytes) ? 'utf-8' : 'windows-1252';
}

function normalizeLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const l = label.toLowerCase();
  // As in browsers (WHATWG Encoding), latin-1 and ascii labels mean windows-1252.
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp1252', 'x-cp1252'].includes(l)) return 'windows-1252';
  if (l === 'utf8') return 'utf-8';
  return iconv.encodingExists(l) ? l : undefined;
}

/** Decode an HTML document's bytes to text. */
export function decodeHtml(bytes: Uint8Array, contentType?: string): string {
  const charset = sniffCharset(bytes, contentType);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // UTF-8, most pages: Node's own decoder is twice as fast as iconv-lite's (same replacement of bad bytes)
  const text = charset === 'utf-8' ? buffer.toString('utf8') : iconv.decode(buffer, charset);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
