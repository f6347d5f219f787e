/**
 * The web options of `claimscan scan`: declared on the command, then checked and turned into
 * the crawler's options (a bad value is a usage error, exit 2).
 */
import { Option, type Command } from 'commander';
import { RENDER_MODES, WEB_DEFAULTS, type RenderMode, type WebSourceOptions } from '../crawl/web-source.js';
import { SCOPES, type ScopeMode } from '../crawl/targets/scope.js';
import { PatternError, UrlFilter } from '../crawl/targets/url-patterns.js';
import { readUrlList, UrlListError } from '../crawl/targets/url-list.js';
import { collect } from './common.js';
import { UsageError } from './errors.js';

export interface WebCliOptions {
  urls?: string[];
  sitemap?: string[];
  depth?: string;
  scope?: string;
  maxPages?: string;
  include?: string[];
  exclude?: string[];
  render?: string;
  renderPages?: string;
  concurrency?: string;
  perHost?: string;
  delay?: string;
  timeout?: string;
  retries?: string;
  maxSize?: string;
  ignoreRobots?: boolean;
  userAgent?: string;
}

const MB = 1024 * 1024;

export function addWebOptions(command: Command): Command {
  const d = WEB_DEFAULTS;
  return command
    .option('--urls <file>', 'scan the URLs listed in a file (one a line, # comments; repeatable)', collect)
    .option('--sitemap <url>', 'scan the pages of a sitemap or sitemap index (.xml or .xml.gz; a site root finds its sitemaps; repeatable)', collect)
    .option('--depth <n>', `follow links this many clicks from the start pages`, String(d.depth))
    .addOption(new Option('--scope <scope>', 'where links may lead: page, host (www. or not), domain (and subdomains), prefix (the start URL\'s folder)').choices(SCOPES).default(d.scope))
    .option('--max-pages <n>', 'scan at most this many pages', String(d.maxPages))
    .option('--include <pattern>', 'follow only URLs matching a pattern (* wildcard, or /regex/; repeatable)', collect)
    .option('--exclude <pattern>', 'never follow URLs matching a pattern (repeatable)', collect)
    .addOption(new Option('--render <mode>', 'run JavaScript in Chromium: auto (pages that look client-rendered), always, never').choices(RENDER_MODES).default(d.render))
    .option('--render-pages <n>', 'browser tabs rendering at once', String(d.renderPages))
    .option('--concurrency <n>', 'requests in flight across all sites', String(d.concurrency))
    .option('--per-host <n>', 'requests in flight to one site', String(d.perHost))
    .option('--delay <time>', 'least time between two requests to one site (e.g. 500ms, 2s)', '0')
    .option('--timeout <time>', 'give up on a page after this long (e.g. 10s)', `${d.timeoutMs / 1000}s`)
    .option('--retries <n>', 'tries again after a 429, 5xx or network error', String(d.retries))
    .option('--max-size <size>', 'largest page read; the rest is cut (e.g. 2MB)', `${d.maxBytes / MB}MB`)
    .option('--ignore-robots', 'do not obey robots.txt (only for sites you are entitled to scan)')
    .option('--user-agent <string>', 'User-Agent header (default names claimscan and where to read about it)');
}

/** Does a command-line target name a web page rather than a file? */
export function isWebTarget(target: string): boolean {
  return /^https?:\/\//i.test(target);
}

/**
 * The crawler's options, from the command line; undefined when there is nothing to fetch.
 * `urls` are the http(s) targets of the command line.
 */
export function webSourceOptions(urls: string[], opts: WebCliOptions): Omit<WebSourceOptions, 'log'> | undefined {
  const listed: string[] = [];
  for (const file of opts.urls ?? []) {
    try {
      listed.push(...readUrlList(file));
    } catch (e) {
      if (e instanceof UrlListError) throw new UsageError(e.message);
      throw e;
    }
  }
  const all = [...urls, ...listed];
  if (!all.length && !opts.sitemap?.length) return undefined;
  for (const url of [...urls, ...(opts.sitemap ?? [])]) {
    try {
      new URL(url);
    } catch {
      throw new UsageError(`not a valid URL: ${url}`);
    }
  }
  try {
    new UrlFilter(opts.include, opts.exclude);
  } catch (e) {
    if (e instanceof PatternError) throw new UsageError(`--include/--exclude: ${e.message}`);
    throw e;
  }
  return {
    urls: all,
    sitemaps: opts.sitemap,
    depth: parseCount(opts.depth, '--depth', 0),
    scope: (opts.scope ?? WEB_DEFAULTS.scope) as ScopeMode,
    maxPages: parseCount(opts.maxPages, '--max-pages', 1),
    include: opts.include,
    exclude: opts.exclude,
    render: (opts.render ?? WEB_DEFAULTS.render) as RenderMode,
    renderPages: parseCount(opts.renderPages, '--render-pages', 1),
    concurrency: parseCount(opts.concurrency, '--concurrency', 1),
    perHost: parseCount(opts.perHost, '--per-host', 1),
    delayMs: parseDuration(opts.delay, '--delay'),
    timeoutMs: positive(parseDuration(opts.timeout, '--timeout'), '--timeout'),
    retries: parseCount(opts.retries, '--retries', 0),
    maxBytes: parseSize(opts.maxSize, '--max-size'),
    ignoreRobots: Boolean(opts.ignoreRobots),
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
    // HTTP in a worker thread: the main thread analyses pages meanwhile
    fetchInWorker: true,
  };
}

export function parseCount(value: string | undefined, option: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) throw new UsageError(`${option} takes a whole number${min ? ` of at least ${min}` : ''}, not "${value}"`);
  return Number(value);
}

/** `500ms`, `2s`, `1.5s`, `1m`, or a bare number of seconds → milliseconds. */
export function parseDuration(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(value);
  if (!m) throw new UsageError(`${option} takes a duration such as 500ms, 2s or 1m, not "${value}"`);
  const unit = (m[2] ?? 's').toLowerCase();
  return Math.round(Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000));
}

/** `2MB`, `500KB`, `1048576` (bytes) → bytes. */
export function parseSize(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(value);
  if (!m || Number(m[1]) <= 0) throw new UsageError(`${option} takes a size such as 500KB or 5MB, not "${value}"`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  return Math.round(Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? MB : unit === 'g' ? 1024 * MB : 1));
}

function positive(value: number | undefined, option: string): number | undefined {
  if (value !== undefined && value <= 0) throw new UsageError(`${option} must be more than 0`);
  return value;
}
