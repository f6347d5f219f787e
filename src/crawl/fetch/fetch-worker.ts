/**
 * The worker thread of `WorkerPageFetcher`: a LocalPageFetcher answering the main thread's
 * requests (see worker-page-fetcher.ts for the messages). Pages are fetched at most `ahead`
 * beyond what the main thread has taken, so a slower analysis never piles pages up in memory.
 */
import { parentPort } from 'node:worker_threads';
import { LocalPageFetcher } from './page-fetcher.js';
import { ScanAborted } from './scan-aborted.js';
import type { WorkerReply, WorkerRequest } from './worker-page-fetcher.js';

const port = parentPort!;
// set by the first message, 'init' (the worker may be started before its options are known)
let fetcher: LocalPageFetcher;
let controller = new AbortController();

/** Pages being fetched or fetched and not yet taken by the main thread, at most. */
let ahead = 16;
let outstanding = 0;
const waiting: Array<() => void> = [];
const enter = async (signal: AbortSignal): Promise<void> => {
  while (outstanding >= ahead) {
    if (signal.aborted) throw new ScanAborted('scan aborted');
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  if (signal.aborted) throw new ScanAborted('scan aborted');
  outstanding++;
};
const leave = (): void => {
  outstanding--;
  waiting.shift()?.();
};

/**
 * Replies go out in batches — when 16 are ready, or 5 ms after the first — since each message
 * wakes the main thread (which has pages in hand meanwhile); page bytes are moved, not copied.
 */
const BATCH = 16;
const BATCH_MS = 5;
let outbox: WorkerReply[] = [];
let transfers: ArrayBuffer[] = [];
let timer: NodeJS.Timeout | undefined;
function send(reply: WorkerReply, transfer?: ArrayBuffer): void {
  outbox.push(reply);
  if (transfer) transfers.push(transfer);
  if (outbox.length >= BATCH) flush();
  else timer ??= setTimeout(flush, BATCH_MS);
}
function flush(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  const batch = outbox;
  const moved = transfers;
  outbox = [];
  transfers = [];
  if (batch.length) port.postMessage(batch, moved);
}

/** The page's bytes in an ArrayBuffer of their own, which can be moved to the main thread. */
function movable(value: unknown): ArrayBuffer | undefined {
  const body = (value as { body?: Uint8Array }).body;
  if (!body) return undefined;
  if (body.byteOffset !== 0 || body.byteLength !== body.buffer.byteLength || !(body.buffer instanceof ArrayBuffer)) {
    (value as { body: Uint8Array }).body = new Uint8Array(body);
  }
  return (value as { body: Uint8Array }).body.buffer as ArrayBuffer;
}

port.on('message', (batch: WorkerRequest[]) => {
  for (const msg of batch) handle(msg);
});

function handle(msg: WorkerRequest): void {
  switch (msg.op) {
    case 'init':
      fetcher = new LocalPageFetcher(msg.options, (line) => send({ log: line }));
      ahead = Math.max(16, msg.options.politeness.concurrency * 4);
      return;
    case 'root':
      fetcher.addScopeRoot(msg.url);
      return;
    case 'taken':
      for (let i = 0; i < msg.count; i++) leave();
      return;
    case 'abort':
      controller.abort();
      controller = new AbortController();
      for (const wake of waiting.splice(0)) wake();
      return;
    case 'close':
      void fetcher.close().then(() => port.close());
      return;
  }
  const signal = controller.signal;
  let ticket = false;
  // one ticket per page, taken when its first request is about to go out
  const beforeRequest = async () => {
    if (ticket) return;
    await enter(signal);
    ticket = true;
  };
  const work =
    msg.op === 'page'
      ? fetcher.page(msg.url, { followAnywhere: msg.followAnywhere, signal, beforeRequest })
      : msg.op === 'resource'
        ? fetcher.resource(msg.url, signal)
        : fetcher.sitemapsOf(msg.origin, signal);
  work.then(
    (value) => send({ id: msg.id, ok: true, value, ticket }, msg.op === 'page' ? movable(value) : undefined),
    (e: Error) => send({ id: msg.id, ok: false, aborted: signal.aborted, message: e.message, ticket }),
  );
}
