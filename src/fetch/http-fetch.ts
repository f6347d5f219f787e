/**
 * One HTTP try of one URL: Node's fetch with a timeout, redirects followed by hand (hop limit,
 * loop detection, and a say for the caller on each hop: scope, robots.txt), a size cap on the
 * body, and only the content types asked for. Never throws for a failed page — it returns a
 * result saying what went wrong — except when the scan itself is aborted.
 */
import { RETRY_STATUSES, parseRetryAfter } from './retry.js';

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
/** Bodies of error pages shorter than this are read to the end so the connection is reused. */
const DRAIN_LIMIT = 64 * 1024;

export class ScanAborted extends Error {
  override name = 'AbortError';
}

export async function httpFetch(url: string, options: HttpFetchOptions): Promise<FetchResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const redirects: string[] = [];
  const seen = new Set([url]);
  let current = url;
  try {
    for (;;) {
      const res = await fetch(current, {
        redirect: 'manual',
        signal,
        headers: {
          'user-agent': options.userAgent,
          accept: options.accept === 'html' ? 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' : '*/*',
          'accept-language': 'fr-FR,fr;q=0.9,en;q=0.8',
        },
      });
      const base = { url, finalUrl: current, status: res.status, redirects };
      const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
      if (location !== null) {
        await discard(res);
        let next: string;
        try {
          next = new URL(location, current).href;
        } catch {
          return { ...base, error: `redirect to an invalid URL: ${location.slice(0, 200)}` };
        }
        if (seen.has(next)) return { ...base, error: `redirect loop: ${[url, ...redirects, next].join(' → ')}` };
        if (redirects.length >= options.maxRedirects) return { ...base, error: `more than ${options.maxRedirects} redirects` };
        if (!/^https?:$/.test(new URL(next).protocol)) return { ...base, error: `redirect to a non-web URL: ${next.slice(0, 200)}` };
        const refused = await options.checkRedirect?.(next);
        if (refused) return { ...base, note: `redirects to ${next} (not followed: ${refused})` };
        seen.add(next);
        redirects.push(next);
        current = next;
        continue;
      }
      const contentType = res.headers.get('content-type') ?? undefined;
      if (res.status < 200 || res.status >= 300) {
        await discard(res);
        return {
          ...base,
          contentType,
          error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`,
          retryable: RETRY_STATUSES.has(res.status),
          retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
        };
      }
      if (options.accept === 'html' && contentType && !HTML_TYPES.test(contentType)) {
        await discard(res);
        return { ...base, contentType, note: `skipped: ${contentType.split(';')[0].trim()} is not HTML` };
      }
      const { body, truncated } = await readCapped(res, options.maxBytes);
      if (options.accept === 'html' && !contentType && !looksLikeHtml(body)) {
        return { ...base, note: 'skipped: no content type and the body is not HTML' };
      }
      return { ...base, contentType, body, ...(truncated ? { truncated } : {}) };
    }
  } catch (e) {
    if (options.signal?.aborted) throw new ScanAborted('scan aborted');
    if (timeout.aborted) return { url, finalUrl: current, status: 0, redirects, error: `timed out after ${formatSeconds(options.timeoutMs)}`, retryable: true };
    const { message, retryable } = describeNetworkError(e);
    return { url, finalUrl: current, status: 0, redirects, error: message, retryable };
  }
}

/** Read at most `max` bytes of the body, then stop the download. */
async function readCapped(res: Response, max: number): Promise<{ body: Buffer; truncated: boolean }> {
  if (!res.body) return { body: Buffer.alloc(0), truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > max) {
      chunks.push(value.subarray(0, max - size));
      size = max;
      await reader.cancel().catch(() => {});
      return { body: Buffer.concat(chunks, size), truncated: true };
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { body: chunks.length === 1 ? Buffer.from(chunks[0].buffer, chunks[0].byteOffset, chunks[0].byteLength) : Buffer.concat(chunks, size), truncated: false };
}

/** Let go of a body we do not want: read a short one (keeps the connection alive), cancel a long one. */
async function discard(res: Response): Promise<void> {
  if (!res.body) return;
  const length = Number(res.headers.get('content-length') ?? NaN);
  try {
    if (length <= DRAIN_LIMIT) await res.arrayBuffer();
    else await res.body.cancel();
  } catch {
    /* a broken body we do not want is no error */
  }
}

function looksLikeHtml(body: Buffer): boolean {
  const head = body.subarray(0, 512).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || /<(head|body|title|p|div)[\s>]/.test(head);
}

const NETWORK_ERRORS: Record<string, [string, boolean]> = {
  ECONNRESET: ['connection reset by the server', true],
  UND_ERR_SOCKET: ['connection closed by the server', true],
  ECONNREFUSED: ['connection refused', true],
  EPIPE: ['connection broken', true],
  ETIMEDOUT: ['connection timed out', true],
  EHOSTUNREACH: ['host unreachable', true],
  ENETUNREACH: ['network unreachable', true],
  EAI_AGAIN: ['DNS lookup failed (temporary)', true],
  ENOTFOUND: ['host not found (DNS)', false],
  UND_ERR_HEADERS_OVERFLOW: ['response headers too large', false],
};

function describeNetworkError(e: unknown): { message: string; retryable: boolean } {
  const err = e as Error & { cause?: Error & { code?: string; errors?: Array<{ code?: string }> } };
  const cause = err.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  if (code && NETWORK_ERRORS[code]) {
    const [message, retryable] = NETWORK_ERRORS[code];
    return { message, retryable };
  }
  if (code && /CERT|SSL|TLS/i.test(code)) return { message: `TLS error: ${code}`, retryable: false };
  return { message: `network error: ${cause?.message ?? err.message}`, retryable: true };
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
