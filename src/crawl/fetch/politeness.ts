/**
 * Who may send a request when: a global limit across hosts (a list of 500 clinics is fetched in
 * parallel) and, per host, a limit on parallel requests and a least delay between their starts
 * (`--per-host`, `--delay`, or a longer Crawl-delay from robots.txt). A host that answered 429
 * is paused for everyone until its Retry-After has passed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';
import { ScanAborted } from './scan-aborted.js';

export interface PolitenessOptions {
  /** requests in flight across all hosts */
  concurrency: number;
  /** requests in flight to one host */
  perHost: number;
  /** least time between two request starts to one host, in ms */
  delayMs: number;
}

interface HostSlot {
  queue: PQueue;
  delayMs: number;
  /** when the last request to the host started */
  lastStart: number;
  /** no request before this time (a 429's Retry-After) */
  notBefore: number;
}

export class HostScheduler {
  private readonly global: PQueue;
  private readonly hosts = new Map<string, HostSlot>();

  constructor(private readonly options: PolitenessOptions) {
    this.global = new PQueue({ concurrency: options.concurrency });
  }

  /**
   * Run `task` (one request) for `host` when the limits allow it. `delayMs` sets the host's
   * delay the first time the host is seen (e.g. from its robots.txt Crawl-delay).
   */
  async run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal, delayMs?: number): Promise<T> {
    const slot = this.slot(host, delayMs);
    // The queues get no signal (hundreds of queued requests would each listen to it): a
    // request that reaches its turn after Ctrl-C ends at once instead.
    return slot.queue.add(async () => {
      // wait outside the global slot, so a paused or slow host never holds the others up
      await waitUntil(Math.max(slot.notBefore, slot.lastStart + slot.delayMs), signal);
      return this.global.add(async () => {
        // the wait for a global slot may have let another request to this host start:
        // check and claim the start time with no await in between
        while (slot.lastStart + slot.delayMs > Date.now()) await waitUntil(slot.lastStart + slot.delayMs, signal);
        if (signal?.aborted) throw new ScanAborted('scan aborted');
        slot.lastStart = Date.now();
        return task();
      });
    }) as Promise<T>;
  }

  /** No request to `host` for `ms` (the server asked us to wait). */
  pause(host: string, ms: number): void {
    const slot = this.slot(host);
    slot.notBefore = Math.max(slot.notBefore, Date.now() + ms);
  }

  /** Requests waiting or running, all hosts together. */
  get pending(): number {
    return this.global.size + this.global.pending;
  }

  /** Drop every request not started yet (Ctrl-C). */
  clear(): void {
    for (const slot of this.hosts.values()) slot.queue.clear();
    this.global.clear();
  }

  private slot(host: string, delayMs?: number): HostSlot {
    let slot = this.hosts.get(host);
    if (!slot) {
      const delay = Math.max(this.options.delayMs, delayMs ?? 0);
      slot = { queue: this.hostQueue(delay), delayMs: delay, lastStart: 0, notBefore: 0 };
      this.hosts.set(host, slot);
    } else if (delayMs !== undefined && delayMs > slot.delayMs) {
      // a Crawl-delay learnt after the host's first request
      slot.delayMs = delayMs;
      if (slot.queue.size === 0 && slot.queue.pending === 0) slot.queue = this.hostQueue(delayMs);
    }
    return slot;
  }

  /** p-queue's interval keeps a host's starts `delay` apart before they even ask for a global slot. */
  private hostQueue(delay: number): PQueue {
    return new PQueue({ concurrency: this.options.perHost, ...(delay > 0 ? { interval: delay, intervalCap: 1, strict: true } : {}) });
  }
}

async function waitUntil(time: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new ScanAborted('scan aborted');
  const ms = time - Date.now();
  if (ms > 0) await sleep(ms, undefined, { signal });
}
