/**
 * `claimscan worker --queue redis://…`: scan site jobs queued by `scan --queue` or `watch` (with
 * `queue:` in the config), on this machine, until stopped. Start as many as you like, anywhere
 * Redis and the sites can be reached; a worker keeps no history.
 */
import type { Command } from 'commander';
import { redisConnection } from '../scan/queue/protocol.js';
import { startWorker, WORKER_DEFAULTS } from '../scan/queue/worker.js';
import { EXIT, UsageError } from './errors.js';
import { parseCount, parseDuration } from './web-options.js';

interface WorkerCliOptions {
  queue?: string;
  concurrency?: string;
  lock?: string;
  stalledInterval?: string;
  grace?: string;
  quiet?: boolean;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('scan the site jobs of `scan --queue` and `watch` (BullMQ on Redis) until stopped; SIGTERM finishes the running sites first')
    .requiredOption('--queue <redis-url>', 'the Redis the coordinators queue sites on, e.g. redis://127.0.0.1:6379')
    .option('-c, --concurrency <n>', `sites scanned at once (default ${WORKER_DEFAULTS.concurrency})`)
    .option('--lock <duration>', `a site's lock: a worker silent this long is taken for dead and its site scanned again elsewhere (default ${WORKER_DEFAULTS.lockMs / 1000}s)`)
    .option('--stalled-interval <duration>', `how often to look for sites whose worker died (default ${WORKER_DEFAULTS.stalledIntervalMs / 1000}s)`)
    .option('--grace <duration>', `on SIGTERM, how long running sites may take to finish before they go back to the queue (default ${WORKER_DEFAULTS.graceMs / 1000}s)`)
    .option('-q, --quiet', 'no log lines on stderr')
    .action(async (opts: WorkerCliOptions) => {
      process.exitCode = await workerCommand(opts);
    });
}

/** A log line with the time, for a long-running process's journal. */
function stamped(line: string): void {
  process.stderr.write(`${new Date().toISOString().slice(0, 19)}Z ${line}\n`);
}

export async function workerCommand(opts: WorkerCliOptions): Promise<number> {
  const url = opts.queue ?? '';
  try {
    redisConnection(url);
  } catch (e) {
    throw new UsageError(`--queue: ${(e as Error).message}`);
  }
  const positive = (ms: number | undefined, option: string) => {
    if (ms !== undefined && ms <= 0) throw new UsageError(`${option} must be more than 0`);
    return ms;
  };
  const log = opts.quiet ? () => {} : stamped;
  const worker = await startWorker({
    queue: url,
    concurrency: parseCount(opts.concurrency, '--concurrency', 1),
    lockMs: positive(parseDuration(opts.lock, '--lock'), '--lock'),
    stalledIntervalMs: positive(parseDuration(opts.stalledInterval, '--stalled-interval'), '--stalled-interval'),
    graceMs: parseDuration(opts.grace, '--grace'),
    log,
  });
  const stop = (signal: NodeJS.Signals) => {
    log(`${signal}: no new site; the running ones finish (or go back to the queue after the grace period)`);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    // a second signal stops at once
    const now = () => {
      log('stopping now');
      process.exit(EXIT.ok);
    };
    process.once('SIGINT', now);
    process.once('SIGTERM', now);
    void worker.close();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await worker.closed;
  const s = worker.stats;
  log(`stopped: ${s.sites} site(s), ${s.pages} page(s), ${s.findings} finding(s)${s.failed ? `, ${s.failed} attempt(s) failed` : ''}`);
  return EXIT.ok;
}
