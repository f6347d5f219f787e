import type { Command } from 'commander';
import { startReviewServer } from '../review/server.js';
import { EXIT, UsageError } from './errors.js';
import { addDbOptions, openHistoryDb } from './history-options.js';
import { defaultReviewer } from './triage-command.js';

interface ReviewCliOptions {
  db?: string;
  config?: string;
  host?: string;
  port?: string;
}

export function registerReview(program: Command): void {
  const command = program
    .command('review')
    .description('a local web page over the history: scans over time, findings with their diff status, filters, evidence, triage buttons')
    .option('--host <address>', 'address to listen on (loopback by default: the page lets anyone who reaches it triage)', '127.0.0.1')
    .option('-p, --port <port>', 'port (0: any free port)', '4477');
  addDbOptions(command).action(async (opts: ReviewCliOptions) => {
    process.exitCode = await reviewCommand(opts);
  });
}

export async function reviewCommand(opts: ReviewCliOptions): Promise<number> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, not "${opts.port}"`);
  const host = opts.host ?? '127.0.0.1';
  const { db, path } = openHistoryDb(opts);
  const log = (line: string) => process.stderr.write(line + '\n');
  let review;
  try {
    review = await startReviewServer({ db, dbPath: path, host, port, reviewer: defaultReviewer(), log });
  } catch (e) {
    db.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use: pick another with --port (0 for any free port)`);
    if (err.code === 'EADDRNOTAVAIL') throw new UsageError(`cannot listen on ${host}: not an address of this machine`);
    throw e;
  }
  if (!/^(127\.|::1$|localhost$)/.test(host)) log(`warning: listening on ${host}: anyone who can reach it can read the history and triage findings`);
  log(`claimscan review: ${review.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void review.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  db.close();
  return EXIT.ok;
}
