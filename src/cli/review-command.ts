import type { Command } from 'commander';
import { startReviewServer } from '../review/server.js';
import { loadShippedCategories } from '../analysis/rules/load.js';
import { EXIT, UsageError } from './errors.js';
import { parseUiLangOption } from './report-output.js';
import { addDbOptions, openHistoryDb } from './history-options.js';
import { defaultReviewer } from './triage-command.js';

interface ReviewCliOptions {
  db?: string;
  config?: string;
  host?: string;
  port?: string;
  uiLang?: string;
}

export function registerReview(program: Command): void {
  const command = program
    .command('review')
    .description('a local web page over the history: scans over time, findings with their diff status, filters, evidence, triage buttons')
    .option('--host <address>', 'address to listen on (loopback by default: the page lets anyone who reaches it triage)', '127.0.0.1')
    .option('-p, --port <port>', 'port (0: any free port)', '4477')
    .option('--ui-lang <lang>', "language of the pages: fr or en (default: the browser's; the page has a switch)");
  addDbOptions(command).action(async (opts: ReviewCliOptions) => {
    process.exitCode = await reviewCommand(opts);
  });
}

export async function reviewCommand(opts: ReviewCliOptions): Promise<number> {
  loadShippedCategories(); // category titles and colours come from the packs
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, not "${opts.port}"`);
  const host = opts.host ?? '127.0.0.1';
  const uiLang = parseUiLangOption(opts.uiLang);
  const { db, path } = openHistoryDb(opts);
  const log = (line: string) => process.stderr.write(line + '\n');
  let review;
  try {
    review = await startReviewServer({ db, dbPath: path, host, port, reviewer: defaultReviewer(), log, ...(uiLang ? { uiLang: uiLang as 'fr' | 'en' } : {}) });
  } catch (e) {
    db.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use: pick another with --port (0 for any free port)`);
    if (err.code === 'EADDRNOTAVAIL') throw new UsageError(`cannot listen on ${host}: not an address of this machine`);
    throw e;
  }
  if (!/^(127\.|::1$|localhost$)/.test(host)) log(`warning: listening on ${host}: anyone who can reach it can read the history and triage findings`);
  log(`claimscan review: ${review.url} (Ctrl-C to stop)`);
  // on every interface: the addresses it answers at (a request naming another is refused, 421)
  if (review.urls.length > 1) log(`also at: ${review.urls.filter((u) => u !== review.url).join(' ')}`);
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
