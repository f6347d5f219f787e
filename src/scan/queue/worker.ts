/**
 * A scan worker: takes site jobs from Redis and scans each site with the library `scan()` —
 * the code of a local scan — with no history database and only the rule packs the job names;
 * its pages and findings go back to the coordinator through the run's results queue.
 *
 * Failures are BullMQ's: a site job that throws is retried with backoff (the coordinator sets
 * attempts and backoff); a worker that dies mid-site stops renewing its lock, and the stalled
 * check of any other worker puts the site back in the queue to be scanned again (the
 * coordinator records each page once). SIGTERM: no new site is taken, the sites being scanned
 * get a grace period to finish, then they are stopped and handed back to the queue.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Job, Queue } from 'bullmq';
import type { Lang } from '../../analysis/claims/language.js';
import { loadRuleSet, type LoadOptions } from '../../analysis/rules/load.js';
import type { RuleSet } from '../../analysis/rules/rule-set.js';
import { VERSION } from '../../version.js';
import { scan, type RemotePage } from '../scan.js';
import { cancelKey, connected, portablePage, redisConnection, resultsQueue, SITE_QUEUE, type ResultChunk, type SiteJobData, type SiteJobResult, type SiteProgress } from './protocol.js';

export interface WorkerOptions {
  /** redis://host:port */
  queue: string;
  /** sites scanned at once */
  concurrency?: number;
  /** how long a site job's lock lasts without renewal: a worker silent this long is taken for dead (ms) */
  lockMs?: number;
  /** how often stalled site jobs are looked for (ms) */
  stalledIntervalMs?: number;
  /** times a site is put back after its worker died, before it counts as failed */
  maxStalled?: number;
  /** on SIGTERM, how long running sites may take to finish before they are stopped (ms) */
  graceMs?: number;
  log?: (line: string) => void;
  /** pages per results chunk */
  chunkPages?: number;
}

export const WORKER_DEFAULTS = {
  concurrency: 2,
  lockMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalled: 2,
  graceMs: 30_000,
  chunkPages: 25,
} as const;

/** Sends at most this often when pages come slowly (ms). */
const CHUNK_EVERY_MS = 1000;
/** How often a running site checks whether its run was cancelled (ms). */
const CANCEL_POLL_MS = 1000;

export interface RunningWorker {
  /** stop taking sites; give running ones `graceMs` to finish, then stop them (they go back to the queue) */
  close(graceMs?: number): Promise<void>;
  /** resolves when the worker has closed */
  readonly closed: Promise<void>;
  readonly stats: { sites: number; pages: number; findings: number; failed: number };
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  // loaded when a worker starts: the CLI starts faster without it
  const { Queue, UnrecoverableError, Worker } = await import('bullmq');
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as WorkerOptions;
  const o = { ...WORKER_DEFAULTS, ...given };
  const log = options.log ?? (() => {});
  const connection = redisConnection(o.queue);
  const ruleSets = new Map<string, RuleSet>();
  const results = new Map<string, Queue>();
  const stats = { sites: 0, pages: 0, findings: 0, failed: 0 };
  const name = `${hostname()}:${process.pid}`;

  const rulesFor = (job: Job<SiteJobData>): RuleSet => {
    const key = JSON.stringify(job.data.rules);
    let rules = ruleSets.get(key);
    if (!rules) {
      try {
        rules = loadRuleSet(job.data.rules as LoadOptions);
      } catch (e) {
        throw new UnrecoverableError(`the rule packs of the job could not be loaded here: ${(e as Error).message}`);
      }
      ruleSets.set(key, rules);
    }
    const here = rules.packs.map((p) => `${p.name}@${p.version}`).join(', ');
    const wanted = job.data.packs.map((p) => `${p.name}@${p.version}`).join(', ');
    if (here !== wanted) throw new UnrecoverableError(`this worker's rule packs (${here}) are not the coordinator's (${wanted})`);
    return rules;
  };

  const resultsOf = (run: string): Queue => {
    let q = results.get(run);
    if (!q) results.set(run, (q = new Queue(resultsQueue(run), { connection })));
    return q;
  };

  const scanSite = async (job: Job<SiteJobData, SiteJobResult>, _token?: string, jobSignal?: AbortSignal): Promise<SiteJobResult> => {
    const data = job.data;
    if (data.version !== VERSION) throw new UnrecoverableError(`claimscan ${VERSION} here, the coordinator runs ${data.version}: run the same version everywhere`);
    const rules = rulesFor(job);
    const attempt = `${job.id}:${job.attemptsStarted}:${randomUUID().slice(0, 8)}`;
    const out = resultsOf(data.run);
    const controller = new AbortController();
    let timedOut = false;
    let cancelled = false;
    jobSignal?.addEventListener('abort', () => controller.abort(), { once: true });
    const deadline = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, data.timeoutMs);
    const client = await out.client;
    const cancelWatch = setInterval(() => {
      void client.get(cancelKey(data.run)).then(
        (value) => {
          if (value && !controller.signal.aborted) {
            cancelled = true;
            controller.abort();
          }
        },
        () => {},
      );
    }, CANCEL_POLL_MS);
    let buffer: RemotePage[] = [];
    let chunks = 0;
    const progress: SiteProgress = { pages: 0, findings: 0 };
    let sending: Promise<unknown> = Promise.resolve();
    let lastSent = Date.now();
    const send = () => {
      if (!buffer.length) return;
      const chunk: ResultChunk = { run: data.run, site: data.site, attempt, pages: buffer };
      buffer = [];
      chunks++;
      lastSent = Date.now();
      const snapshot = { ...progress };
      // in order, one after the other; a failure fails the site (it is retried)
      sending = sending.then(() => out.add('pages', chunk, { removeOnComplete: true, removeOnFail: true })).then(() => job.updateProgress(snapshot));
    };
    const flushTimer = setInterval(() => {
      if (Date.now() - lastSent >= CHUNK_EVERY_MS) send();
    }, CHUNK_EVERY_MS / 2);
    log(`${data.site}: scanning (attempt ${job.attemptsStarted}, job ${job.id})`);
    try {
      const result = await scan({
        web: { ...data.crawl, fetchInWorker: true, log: (line) => log(`${data.site}: ${line}`) },
        rules,
        lang: data.lang as Lang | undefined,
        signal: controller.signal,
        log: (line) => log(`${data.site}: ${line}`),
        onPage: (p) => {
          buffer.push(portablePage({ page: p.page, findings: p.findings, snapshot: p.snapshot, extracted: p.extracted }));
          progress.pages++;
          progress.findings += p.findings.length;
          if (buffer.length >= o.chunkPages) send();
        },
      });
      result.discard();
      send();
      await sending;
      if (controller.signal.aborted && !timedOut && !cancelled) throw new Error(jobSignal?.aborted ? 'the worker stopped before the site was done' : 'the site was stopped');
      stats.sites++;
      stats.pages += progress.pages;
      stats.findings += progress.findings;
      log(`${data.site}: ${progress.pages} page(s), ${progress.findings} finding(s)${timedOut ? ' (timed out)' : cancelled ? ' (run cancelled)' : ''}`);
      return { attempt, chunks, pages: progress.pages, findings: progress.findings, ...(timedOut ? { timedOut } : {}), ...(cancelled ? { cancelled } : {}) };
    } catch (e) {
      stats.failed++;
      log(`${data.site}: failed: ${(e as Error).message}`);
      throw e;
    } finally {
      clearTimeout(deadline);
      clearInterval(cancelWatch);
      clearInterval(flushTimer);
    }
  };

  const worker = new Worker<SiteJobData, SiteJobResult>(SITE_QUEUE, scanSite, {
    connection,
    concurrency: o.concurrency,
    lockDuration: o.lockMs,
    stalledInterval: o.stalledIntervalMs,
    maxStalledCount: o.maxStalled,
    name,
    autorun: false,
  });
  worker.on('error', (e) => log(`queue: ${e.message}`));
  void worker.run();
  try {
    await connected(`${connection.host}:${connection.port}`, [worker.waitUntilReady()]);
  } catch (e) {
    await worker.close(true).catch(() => {});
    throw e;
  }
  log(`worker ${name}: taking site jobs from ${SITE_QUEUE} on ${connection.host}:${connection.port} (${o.concurrency} at once)`);

  let closing: Promise<void> | undefined;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  return {
    stats,
    closed,
    close(graceMs = o.graceMs) {
      closing ??= (async () => {
        const grace = setTimeout(() => {
          log(`stopping the site(s) still running: they go back to the queue`);
          worker.cancelAllJobs('the worker is shutting down');
        }, graceMs);
        try {
          await worker.close();
        } finally {
          clearTimeout(grace);
          await Promise.all([...results.values()].map((q) => q.close()));
          resolveClosed();
        }
      })();
      return closing;
    },
  };
}
