/**
 * `--sitemap URL`: the page URLs of an XML sitemap, of a sitemap index (followed to its
 * sitemaps), gzipped or not, or of a plain-text sitemap (one URL a line). Given a site's root
 * (`https://x.fr/`), the sitemaps its robots.txt lists are read, else `/sitemap.xml`.
 * Downloading is the caller's (the polite fetcher): this module only reads.
 */
import { gunzipSync } from 'node:zlib';
import { cleanUrl } from './canonical-url.js';

/** What the reader needs from a download. */
export interface SitemapDownload {
  status: number;
  body?: Buffer;
  error?: string;
  note?: string;
}

export type SitemapFetch = (url: string) => Promise<SitemapDownload>;

export interface SitemapOptions {
  /** stop once this many page URLs are found */
  maxUrls: number;
  /** most sitemap files read (an index of indexes of …) */
  maxSitemaps?: number;
  /** the sitemaps robots.txt lists for a site, for a root URL */
  robotsSitemaps?: (origin: string) => Promise<string[]>;
  log?: (line: string) => void;
}

export interface ParsedSitemap {
  kind: 'index' | 'urlset';
  locs: string[];
}

/** The protocol's limit on an uncompressed sitemap. */
const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;
const LOC = /<(?:[\w-]+:)?loc\b[^>]*>\s*(?:<!\[CDATA\[)?\s*([\s\S]*?)\s*(?:\]\]>)?\s*<\/(?:[\w-]+:)?loc>/gi;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

class SitemapError extends Error {
  override name = 'SitemapError';
}

/** Bytes of a sitemap (gzipped or not) → its kind and `<loc>` values. */
export function parseSitemap(bytes: Buffer): ParsedSitemap {
  let data = bytes;
  if (data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data, { maxOutputLength: MAX_SITEMAP_BYTES });
    } catch (e) {
      throw new SitemapError(`cannot gunzip: ${(e as Error).message}`);
    }
  }
  const text = data.toString('utf8').replace(/^\uFEFF/, '');
  if (!text.trimStart().startsWith('<')) {
    const locs = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => /^https?:\/\//i.test(l));
    return { kind: 'urlset', locs };
  }
  const kind = /<(?:[\w-]+:)?sitemapindex\b/i.test(text) ? 'index' : 'urlset';
  if (kind === 'urlset' && !/<(?:[\w-]+:)?urlset\b/i.test(text)) throw new SitemapError('not a sitemap (no <urlset> or <sitemapindex>)');
  const locs: string[] = [];
  for (const m of text.matchAll(LOC)) locs.push(decodeEntities(m[1]));
  return { kind, locs };
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (whole, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

export interface SitemapFailure {
  url: string;
  status: number;
  error: string;
}

/**
 * Page URLs of the sitemaps, in order, de-duplicated, and the sitemaps that could not be read
 * (the scan reports them and goes on with the others).
 */
export async function readSitemaps(starts: string[], fetch: SitemapFetch, options: SitemapOptions): Promise<{ pages: string[]; failures: SitemapFailure[] }> {
  const maxSitemaps = options.maxSitemaps ?? 1000;
  const pages = new Set<string>();
  const failures: SitemapFailure[] = [];
  const seen = new Set<string>();
  const todo: string[] = [];
  for (const start of starts) todo.push(...(await sitemapsOf(start, options)));
  while (todo.length && pages.size < options.maxUrls) {
    const url = todo.shift()!;
    if (seen.has(url)) continue;
    if (seen.size >= maxSitemaps) {
      options.log?.(`sitemap: more than ${maxSitemaps} sitemap files; the rest are not read`);
      break;
    }
    seen.add(url);
    const res = await fetch(url);
    if (!res.body || res.status < 200 || res.status >= 300) {
      failures.push({ url, status: res.status, error: `sitemap not read: ${res.error ?? res.note ?? `HTTP ${res.status}`}` });
      continue;
    }
    let parsed: ParsedSitemap;
    try {
      parsed = parseSitemap(res.body);
    } catch (e) {
      failures.push({ url, status: res.status, error: `sitemap not read: ${(e as Error).message}` });
      continue;
    }
    for (const loc of parsed.locs) {
      const clean = resolveLoc(loc, url);
      if (!clean) continue;
      if (parsed.kind === 'index') todo.push(clean);
      else if (pages.size < options.maxUrls) pages.add(clean);
    }
  }
  return { pages: [...pages], failures };
}

function resolveLoc(loc: string, base: string): string | undefined {
  try {
    return cleanUrl(new URL(loc, base).href);
  } catch {
    return undefined;
  }
}

/** A root URL stands for its site's sitemaps; any other URL is a sitemap itself. */
async function sitemapsOf(start: string, options: SitemapOptions): Promise<string[]> {
  const url = new URL(start);
  if (url.pathname !== '/' || url.search) return [url.href];
  const listed = (await options.robotsSitemaps?.(url.origin)) ?? [];
  if (listed.length) {
    options.log?.(`sitemap: ${url.origin} lists ${listed.length} sitemap(s) in its robots.txt`);
    return listed;
  }
  return [`${url.origin}/sitemap.xml`];
}
