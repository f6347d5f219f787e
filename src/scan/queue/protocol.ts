/**
 * What the coordinator (`scan --queue`, `watch` with `queue:`) and the workers (`claimscan
 * worker`) exchange through BullMQ on Redis:
 *
 * - one job per site (origin) on the shared queue `claimscan-sites`: its start URLs and
 *   sitemaps, the crawl options, the rule packs to load, the page language. One site is one
 *   job, so its politeness (robots.txt, per-host concurrency, delay, Retry-After) stays with
 *   one worker at a time;
 * - pages and their findings back, in chunks, as jobs on the run's own results queue, which
 *   the coordinator consumes and records (it is the one writer of the history);
 * - a site job's return value: how many chunks its attempt sent, so the coordinator knows
 *   when everything of the site has arrived.
 */
import type { RedisOptions } from 'bullmq';
import type { ExtractedPage, TextBlock } from '../../model/blocks.js';
import { blockSelector } from '../../analysis/extract/selector.js';
import type { PageSnapshot } from '../../model/page-snapshot.js';
import type { WebSourceOptions } from '../../crawl/web-source.js';
import type { LoadOptions } from '../../analysis/rules/load.js';
import type { RemotePage } from '../scan.js';

/** The queue every worker takes site jobs from. */
export const SITE_QUEUE = 'claimscan-sites';
/** A run's results queue. */
export const resultsQueue = (run: string) => `claimscan-results-${run}`;
/** Set when a run is cancelled (Ctrl-C): its workers stop the sites they are scanning. */
export const cancelKey = (run: string) => `claimscan:cancelled:${run}`;

/** Crawl options that travel with a site job (no functions, no frontier). */
export type SiteCrawl = Omit<WebSourceOptions, 'frontier' | 'log' | 'launchBrowser' | 'fetchInWorker'>;

export interface SiteJobData {
  /** the coordinator's run id */
  run: string;
  /** claimscan version of the coordinator: a worker of another version refuses the job */
  version: string;
  /** the site's origin */
  site: string;
  crawl: SiteCrawl;
  /** how the worker loads the rules (packs named by the job) */
  rules: LoadOptions;
  /** the packs the coordinator loaded: the worker's must be the same */
  packs: Array<{ name: string; version: string }>;
  lang?: string;
  /** the site's time limit, in ms: the worker stops it then and reports it timed out */
  timeoutMs: number;
}

export interface SiteJobResult {
  /** this attempt's id (chunks carry it) */
  attempt: string;
  /** chunks this attempt sent */
  chunks: number;
  pages: number;
  findings: number;
  timedOut?: boolean;
  cancelled?: boolean;
}

export interface ResultChunk {
  run: string;
  site: string;
  attempt: string;
  pages: RemotePage[];
}

/** Progress a worker reports on a site job. */
export interface SiteProgress {
  pages: number;
  findings: number;
}

/** A page as it travels: no HTML, the text blocks without their DOM elements, no links. */
export function portablePage(page: RemotePage): RemotePage {
  const { html: _html, ...snapshot } = page.snapshot as PageSnapshot;
  const extracted: ExtractedPage | undefined = page.extracted && {
    title: page.extracted.title,
    ...(page.extracted.declaredLang ? { declaredLang: page.extracted.declaredLang } : {}),
    blocks: page.extracted.blocks.map(portableBlock),
    links: [],
    scriptCount: page.extracted.scriptCount,
    textLength: page.extracted.textLength,
    noFollow: page.extracted.noFollow,
  };
  return { page: page.page, findings: page.findings, snapshot, ...(extracted ? { extracted } : {}) };
}

function portableBlock(b: TextBlock): TextBlock {
  return { kind: b.kind, text: b.text, headingPath: b.headingPath, selector: blockSelector(b), ...(b.disabledRules?.length ? { disabledRules: b.disabledRules } : {}) };
}

/** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS) → connection options. */
export function redisConnection(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueUrlError(url);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new QueueUrlError(url);
  const db = u.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db)) throw new QueueUrlError(url);
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's workers block on Redis: commands wait for a reconnection rather than fail
    maxRetriesPerRequest: null,
  };
}

export class QueueUrlError extends Error {
  constructor(readonly url: string) {
    super(`the queue is a Redis URL such as redis://127.0.0.1:6379 (or redis://user:password@host:port/db), not "${url}"`);
    this.name = 'QueueUrlError';
  }
}

/** The origin a start URL's site job is for. */
export function siteOf(url: string): string {
  return new URL(url).origin;
}
