/**
 * A PageFetcher whose fetching runs in a worker thread (fetch-worker.ts): the main thread only
 * posts URLs and receives decoded pages, and keeps its time for analysing them. Used by the
 * CLI; behaves exactly as LocalPageFetcher, which the worker runs. Messages go both ways in
 * batches (arrays): requests once per turn of the event loop, replies as fetch-worker.ts says.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FetchedPage, PageFetcher, PageFetcherOptions, PageOptions } from './page-fetcher.js';
import type { PoliteFetchResult } from './polite-fetcher.js';
import { ScanAborted } from './scan-aborted.js';

export type WorkerRequest =
  | { op: 'init'; options: PageFetcherOptions }
  | { op: 'page'; id: number; url: string; followAnywhere: boolean }
  | { op: 'resource'; id: number; url: string }
  | { op: 'sitemaps'; id: number; origin: string }
  | { op: 'root'; url: string }
  /** the main thread has `count` pages the worker held tickets for */
  | { op: 'taken'; count: number }
  | { op: 'abort' }
  | { op: 'close' };

export type WorkerReply =
  | { id: number; ok: true; value: unknown; ticket: boolean }
  | { id: number; ok: false; aborted: boolean; message: string; ticket: boolean }
  | { log: string };

const WORKER_FILE = new URL('./fetch-worker.js', import.meta.url);

/** The worker runs compiled code: from TypeScript sources (tests, tsx) pages are fetched in this thread. */
export function fetchWorkerAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_FILE));
}

/** A worker started ahead of need, taken by the next WorkerPageFetcher. */
let spare: Worker | undefined;

/**
 * Start a fetch worker now, so that its start-up (a thread, its modules) overlaps the caller's
 * own (loading rules); the next WorkerPageFetcher takes it. It never keeps the process alive.
 */
export function warmUpFetchWorker(): void {
  if (fetchWorkerAvailable()) spare ??= spawn();
}

function spawn(): Worker {
  // A small young generation: the worker only holds pages in flight, and frequent scavenges
  // free their network buffers early (8 MB instead of 4 cost ~60 MB of peak RSS on the bench).
  const worker = new Worker(WORKER_FILE, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  // kept alive only while requests wait for it (see ask())
  worker.unref();
  return worker;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class WorkerPageFetcher implements PageFetcher {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure?: Error;
  private abortSent = false;
  /** messages for the worker, sent together once per turn of the event loop */
  private outbox: WorkerRequest[] = [];

  constructor(options: PageFetcherOptions, log?: (line: string) => void) {
    this.worker = spare ?? spawn();
    spare = undefined;
    this.worker.postMessage([{ op: 'init', options }] satisfies WorkerRequest[]);
    this.worker.on('message', (replies: WorkerReply[]) => {
      // Hand the tickets back at once, before analysing these pages: the worker fetches the
      // next ones meanwhile.
      const taken = replies.filter((r) => 'ticket' in r && r.ticket).length;
      if (taken) this.worker.postMessage([{ op: 'taken', count: taken }] satisfies WorkerRequest[]);
      for (const reply of replies) {
        if ('log' in reply) {
          log?.(reply.log);
          continue;
        }
        const waiting = this.pending.get(reply.id);
        if (!waiting) continue;
        this.pending.delete(reply.id);
        if (!this.pending.size) this.worker.unref();
        if (reply.ok) waiting.resolve(reply.value);
        else waiting.reject(reply.aborted ? new ScanAborted('scan aborted') : new Error(reply.message));
      }
    });
    // a dead worker fails what it was doing and everything asked of it later
    const fail = (e: Error) => {
      this.failure = new Error(`fetch worker stopped: ${e.message}`);
      for (const p of this.pending.values()) p.reject(this.failure);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
  }

  page(url: string, options: PageOptions): Promise<FetchedPage> {
    return this.ask({ op: 'page', id: 0, url, followAnywhere: options.followAnywhere }, options.signal) as Promise<FetchedPage>;
  }

  async resource(url: string, signal: AbortSignal): Promise<PoliteFetchResult> {
    const result = (await this.ask({ op: 'resource', id: 0, url }, signal)) as PoliteFetchResult;
    // a Buffer arrives as a plain Uint8Array
    return result.body ? { ...result, body: Buffer.from(result.body.buffer, result.body.byteOffset, result.body.byteLength) } : result;
  }

  sitemapsOf(origin: string, signal: AbortSignal): Promise<string[]> {
    return this.ask({ op: 'sitemaps', id: 0, origin }, signal) as Promise<string[]>;
  }

  addScopeRoot(url: string): void {
    this.send({ op: 'root', url });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private ask(request: Extract<WorkerRequest, { id: number }>, signal: AbortSignal): Promise<unknown> {
    if (signal.aborted) return Promise.reject(new ScanAborted('scan aborted'));
    if (this.failure) return Promise.reject(this.failure);
    if (!this.abortSent) {
      // one listener for the whole scan, not one per request
      this.abortSent = true;
      signal.addEventListener('abort', () => this.worker.postMessage([{ op: 'abort' }] satisfies WorkerRequest[]), { once: true });
    }
    const id = this.nextId++;
    if (!this.pending.size) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ ...request, id });
    });
  }

  /** Queue a message; a message costs a thread wake-up, so a turn's messages travel together. */
  private send(request: WorkerRequest): void {
    if (!this.outbox.length) setImmediate(() => this.flush());
    this.outbox.push(request);
  }

  private flush(): void {
    const batch = this.outbox;
    this.outbox = [];
    if (batch.length) this.worker.postMessage(batch);
  }
}
