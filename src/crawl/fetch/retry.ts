/**
 * When to try a request again and how long to wait first: 429 and 5xx answers and network
 * errors are retried with exponential backoff and jitter; a server's Retry-After is honoured
 * when it asks for no more than `maxRetryAfterMs`.
 */

/** Statuses worth another try: rate limited, or the server failing for now. */
export const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

export interface RetryPolicy {
  /** tries after the first one */
  retries: number;
  /** first backoff; doubles with each try */
  baseDelayMs: number;
  /** longest backoff */
  maxDelayMs: number;
  /** longest Retry-After honoured; a longer one ends the retries */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 2, baseDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

/** Retry-After as milliseconds: delay-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before try number `attempt + 1` (attempt counts from 0), or why not to
 * retry (empty when no retry was allowed at all).
 */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random = Math.random): { waitMs: number } | { giveUp: string } {
  if (attempt >= policy.retries) return { giveUp: attempt ? `gave up after ${attempt + 1} tries` : '' };
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxRetryAfterMs) {
      return { giveUp: `the server asked to retry after ${Math.round(retryAfterMs / 1000)} s, longer than the ${Math.round(policy.maxRetryAfterMs / 1000)} s claimscan waits` };
    }
    return { waitMs: retryAfterMs };
  }
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return { waitMs: Math.round(backoff * (0.5 + random() / 2)) };
}
