import type { PageSnapshot } from '../model/page-snapshot.js';

/**
 * The seam between fetching and analysis (like a crawler's request handler): a source hands
 * each page it reads to the handler, which analyses it and returns the links found in it (a
 * crawler follows them; a folder of files ignores them).
 */
export type PageHandler = (snapshot: PageSnapshot) => Promise<string[]> | string[];

export interface PageSource {
  /** read every page, calling `handle` for each; resolves when done or when `signal` aborts */
  run(handle: PageHandler, signal: AbortSignal): Promise<void>;
  /** does the handler need links from the pages (costs a little) */
  readonly wantsLinks: boolean;
  /** fetch a resource of a page (an image, for --ocr) the way the source fetches pages, while it runs */
  readonly resource?: ResourceFetch;
}

/** A resource's bytes, or why there are none. */
export type ResourceFetch = (url: string, signal: AbortSignal) => Promise<{ status: number; body?: Uint8Array; contentType?: string; truncated?: boolean; error?: string; note?: string }>;
