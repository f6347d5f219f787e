/**
 * The crawl frontier kept in the history database, so `claimscan scan --resume` continues a
 * killed crawl where it stopped: URLs met and not yet done are handed out again, done ones
 * never are. Lookups run in memory (one call per link of every page); writes join the scan
 * recorder's batches, committed in the order they happened, so a page is marked done in the
 * database only together with (or after) its stored findings and the links it led to.
 */
import { MemoryFrontier, type FrontierEntry } from '../crawl/targets/frontier.js';
import type { Db } from './database.js';
import type { WriteOp } from './write-batch.js';

export class SqliteFrontier extends MemoryFrontier {
  private seq = 0;
  constructor(
    db: Db,
    scanId: number,
    private readonly write: (op: WriteOp) => void,
  ) {
    super();
    const rows = db.prepare(`SELECT key, url, depth, seq, done FROM frontier WHERE scan_id = ? ORDER BY seq`).all(scanId) as Array<FrontierEntry & { seq: number; done: number }>;
    for (const r of rows) {
      // Done pages stay known (never queued again); pending ones are queued again.
      this.restore({ url: r.url, key: r.key, depth: r.depth }, Boolean(r.done));
      this.seq = r.seq + 1;
    }
  }

  override add(entry: FrontierEntry): boolean {
    if (!super.add(entry)) return false;
    this.write({ kind: 'frontier-add', key: entry.key, url: entry.url, depth: entry.depth, seq: this.seq++ });
    return true;
  }

  override markDone(key: string): void {
    this.write({ kind: 'frontier-done', key });
  }
}
