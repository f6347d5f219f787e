/**
 * The worker thread that writes a scan's history: it receives batches (`write-batch.ts`) in
 * order and applies each in one transaction. After a failed batch it applies nothing more, so
 * the database never holds a later write without an earlier one (a page marked done without
 * its findings); the scan is told, and stays resumable from what was committed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './database.js';
import { BatchApplier, type WriteBatch } from './write-batch.js';

export type ToWorker = WriteBatch | { drain: number } | { close: true };
export type FromWorker = { drained: number } | { error: string };

const port = parentPort!;
const db = openDatabase((workerData as { dbPath: string }).dbPath);
const applier = new BatchApplier(db);
let failed = false;

port.on('message', (message: ToWorker) => {
  if ('close' in message) {
    db.close();
    port.close(); // the thread ends
    return;
  }
  if ('drain' in message) {
    port.postMessage({ drained: message.drain } satisfies FromWorker);
    return;
  }
  if (failed) return;
  try {
    applier.apply(message);
  } catch (e) {
    failed = true;
    port.postMessage({ error: (e as Error).message } satisfies FromWorker);
  }
});
