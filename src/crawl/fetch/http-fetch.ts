/**
 * One HTTP try of one URL: a GET with a timeout, redirects followed by hand (hop limit, loop
 * detection, and a say for the caller on each hop: scope, robots.txt), compressed bodies
 * inflated, a size cap on the body, and only the content types asked for. Never throws for a
 * failed page — it returns a result saying what went wrong — except when the scan is aborted.
 *
 * Built on node:http(s) with keep-alive agents rather than fetch(): on the crawl benchmark
 * fetch() costs about three times the CPU per page, and the crawler's main thread is also
 * where pages are analysed. Bytes are decoded by `decode.ts`, never here.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { isIP } from 'node:net';
import { AddressRefused, type AddressPolicy } from './address-policy.js';
import { RETRY_STATUSES, parseRetryAfter } from './retry.js';
import { ScanAborted } from './scan-aborted.js';

export interface HttpFetchOptions {
  userAgent: string;
  /** whole try, redirects and body included */
  timeoutMs: number;
  /** most bytes of body kept; the rest is not downloaded */
  maxBytes: number;
  maxRedirects: number;
  /** 'html': read the body of HTML pages only; 'any': read every body (robots.txt, sitemaps) */
  accept: 'html' | 'any';
  /** asked before following each redirect; a string is the reason to stop there */
  checkRedirect?: (to: string) => Promise<string | undefined> | string | undefined;
  signal?: AbortSignal;
  /** which addresses may be connected to, checked after DNS on every hop (address-policy.ts) */
  policy?: AddressPolicy;
}

export interface FetchResult {
  url: string;
  /** where the redirects ended */
  finalUrl: string;
  /** 0 when no answer was received */
  status: number;
  contentType?: string;
  /** the body, when its type was wanted and the status is a success */
  body?: Buffer;
  /** the body was longer than maxBytes and was cut */
  truncated?: boolean;
  /** why there is no usable page */
  error?: string;
  /** something worth knowing that is not an error (e.g. a skipped content type) */
  note?: string;
  /** the server's Retry-After, in ms */
  retryAfterMs?: number;
  /** worth trying again (429, 5xx, network error, timeout) */
  retryable?: boolean;
  /** URLs redirected through, in order, the requested one excluded */
  redirects: string[];
}

const HTML_TYPES = /^\s*(text\/html|application\/xhtml\+xml)\b/i;
/** PDFs (brochures, price lists) are read too, up to their own size cap: see extract/pdf-text.ts. */
const PDF_TYPES = /^\s*application\/(x-)?pdf\b/i;
export const MAX_PDF_BYTES = 20 * 1024 * 1024;
/** Bodies of error pages shorter than this are read to the end so the connection is reused. */
const DRAIN_LIMIT = 64 * 1024;

const agents = {
  'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo' }),
};

/** Close idle keep-alive connections (end of a scan). */
export function closeConnections(): void {
  agents['http:'].destroy();
  agents['https:'].destroy();
}

class TimedOut extends Error {}

export async function httpFetch(url: string, options: HttpFetchOptions): Promise<FetchResult> {
  if (options.signal?.aborted) throw new ScanAborted('scan aborted');
  const redirects: string[] = [];
  const seen = new Set([url]);
  const deadline = Date.now() + options.timeoutMs;
  let current = url;
  try {
    for (;;) {
      const res = await request(current, options, deadline);
      const status = res.statusCode ?? 0;
      const base = { url, finalUrl: current, status, redirects };
      const location = status >= 300 && status < 400 ? res.headers.location : undefined;
      if (location !== undefined) {
        discard(res);
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          return { ...base, error: `redirect to an invalid URL: ${location.slice(0, 200)}` };
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') return { ...base, error: `redirect to a non-web URL: ${next.href.slice(0, 200)}` };
        if (seen.has(next.href)) return { ...base, error: `redirect loop: ${[url, ...redirects, next.href].join(' → ')}` };
        if (redirects.length >= options.maxRedirects) return { ...base, error: `more than ${options.maxRedirects} redirects` };
        const refused = await options.checkRedirect?.(next.href);
        if (refused) return { ...base, note: `redirects to ${next.href} (not followed: ${refused})` };
        seen.add(next.href);
        redirects.push(next.href);
        current = next.href;
        continue;
      }
      const contentType = header(res, 'content-type');
      if (status < 200 || status >= 300) {
        discard(res);
        return {
          ...base,
          contentType,
          error: `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`,
          retryable: RETRY_STATUSES.has(status),
          retryAfterMs: parseRetryAfter(header(res, 'retry-after')),
        };
      }
      const pdf = options.accept === 'html' && contentType !== undefined && PDF_TYPES.test(contentType);
      if (options.accept === 'html' && contentType && !HTML_TYPES.test(contentType) && !pdf) {
        discard(res);
        return { ...base, contentType, note: `skipped: ${contentType.split(';')[0].trim()} is not HTML` };
      }
      const { body, truncated } = await readBody(res, pdf ? Math.max(options.maxBytes, MAX_PDF_BYTES) : options.maxBytes, deadline, options.signal);
      if (options.accept === 'html' && !contentType && !looksLikeHtml(body)) {
        return { ...base, note: 'skipped: no content type and the body is not HTML' };
      }
      return { ...base, contentType, body, ...(truncated ? { truncated } : {}) };
    }
  } catch (e) {
    if (options.signal?.aborted) throw new ScanAborted('scan aborted');
    if (e instanceof TimedOut) return { url, finalUrl: current, status: 0, redirects, error: `timed out after ${formatSeconds(options.timeoutMs)}`, retryable: true };
    const { message, retryable } = describeNetworkError(e);
    return { url, finalUrl: current, status: 0, redirects, error: message, retryable };
  }
}

/** Send the GET; resolves with the response head. Timeout and abort destroy the request. */
function request(url: string, options: HttpFetchOptions, deadline: number): Promise<IncomingMessage> {
  const target = new URL(url);
  const agent = agents[target.protocol as 'http:' | 'https:'];
  const send = target.protocol === 'https:' ? https.request : http.request;
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  // an IP literal is not looked up: its address is checked here
  const refused = options.policy && isIP(literal) ? options.policy.refusal(target, literal) : undefined;
  if (refused) return Promise.reject(new AddressRefused(refused));
  return new Promise((resolve, reject) => {
    const req = send(target, {
      agent,
      ...(options.policy ? { lookup: options.policy.lookupFor(target) } : {}),
      headers: {
        'user-agent': options.userAgent,
        accept: options.accept === 'html' ? 'text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.8,*/*;q=0.5' : '*/*',
        'accept-language': 'fr-FR,fr;q=0.9,en;q=0.8',
        'accept-encoding': 'gzip, deflate, br',
      },
    });
    const stop = guard(deadline, options.signal, (err) => req.destroy(err));
    req.once('response', (res) => {
      stop();
      resolve(res);
    });
    req.once('error', (err) => {
      stop();
      reject(err);
    });
    req.end();
  });
}

/**
 * Destroy with a TimedOut at the deadline, or with an abort error when the scan stops.
 * Returns the function that disarms both.
 */
function guard(deadline: number, signal: AbortSignal | undefined, destroy: (err: Error) => void): () => void {
  const timer = setTimeout(() => destroy(new TimedOut()), Math.max(0, deadline - Date.now()));
  const onAbort = () => destroy(new ScanAborted('scan aborted'));
  signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
}

/** The body, inflated, cut at `max` bytes (the download stops there). */
function readBody(res: IncomingMessage, max: number, deadline: number, signal?: AbortSignal): Promise<{ body: Buffer; truncated: boolean }> {
  const encoding = header(res, 'content-encoding')?.trim().toLowerCase();
  const inflate =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  const stream = inflate ? res.pipe(inflate) : res;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err?: Error, truncated = false) => {
      if (settled) return;
      settled = true;
      stop();
      if (err) {
        res.destroy();
        inflate?.destroy();
        reject(err);
      } else resolve({ body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), truncated });
    };
    const stop = guard(deadline, signal, (err) => finish(err));
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (size + chunk.length > max) {
        chunks.push(chunk.subarray(0, max - size));
        size = max;
        // enough: close this connection rather than download the rest
        res.destroy();
        inflate?.destroy();
        finish(undefined, true);
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    stream.once('end', () => finish());
    res.once('error', (err) => finish(err));
    inflate?.once('error', (err) => finish(new Error(`bad ${encoding} body: ${err.message}`)));
    // a connection cut mid-body closes the response before it is complete
    res.once('close', () => {
      if (!res.complete) finish(Object.assign(new Error('connection closed by the server'), { code: 'ECONNRESET' }));
    });
  });
}

/** Let go of a body we do not want: read a short one (keeps the connection alive), drop a long one. */
function discard(res: IncomingMessage): void {
  const length = Number(header(res, 'content-length') ?? NaN);
  if (length <= DRAIN_LIMIT) {
    res.on('error', () => {});
    res.resume();
  } else res.destroy();
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function looksLikeHtml(body: Buffer): boolean {
  const head = body.subarray(0, 512).toString('latin1').replace(/^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || /<(head|body|title|p|div)[\s>]/.test(head);
}

const NETWORK_ERRORS: Record<string, [string, boolean]> = {
  ECONNRESET: ['connection reset by the server', true],
  ECONNREFUSED: ['connection refused', true],
  EPIPE: ['connection broken', true],
  ETIMEDOUT: ['connection timed out', true],
  EHOSTUNREACH: ['host unreachable', true],
  ENETUNREACH: ['network unreachable', true],
  EAI_AGAIN: ['DNS lookup failed (temporary)', true],
  ENOTFOUND: ['host not found (DNS)', false],
  HPE_HEADER_OVERFLOW: ['response headers too large', false],
};

function describeNetworkError(e: unknown): { message: string; retryable: boolean } {
  if (e instanceof AddressRefused) return { message: e.message, retryable: false };
  const err = e as Error & { code?: string };
  const code = err.code;
  if (code && NETWORK_ERRORS[code]) {
    const [message, retryable] = NETWORK_ERRORS[code];
    return { message, retryable };
  }
  if (code && /CERT|SSL|TLS/i.test(code)) return { message: `TLS error: ${code}`, retryable: false };
  if (code?.startsWith('HPE_')) return { message: `invalid HTTP response (${code})`, retryable: false };
  return { message: `network error: ${err.message}`, retryable: true };
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
