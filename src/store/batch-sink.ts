/**
 * Where a scan's write batches go: applied at once on this thread (`InlineSink`), or handed to
 * a worker thread (`WorkerSink`) that applies them in order while the scan goes on.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from './database.js';
import { HistoryError } from './database.js';
import type { FromWorker, ToWorker } from './history-worker.js';
import { BatchApplier, type WriteBatch } from './write-batch.js';

export interface BatchSink {
  write(batch: WriteBatch): void;
  /** resolves when every batch written so far is committed */
  drain(): Promise<void>;
  /** drain, then release the thread */
  close(): Promise<void>;
}

export class InlineSink implements BatchSink {
  private readonly applier: BatchApplier;
  constructor(db: Db) {
    this.applier = new BatchApplier(db);
  }
  write(batch: WriteBatch): void {
    this.applier.apply(batch);
  }
  async drain(): Promise<void> {}
  async close(): Promise<void> {}
}

const WORKER = new URL('./history-worker.js', import.meta.url);

/** The worker runs compiled code: from TypeScript sources (tests, tsx) batches are written inline. */
export function workerAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER));
}

export class WorkerSink implements BatchSink {
  private readonly worker: Worker;
  private error: Error | undefined;
  private nextDrain = 0;
  private readonly drains = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private closed = false;
  private readonly exited: Promise<void>;

  constructor(dbPath: string) {
    // a small young generation: the writer holds batches only briefly (measured on the crawl
    // bench: peak RSS 326-361 MB with V8's default, 306-311 MB with 4 MB)
    this.worker = new Worker(new URL('./history-worker.js', import.meta.url), { workerData: { dbPath }, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    // only a wait for the worker (drain) keeps the process alive for it
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => {
      if ('error' in m) this.fail(new HistoryError(`could not write the scan's history: ${m.error}`));
      else {
        this.drains.get(m.drained)?.resolve();
        this.drains.delete(m.drained);
        if (!this.drains.size) this.worker.unref();
      }
    });
    this.worker.on('error', (e) => this.fail(new HistoryError(`the history writer stopped: ${e.message}`)));
    this.exited = new Promise((resolve) =>
      this.worker.on('exit', (code) => {
        if (!this.closed) this.fail(new HistoryError(`the history writer stopped (exit code ${code})`));
        resolve();
      }),
    );
  }

  write(batch: WriteBatch): void {
    if (this.error) throw this.error;
    this.worker.postMessage(batch satisfies ToWorker);
  }

  drain(): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    const id = this.nextDrain++;
    return new Promise((resolve, reject) => {
      this.drains.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ drain: id } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    if (this.closed) {
      if (this.error) throw this.error;
      return;
    }
    try {
      await this.drain();
    } finally {
      this.closed = true;
      this.worker.ref(); // until it has exited
      if (this.error) await this.worker.terminate();
      else this.worker.postMessage({ close: true } satisfies ToWorker);
      await this.exited;
    }
  }

  private fail(error: Error): void {
    this.error ??= error;
    for (const d of this.drains.values()) d.reject(this.error);
    this.drains.clear();
    // a failed writer writes nothing more: it must not keep the process alive
    this.worker.unref();
    if (!this.closed) {
      this.closed = true;
      void this.worker.terminate();
    }
  }
}
