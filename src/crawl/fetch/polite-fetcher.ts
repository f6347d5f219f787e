/**
 * Fetching as a well-behaved crawler: robots.txt read once per site and obeyed (redirect hops
 * included), requests spaced and limited per host, 429/5xx/network failures retried with
 * backoff and Retry-After. Everything the crawler and the sitemap reader download goes
 * through here.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { httpFetch, type FetchResult } from './http-fetch.js';
import { HostScheduler, type PolitenessOptions } from './politeness.js';
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from './retry.js';
import { RobotsTxt } from './robots.js';
import { ROBOTS_TOKEN } from './user-agent.js';

export interface PoliteFetcherOptions {
  userAgent: string;
  timeoutMs: number;
  /** largest page kept */
  maxBytes: number;
  maxRedirects: number;
  retry: RetryPolicy;
  politeness: PolitenessOptions;
  /** obey robots.txt (false with --ignore-robots) */
  respectRobots: boolean;
  /** longest robots.txt Crawl-delay honoured */
  maxCrawlDelayMs: number;
  log?: (line: string) => void;
}

export const DEFAULT_FETCHER_OPTIONS = {
  timeoutMs: 30_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 10,
  retry: DEFAULT_RETRY,
  respectRobots: true,
  maxCrawlDelayMs: 30_000,
} satisfies Partial<PoliteFetcherOptions>;

export interface PoliteFetchOptions {
  accept: 'html' | 'any';
  /** asked before each redirect hop (after robots.txt); a string is the reason not to follow */
  checkRedirect?: (to: string) => string | undefined;
  maxBytes?: number;
  signal?: AbortSignal;
  /** awaited in the request's turn, just before it is sent (each try): backpressure */
  beforeRequest?: () => Promise<void>;
}

export interface PoliteFetchResult extends FetchResult {
  /** robots.txt forbids this URL: nothing was requested */
  disallowed?: boolean;
}

/** robots.txt is small; RFC 9309 asks crawlers to read at least 500 KiB of it. */
const ROBOTS_MAX_BYTES = 512 * 1024;

export class PoliteFetcher {
  readonly scheduler: HostScheduler;
  private readonly robots = new Map<string, Promise<RobotsTxt>>();
  private readonly known = new Map<string, RobotsTxt>();

  constructor(private readonly options: PoliteFetcherOptions) {
    this.scheduler = new HostScheduler(options.politeness);
  }

  /** Why robots.txt forbids the URL, or undefined when it may be fetched. */
  async refusal(url: URL, signal?: AbortSignal): Promise<string | undefined> {
    if (!this.options.respectRobots) return undefined;
    const robots = await this.robotsFor(url.origin, signal);
    if (robots.isAllowed(url)) return undefined;
    return robots.refusesAll ?? 'disallowed by robots.txt';
  }

  /** Fetch a URL politely; failures come back as results, only an aborted scan throws. */
  async fetch(url: string, options: PoliteFetchOptions): Promise<PoliteFetchResult> {
    const target = new URL(url);
    const refused = await this.refusal(target, options.signal);
    if (refused) return { url, finalUrl: url, status: 0, redirects: [], disallowed: true, note: refused };
    const crawlDelay = this.crawlDelayMs(target.origin);
    // the caller's check (scope) first: an out-of-scope site is not even asked for its robots.txt
    const checkRedirect = async (to: string): Promise<string | undefined> =>
      options.checkRedirect?.(to) ?? (await this.refusal(new URL(to), options.signal));
    return this.withRetries(target.host, options.signal, crawlDelay, async () => {
      await options.beforeRequest?.();
      return httpFetch(url, {
        userAgent: this.options.userAgent,
        timeoutMs: this.options.timeoutMs,
        maxBytes: options.maxBytes ?? this.options.maxBytes,
        maxRedirects: this.options.maxRedirects,
        accept: options.accept,
        checkRedirect,
        signal: options.signal,
      });
    });
  }

  /** The site's robots.txt, fetched once (concurrent callers share the one request). */
  robotsFor(origin: string, signal?: AbortSignal): Promise<RobotsTxt> {
    let robots = this.robots.get(origin);
    if (!robots) {
      robots = this.loadRobots(origin, signal).then((r) => {
        this.known.set(origin, r);
        return r;
      });
      // an aborted scan must not leave a rejected promise cached for nobody
      robots.catch(() => this.robots.delete(origin));
      this.robots.set(origin, robots);
    }
    return robots;
  }

  private async loadRobots(origin: string, signal?: AbortSignal): Promise<RobotsTxt> {
    const url = `${origin}/robots.txt`;
    // Not through the scheduler: a redirect hop may need another site's robots.txt while its
    // request holds a slot, and one small request per site needs no spacing.
    const res = await this.withRetries(new URL(origin).host, signal, undefined, () =>
      httpFetch(url, {
        userAgent: this.options.userAgent,
        timeoutMs: this.options.timeoutMs,
        maxBytes: ROBOTS_MAX_BYTES,
        maxRedirects: 5,
        accept: 'any',
        signal,
      }),
    );
    if (res.status >= 200 && res.status < 300 && res.body) return RobotsTxt.parse(res.body.toString('utf8'), ROBOTS_TOKEN);
    // RFC 9309: 4xx means there are no rules; a server error or no answer means "crawl nothing for now"
    if (res.status >= 400 && res.status < 500) return RobotsTxt.allowAll();
    const why = res.error ?? `HTTP ${res.status}`;
    this.options.log?.(`robots.txt of ${origin} could not be read (${why}): none of its pages are scanned (--ignore-robots to scan anyway)`);
    return RobotsTxt.disallowAll(`robots.txt could not be read (${why})`);
  }

  private crawlDelayMs(origin: string): number {
    const seconds = this.known.get(origin)?.crawlDelaySeconds;
    if (!seconds) return 0;
    return Math.min(seconds * 1000, this.options.maxCrawlDelayMs);
  }

  /** Try until success or the retry policy gives up; `delayMs` undefined: not scheduled per host. */
  private async withRetries(host: string, signal: AbortSignal | undefined, delayMs: number | undefined, attempt: () => Promise<FetchResult>): Promise<FetchResult> {
    for (let n = 0; ; n++) {
      const result = delayMs === undefined ? await attempt() : await this.scheduler.run(host, attempt, signal, delayMs);
      if (!result.retryable) return n ? { ...result, note: joinNotes(result.note, `${n + 1} tries`) } : result;
      const next = retryDelay(this.options.retry, n, result.retryAfterMs);
      if ('giveUp' in next) return next.giveUp ? { ...result, error: `${result.error}; ${next.giveUp}` } : result;
      if (result.status === 429 || result.retryAfterMs !== undefined) this.scheduler.pause(host, next.waitMs);
      await sleep(next.waitMs, undefined, { signal });
    }
  }
}

function joinNotes(a: string | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}
