/**
 * The crawl frontier kept in the history database, so `claimscan scan --resume` continues a
 * killed crawl where it stopped: URLs met and not yet done are handed out again, done ones
 * never are. Lookups run in memory (one call per link of every page); writes join the scan
 * recorder's batches, committed in the order they happened, so a page is marked done in the
 * database only together with (or after) its stored findings and the links it led to.
 */
import type { Frontier, FrontierEntry } from '../targets/frontier.js';
import type { Db } from './database.js';
import type { WriteOp } from './write-batch.js';

export class SqliteFrontier implements Frontier {
  private readonly known = new Set<string>();
  private queue: FrontierEntry[] = [];
  private head = 0;
  private seq = 0;
  constructor(
    db: Db,
    scanId: number,
    private readonly write: (op: WriteOp) => void,
  ) {
    const rows = db.prepare(`SELECT key, url, depth, seq, done FROM frontier WHERE scan_id = ? ORDER BY seq`).all(scanId) as Array<FrontierEntry & { seq: number; done: number }>;
    for (const r of rows) {
      this.known.add(r.key);
      if (!r.done) this.queue.push({ url: r.url, key: r.key, depth: r.depth });
      this.seq = r.seq + 1;
    }
  }

  add(entry: FrontierEntry): boolean {
    if (this.known.has(entry.key)) return false;
    this.known.add(entry.key);
    this.queue.push(entry);
    const seq = this.seq++;
    this.write({ kind: 'frontier-add', key: entry.key, url: entry.url, depth: entry.depth, seq });
    return true;
  }

  next(): FrontierEntry | undefined {
    if (this.head >= this.queue.length) return undefined;
    const entry = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return entry;
  }

  markDone(key: string): void {
    this.write({ kind: 'frontier-done', key });
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
