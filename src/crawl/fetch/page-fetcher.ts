/**
 * What the crawler asks of the fetch stage: pages fetched politely, sitemap bytes, and the
 * sitemaps a robots.txt lists. Pages come as bytes: they are decoded (`decode.ts`) by the
 * caller right before the analysis, so a page waiting its turn costs its bytes, not a string
 * twice their size on the JavaScript heap. Two implementations with the same behaviour:
 * `LocalPageFetcher` works in the calling thread; `WorkerPageFetcher` (fetch-worker-client.ts)
 * runs a LocalPageFetcher in a worker thread, so that HTTP, decoding and hashing do not take
 * turns with the analysis on the main thread.
 */
import { createHash } from 'node:crypto';
import { Scope, type ScopeMode } from '../targets/scope.js';
import { closeConnections } from './http-fetch.js';
import { PoliteFetcher, type PoliteFetcherOptions, type PoliteFetchResult } from './polite-fetcher.js';

/** Everything a fetcher is made from: plain data, so it can be handed to a worker. */
export type PageFetcherOptions = Omit<PoliteFetcherOptions, 'log'> & { scope: ScopeMode };

/** A page as fetched: the HTTP outcome and, for an HTML page, its bytes. */
export interface FetchedPage extends Omit<PoliteFetchResult, 'body'> {
  /** the HTML as received (not decoded) */
  body?: Uint8Array;
  /** sha256 of the bytes received */
  sha256?: string;
}

export interface PageOptions {
  followAnywhere: boolean;
  signal: AbortSignal;
  /** awaited just before each HTTP request of the page (backpressure) */
  beforeRequest?: () => Promise<void>;
}

export interface PageFetcher {
  /**
   * Fetch a page. A start URL may redirect anywhere (`followAnywhere`: http → https,
   * to www.); a followed link's redirects must stay in the scope.
   */
  page(url: string, options: PageOptions): Promise<FetchedPage>;
  /** Download a resource whatever its type (a sitemap), robots.txt obeyed. */
  resource(url: string, signal: AbortSignal): Promise<PoliteFetchResult>;
  /** The sitemaps a site's robots.txt lists. */
  sitemapsOf(origin: string, signal: AbortSignal): Promise<string[]>;
  /** Widen the scope redirects are checked against (the crawler's own scope grows the same way). */
  addScopeRoot(url: string): void;
  close(): Promise<void>;
}

/** Largest sitemap read (the protocol's limit, uncompressed). */
const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;

export class LocalPageFetcher implements PageFetcher {
  private readonly fetcher: PoliteFetcher;
  private readonly scope: Scope;

  constructor(options: PageFetcherOptions, log?: (line: string) => void) {
    this.fetcher = new PoliteFetcher({ ...options, log });
    this.scope = new Scope(options.scope);
  }

  async page(url: string, options: PageOptions): Promise<FetchedPage> {
    const result = await this.fetcher.fetch(url, {
      accept: 'html',
      checkRedirect: options.followAnywhere ? undefined : (to) => (this.scope.contains(to) ? undefined : 'out of scope'),
      signal: options.signal,
      beforeRequest: options.beforeRequest,
    });
    if (!result.body) return result;
    return { ...result, sha256: createHash('sha256').update(result.body).digest('hex') };
  }

  async resource(url: string, signal: AbortSignal): Promise<PoliteFetchResult> {
    const result = await this.fetcher.fetch(url, { accept: 'any', maxBytes: MAX_SITEMAP_BYTES, signal });
    return result.disallowed ? { ...result, error: result.note } : result;
  }

  async sitemapsOf(origin: string, signal: AbortSignal): Promise<string[]> {
    return (await this.fetcher.robotsFor(origin, signal)).sitemaps;
  }

  addScopeRoot(url: string): void {
    this.scope.addRoot(url);
  }

  async close(): Promise<void> {
    closeConnections();
  }
}
