/**
 * Links that lead nowhere but deeper: calendars with a "next month" link, relative links that
 * stack folders (`a/b/a/b/…`), session parameters that make every URL new. `--depth` and
 * `--max-pages` bound any crawl; these guards stop the common traps well before that, so the
 * page budget is spent on real pages.
 */

/** Longest URL followed; longer ones are almost always generated. */
export const MAX_URL_LENGTH = 1024;
/** Most query parameters a followed URL may carry (faceted search explodes combinatorially). */
export const MAX_QUERY_PARAMS = 6;
/** How many times one path segment may repeat before the URL is taken for a loop. */
export const MAX_SEGMENT_REPEATS = 3;
/**
 * Most URLs followed that differ only in numbers from one another (`/agenda/2031/07`,
 * `/calendar?month=2031-07`): a calendar has one per month for ever.
 */
export const MAX_PER_NUMBER_PATTERN = 500;

export type TrapReason = 'url too long' | 'too many query parameters' | 'repeating path' | 'numbered series too long';

/** Why a URL looks like a trap by itself, or undefined. */
export function trapReason(url: URL): TrapReason | undefined {
  if (url.href.length > MAX_URL_LENGTH) return 'url too long';
  if (url.search) {
    let n = 0;
    for (const _ of url.searchParams.keys()) if (++n > MAX_QUERY_PARAMS) return 'too many query parameters';
  }
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.length > MAX_SEGMENT_REPEATS) {
    const counts = new Map<string, number>();
    for (const s of segments) {
      const c = (counts.get(s) ?? 0) + 1;
      if (c > MAX_SEGMENT_REPEATS) return 'repeating path';
      counts.set(s, c);
    }
  }
  return undefined;
}

/**
 * Counts new URLs by their shape with numbers blanked out (`/agenda/0/0`, `/cal?y=0&m=0`) and
 * refuses a shape once it has been seen `limit` times. A shape with a single number is a
 * listing (`/p/1` … `/p/1999`, `?page=3`) and is not limited: products and articles, not dates.
 */
export class NumberSeriesGuard {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limit = MAX_PER_NUMBER_PATTERN) {}

  admit(url: URL): boolean {
    const digitRuns = (url.pathname + url.search).match(/\d+/g);
    if (!digitRuns || digitRuns.length < 2) return true;
    const shape = `${url.host}${url.pathname.replace(/\d+/g, '0')}?${url.search.replace(/\d+/g, '0')}`;
    const n = (this.counts.get(shape) ?? 0) + 1;
    this.counts.set(shape, n);
    return n <= this.limit;
  }
}
