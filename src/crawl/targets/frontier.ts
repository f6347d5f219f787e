/**
 * The crawl frontier: every URL the crawl has met, and which of them still wait to be fetched.
 * The crawler (`pipeline/web-source.ts`) only talks to this interface, so the frontier can live
 * in memory (the default, below) or in a database that lets `scan --resume` continue a killed
 * scan without fetching again what was already scanned.
 *
 * The contract, for any implementation:
 * - Calls are synchronous: the crawler makes one for every link of every page.
 * - `add(entry)` records a URL unless its `key` is already known (waiting, handed out or done)
 *   and says whether it was new. Adding a known key changes nothing: the crawler adds its start
 *   URLs again on every run, and a resumed scan must keep its state.
 * - `next()` hands out the oldest waiting entry (first in, first out: a breadth-first crawl)
 *   and from then on considers it in progress; undefined when nothing waits.
 * - `markDone(key)` the page handed out is finished — scanned, failed, skipped or refused — and
 *   is never handed out again. An entry handed out but never marked done (the scan was killed)
 *   must be handed out again when a persistent frontier is reopened.
 * - `size` counts known keys in every state: the crawler admits no new URL once it reaches
 *   `--max-pages`, which therefore bounds a resumed scan too.
 * - `waiting` counts entries not handed out yet (progress display).
 */
export interface FrontierEntry {
  /** the URL to fetch (fragment and tracking parameters removed) */
  url: string;
  /** its de-duplication key (`canonicalKey` of `targets/canonical-url.ts`) */
  key: string;
  /** link depth from the start URLs (0 = a start URL, a URL of a list or of a sitemap) */
  depth: number;
}

export interface Frontier {
  add(entry: FrontierEntry): boolean;
  next(): FrontierEntry | undefined;
  markDone(key: string): void;
  has(key: string): boolean;
  readonly size: number;
  readonly waiting: number;
}

/** The default frontier: a set of known keys and a FIFO queue of waiting entries. */
export class MemoryFrontier implements Frontier {
  private readonly known = new Set<string>();
  private queue: FrontierEntry[] = [];
  private head = 0;

  add(entry: FrontierEntry): boolean {
    if (this.known.has(entry.key)) return false;
    this.known.add(entry.key);
    this.queue.push(entry);
    return true;
  }

  next(): FrontierEntry | undefined {
    if (this.head >= this.queue.length) return undefined;
    const entry = this.queue[this.head++];
    // drop handed-out entries now and then, so the array does not hold the whole crawl
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return entry;
  }

  markDone(_key: string): void {
    // nothing to keep: the key stays known, so the page is never queued again
  }

  /** Put back an entry remembered from an interrupted crawl: known either way, queued unless done. */
  protected restore(entry: FrontierEntry, done: boolean): void {
    this.known.add(entry.key);
    if (!done) this.queue.push(entry);
  }

  has(key: string): boolean {
    return this.known.has(key);
  }

  get size(): number {
    return this.known.size;
  }

  get waiting(): number {
    return this.queue.length - this.head;
  }
}
