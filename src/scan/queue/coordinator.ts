/**
 * The coordinator's side of a distributed scan: the crawl of a `scan()` turned into one BullMQ
 * job per site, the pages and findings the workers send back recorded by `scan()` here (the one
 * writer of the history), progress across workers, and an end when every site job is done,
 * failed after its retries, or timed out. Cancelling (Ctrl-C) removes the sites not started
 * and stops the running ones; the report then has what was scanned.
 *
 * A site scanned twice (its worker died, BullMQ put it back) sends some pages twice: each page
 * is recorded once, the first time it arrives.
 */
import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Finding } from '../../model/finding.js';
import type { WebSourceOptions } from '../../crawl/web-source.js';
import type { FailedSite } from '../../model/report-model.js';
import type { LoadOptions } from '../../analysis/rules/load.js';
import { VERSION } from '../../version.js';
import type { RemoteCrawl, RemoteOutcome, RemotePage } from '../scan.js';
import { cancelKey, connected, redisConnection, resultsQueue, siteOf, SITE_QUEUE, type ResultChunk, type SiteCrawl, type SiteJobData, type SiteJobResult } from './protocol.js';

export interface QueueOptions {
  /** redis://host:port */
  url: string;
  /** how workers load the rules: the packs named by the job */
  rules: LoadOptions;
  packs: Array<{ name: string; version: string }>;
  lang?: string;
  /** attempts per site (first one included) */
  attempts?: number;
  /** first retry's delay (ms); doubles at each retry */
  backoffMs?: number;
  /** a site's time limit (ms) */
  siteTimeoutMs?: number;
  log?: (line: string) => void;
  /** live counts, for the progress display */
  onStatus?: (status: SiteStatus) => void;
}

export const QUEUE_DEFAULTS = {
  attempts: 3,
  backoffMs: 5000,
  siteTimeoutMs: 30 * 60_000,
} as const;

export interface SiteStatus {
  sites: number;
  done: number;
  running: number;
  failed: number;
  /** pages the workers reported so far (recorded or not yet) */
  workerPages: number;
}

/** How often unfinished site jobs are checked, in case an event was missed (ms). */
const RECONCILE_MS = 3000;
/** After Ctrl-C, how long running sites have to stop and send what they have (ms). */
const CANCEL_WAIT_MS = 20_000;
/** With sites waiting and none running, how often to say no worker takes them (ms). */
const NO_WORKER_EVERY_MS = 30_000;

interface SiteState {
  site: string;
  jobId: string;
  starts: string[];
  final?: 'done' | 'failed' | 'cancelled';
  completed?: SiteJobResult;
  failure?: FailedSite;
  running: boolean;
  pages: number;
}

/** The crawl of a scan, as site jobs on the queue at `options.url`. */
export function queueCrawl(options: QueueOptions): RemoteCrawl {
  return (web, deliver, signal) => runQueued(web, deliver, signal, options);
}

async function runQueued(web: WebSourceOptions, deliver: (page: RemotePage) => Finding[], signal: AbortSignal, options: QueueOptions): Promise<RemoteOutcome> {
  // loaded when a scan goes through a queue: the CLI starts faster without it
  const { Job, Queue, QueueEvents, Worker } = await import('bullmq');
  const log = options.log ?? (() => {});
  const connection = redisConnection(options.url);
  const run = randomUUID();
  const attempts = options.attempts ?? QUEUE_DEFAULTS.attempts;
  const sites = splitSites(web);
  const states = new Map<string, SiteState>();
  const status: SiteStatus = { sites: sites.length, done: 0, running: 0, failed: 0, workerPages: 0 };
  const report = () => {
    status.running = [...states.values()].filter((s) => s.running && !s.final).length;
    status.workerPages = [...states.values()].reduce((n, s) => n + s.pages, 0);
    options.onStatus?.({ ...status });
  };

  const queue = new Queue<SiteJobData, SiteJobResult>(SITE_QUEUE, { connection });
  queue.on('error', () => {}); // said once, by connected() or the events' log line
  const where = `${connection.host}:${connection.port}`;
  // Redis first: BullMQ's event reader cannot be closed before it has connected
  try {
    await connected(where, [queue.waitUntilReady()]);
  } catch (e) {
    await queue.close().catch(() => {});
    throw e;
  }
  const events = new QueueEvents(SITE_QUEUE, { connection });
  const results = new Queue<ResultChunk>(resultsQueue(run), { connection });
  /** pages recorded, by URL: a site scanned again sends some twice */
  const recorded = new Set<string>();
  /** chunks received, by attempt */
  const received = new Map<string, number>();
  let settle!: () => void;
  const allDone = new Promise<void>((resolve) => (settle = resolve));
  let finished = false;

  const checkDone = async () => {
    if (finished) return;
    for (const s of states.values()) {
      if (s.final) continue;
      if (s.completed && (received.get(s.completed.attempt) ?? 0) >= s.completed.chunks) finish(s);
    }
    if ([...states.values()].every((s) => s.final)) {
      // pages of failed attempts still on their way are part of what was scanned
      const counts = await results.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0) && !finished) {
        finished = true;
        settle();
      }
    }
  };

  const finish = (s: SiteState) => {
    const r = s.completed!;
    s.final = 'done';
    status.done++;
    if (r.timedOut) {
      s.failure = { site: s.site, error: `timed out after ${Math.round((options.siteTimeoutMs ?? QUEUE_DEFAULTS.siteTimeoutMs) / 1000)} s`, attempts: 1, timedOut: true };
      status.failed++;
      log(`${s.site}: timed out after ${r.pages} page(s)`);
    }
    report();
  };

  const fail = (s: SiteState, error: string, made: number) => {
    if (s.final) return;
    s.final = 'failed';
    s.failure = { site: s.site, error, attempts: made };
    status.failed++;
    log(`${s.site}: failed after ${made} attempt(s): ${error}`);
    report();
  };

  const consumer = new Worker<ResultChunk>(
    resultsQueue(run),
    async (job) => {
      for (const page of job.data.pages) {
        if (recorded.has(page.page.url)) continue;
        recorded.add(page.page.url);
        deliver(page);
      }
      received.set(job.data.attempt, (received.get(job.data.attempt) ?? 0) + 1);
    },
    { connection, concurrency: 1, autorun: false },
  );
  consumer.on('completed', () => void checkDone());
  consumer.on('error', (e) => log(`queue: ${e.message}`));

  const byJob = new Map<string, SiteState>();
  const onJob = async (jobId: string) => {
    const s = byJob.get(jobId);
    if (!s || s.final) return;
    const job = await Job.fromId(queue, jobId);
    if (!job) return;
    const state = await job.getState();
    if (state === 'completed') {
      s.completed ??= job.returnvalue as SiteJobResult;
      s.running = false;
    } else if (state === 'failed') {
      fail(s, job.failedReason || 'failed', job.attemptsMade);
    } else if (state === 'active') {
      s.running = true;
    } else {
      s.running = false;
    }
    if (typeof job.progress === 'object' && job.progress) s.pages = Math.max(s.pages, Number((job.progress as { pages?: number }).pages) || 0);
    report();
    await checkDone();
  };
  const safely = (jobId: string) => void onJob(jobId).catch((e: unknown) => log(`queue: ${(e as Error).message}`));
  events.on('completed', ({ jobId }) => safely(jobId));
  events.on('failed', ({ jobId, failedReason }) => {
    const s = byJob.get(jobId);
    if (s && !s.final) log(`${s.site}: attempt failed: ${failedReason}`);
    safely(jobId);
  });
  events.on('active', ({ jobId }) => safely(jobId));
  events.on('stalled', ({ jobId }) => {
    const s = byJob.get(jobId);
    if (s && !s.final) log(`${s.site}: its worker stopped answering: the site goes back in the queue`);
    safely(jobId);
  });
  events.on('progress', ({ jobId, data }) => {
    const s = byJob.get(jobId);
    if (s && typeof data === 'object' && data) {
      s.pages = Math.max(s.pages, Number((data as { pages?: number }).pages) || 0);
      report();
    }
  });
  events.on('error', (e) => log(`queue: ${e.message}`));
  results.on('error', () => {});

  let reconciler: NodeJS.Timeout | undefined;
  let cancelled = false;
  let reachable = false;
  const onAbort = () => void cancel();
  const cancel = async () => {
    if (cancelled || finished) return;
    cancelled = true;
    log(`cancelling the site jobs not done (${[...states.values()].filter((s) => !s.final).length} site(s))`);
    const client = await queue.client;
    await client.set(cancelKey(run), '1', { EX: 24 * 3600 });
    for (const s of states.values()) {
      if (s.final) continue;
      // a job no worker holds is removed; a running one stops (its worker sees the cancel key)
      const removed = await queue.remove(s.jobId).catch(() => 0);
      if (removed) {
        s.final = 'cancelled';
        s.running = false;
      }
    }
    report();
    await checkDone();
    setTimeout(() => {
      if (finished) return;
      log('the running sites did not stop in time: the report has what arrived');
      finished = true;
      settle();
    }, CANCEL_WAIT_MS).unref();
  };

  try {
    await connected(where, [events.waitUntilReady(), results.waitUntilReady()]);
    void consumer.run();
    await connected(where, [consumer.waitUntilReady()]);
    reachable = true;
    const crawl = siteCrawl(web);
    const jobs = sites.map((site, i) => {
      const jobId = `${run}-${i}`;
      const s: SiteState = { site: site.origin, jobId, starts: [...site.urls, ...site.sitemaps], running: false, pages: 0 };
      states.set(site.origin, s);
      byJob.set(jobId, s);
      return {
        name: site.origin,
        data: {
          run,
          version: VERSION,
          site: site.origin,
          crawl: { ...crawl, urls: site.urls, ...(site.sitemaps.length ? { sitemaps: site.sitemaps } : {}) },
          rules: options.rules,
          packs: options.packs,
          ...(options.lang ? { lang: options.lang } : {}),
          timeoutMs: options.siteTimeoutMs ?? QUEUE_DEFAULTS.siteTimeoutMs,
        } satisfies SiteJobData,
        opts: {
          jobId,
          attempts,
          backoff: { type: 'exponential', delay: options.backoffMs ?? QUEUE_DEFAULTS.backoffMs },
          removeOnComplete: { age: 3600 },
          removeOnFail: { age: 24 * 3600 },
        },
      };
    });
    await queue.addBulk(jobs);
    log(`${sites.length} site job(s) queued on ${SITE_QUEUE} at ${connection.host}:${connection.port} (run ${run})`);
    report();
    if (signal.aborted) void cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    let idleSince = Date.now();
    reconciler = setInterval(() => {
      for (const s of states.values()) if (!s.final) safely(s.jobId);
      if (status.running > 0 || finished) idleSince = Date.now();
      else if (Date.now() - idleSince >= NO_WORKER_EVERY_MS) {
        idleSince = Date.now();
        void queue.getWorkersCount().then((n) => {
          if (!n) log(`no worker takes jobs from ${SITE_QUEUE} at ${connection.host}:${connection.port}: start one with \`claimscan worker --queue ${options.url}\``);
        }, () => {});
      }
    }, RECONCILE_MS);
    await allDone;
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (reconciler) clearInterval(reconciler);
    await consumer.close(true).catch(() => {});
    if (reachable) await results.obliterate({ force: true }).catch(() => {});
    await Promise.all([events.close(), queue.close(), results.close()]).catch(() => {});
  }
  const failedSites: FailedSite[] = [];
  for (const s of states.values()) {
    if (!s.failure) continue;
    failedSites.push(s.failure);
    // a start URL of the site that was never recorded: a failed page, so every format shows it
    for (const url of s.starts) {
      if (recorded.has(url)) continue;
      recorded.add(url);
      const error = `${s.failure.timedOut ? 'site timed out' : `site job failed after ${s.failure.attempts} attempt(s)`}: ${s.failure.error}`;
      const fetchedAt = new Date().toISOString();
      deliver({ page: { url, title: '', lang: '', status: 0, error, fetchedAt, findings: 0 }, findings: [], snapshot: { url, status: 0, error, fetchedAt } });
    }
  }
  return { failedSites };
}

/** Start URLs and sitemaps grouped by site (origin), in the order first given. */
export function splitSites(web: Pick<WebSourceOptions, 'urls' | 'sitemaps'>): Array<{ origin: string; urls: string[]; sitemaps: string[] }> {
  const sites = new Map<string, { origin: string; urls: string[]; sitemaps: string[] }>();
  const of = (url: string) => {
    const origin = siteOf(url);
    let s = sites.get(origin);
    if (!s) sites.set(origin, (s = { origin, urls: [], sitemaps: [] }));
    return s;
  };
  for (const url of web.urls) of(url).urls.push(url);
  for (const url of web.sitemaps ?? []) of(url).sitemaps.push(url);
  return [...sites.values()];
}

function siteCrawl(web: WebSourceOptions): SiteCrawl {
  const { frontier: _f, log: _l, launchBrowser: _b, fetchInWorker: _w, ...crawl } = web;
  return crawl;
}
