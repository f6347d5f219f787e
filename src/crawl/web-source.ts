/**
 * The crawler as a page source: start URLs, URL lists and sitemaps in; page snapshots out to
 * the handler, whose returned links are followed within depth, scope, patterns and budget.
 * It knows nothing of rules or reports. Rendering is a per-page choice of how to fetch
 * (`--render always|auto|never`), not another crawler.
 */
import { setMaxListeners } from 'node:events';
import type { Browser } from 'playwright';
import { BrowserUnavailableError, installHint } from './render/browser.js';
import { decodeHtml } from './fetch/decode.js';
import { renderHint } from './render/needs-render.js';
import { isPdf, PDF_LIMITS, PdfError, readPdf, type PdfLimits } from './fetch/pdf-text.js';
import { MAX_PDF_BYTES } from './fetch/http-fetch.js';
import { LocalPageFetcher, type FetchedPage, type PageFetcher, type PageFetcherOptions } from './fetch/page-fetcher.js';
import type { PageSnapshot } from '../model/page-snapshot.js';
import { DEFAULT_FETCHER_OPTIONS } from './fetch/polite-fetcher.js';
import { AddressPolicy, type AddressPolicyOptions } from './fetch/address-policy.js';
import { RenderPool } from './render/render-pool.js';
import { DEFAULT_RETRY } from './fetch/retry.js';
import { ScanAborted } from './fetch/scan-aborted.js';
import { userAgent } from './fetch/user-agent.js';
import { fetchWorkerAvailable, WorkerPageFetcher } from './fetch/worker-page-fetcher.js';
import { normalizeForCrawl } from './targets/canonical-url.js';
import { NumberSeriesGuard, trapReason } from './targets/crawl-traps.js';
import { MemoryFrontier, type Frontier, type FrontierEntry } from './targets/frontier.js';
import { Scope, type ScopeMode } from './targets/scope.js';
import { readSitemaps } from './targets/sitemap.js';
import { UrlFilter } from './targets/url-patterns.js';
import type { PageHandler, PageSource, ResourceFetch } from './page-source.js';

export const RENDER_MODES = ['auto', 'always', 'never'] as const;
export type RenderMode = (typeof RENDER_MODES)[number];

export interface WebSourceOptions {
  /** start URLs: from the command line and URL lists (absolute http(s)) */
  urls: string[];
  /** sitemaps (or site roots whose sitemaps to find) whose pages are start URLs too */
  sitemaps?: string[];
  /** link depth followed from the start URLs (0: only them) */
  depth?: number;
  scope?: ScopeMode;
  /** pages in the scan at most (start URLs included) */
  maxPages?: number;
  include?: string[];
  exclude?: string[];
  render?: RenderMode;
  /** browser tabs rendering at once */
  renderPages?: number;
  concurrency?: number;
  perHost?: number;
  delayMs?: number;
  timeoutMs?: number;
  retries?: number;
  maxBytes?: number;
  ignoreRobots?: boolean;
  /** reach loopback, private, link-local and metadata addresses even when no start URL is on them */
  allowPrivate?: boolean;
  userAgent?: string;
  /** where the crawl keeps its to-do list (default: in memory); see targets/frontier.ts */
  frontier?: Frontier;
  /** notices for the user (robots.txt, rendering, budget) */
  log?: (line: string) => void;
  /** how Chromium is started (tests) */
  launchBrowser?: () => Promise<Browser>;
  /**
   * fetch in a worker thread, leaving the main thread to the analysis (the CLI does; it needs
   * the compiled JavaScript, so tests running the TypeScript sources fetch in-thread)
   */
  fetchInWorker?: boolean;
  /** page and time caps of PDF documents */
  pdf?: PdfLimits;
  /** rendered pages list their large images (for --ocr) */
  collectImages?: boolean;
  /** PDFs linked from scanned pages are read even past --depth (default true) */
  followDocuments?: boolean;
}

export const WEB_DEFAULTS = {
  depth: 0,
  scope: 'host',
  maxPages: 5000,
  render: 'auto',
  renderPages: 2,
  concurrency: 16,
  perHost: 6,
  delayMs: 0,
  timeoutMs: DEFAULT_FETCHER_OPTIONS.timeoutMs,
  retries: DEFAULT_RETRY.retries,
  maxBytes: DEFAULT_FETCHER_OPTIONS.maxBytes,
} as const satisfies Partial<WebSourceOptions>;

/** What the crawl is doing, for a progress display. */
export interface CrawlStats {
  /** pages handed to the analysis */
  done: number;
  /** URLs waiting in the frontier */
  waiting: number;
  /** pages being fetched, rendered or analysed */
  active: number;
  rendered: number;
  /** pages being rendered in the browser now */
  rendering: number;
}

/** Pages taken from the frontier and not finished yet, at most (the per-host queues hold them). */
const WINDOW = 512;
/** Links remembered as judged, so a link found on every page (menus, footers) is judged once. */
const MAX_REMEMBERED = 100_000;

export class WebSource implements PageSource {
  readonly wantsLinks: boolean;
  private readonly depth: number;
  private readonly maxPages: number;
  private readonly scope: Scope;
  private readonly filter: UrlFilter;
  private readonly frontier: Frontier;
  private readonly series = new NumberSeriesGuard();
  /** links as found on pages, already judged */
  private readonly judged = new Set<string>();
  private readonly refused = new Set<string>();
  /** pages reached through a redirect: scanned under the redirecting URL, not fetched again */
  private readonly claimed = new Set<string>();
  private readonly log: (line: string) => void;
  private readonly counts = { done: 0, active: 0, rendered: 0, rendering: 0, robots: 0, overBudget: 0, traps: 0, outOfScope: 0, sitemapOutOfScope: 0 };
  /** the address policy of rendered pages (fetches check theirs in the fetcher) */
  private readonly addresses: AddressPolicy;
  private browserMissing = false;
  private fetcher?: PageFetcher;
  /** a page's resource (an image for --ocr), fetched politely while the crawl runs */
  readonly resource: ResourceFetch = async (url, signal) => {
    if (!this.fetcher) return { status: 0, error: 'the crawl is over' };
    return this.fetcher.resource(url, signal);
  };

  constructor(private readonly options: WebSourceOptions) {
    this.depth = options.depth ?? WEB_DEFAULTS.depth;
    this.maxPages = options.maxPages ?? WEB_DEFAULTS.maxPages;
    this.wantsLinks = this.depth > 0 || options.followDocuments !== false;
    this.scope = new Scope(options.scope ?? WEB_DEFAULTS.scope);
    this.filter = new UrlFilter(options.include, options.exclude);
    this.frontier = options.frontier ?? new MemoryFrontier();
    this.log = options.log ?? (() => {});
    this.addresses = new AddressPolicy(this.addressPolicyOptions());
  }

  /** Private addresses are reached only for the origins the user named (start URLs, sitemaps), or with allowPrivate. */
  private addressPolicyOptions(): AddressPolicyOptions {
    return { allowPrivate: Boolean(this.options.allowPrivate), allowedOrigins: [...this.options.urls, ...(this.options.sitemaps ?? [])] };
  }

  /** Did --max-pages leave URLs unscanned? (then pages not read are not "gone" in the next diff) */
  get budgetReached(): boolean {
    return this.counts.overBudget > 0;
  }

  /** Sitemap entries left out for being outside the scope (another host than the sitemaps and start URLs). */
  get sitemapOutOfScope(): number {
    return this.counts.sitemapOutOfScope;
  }

  get stats(): CrawlStats {
    return { done: this.counts.done, waiting: this.frontier.waiting, active: this.counts.active, rendered: this.counts.rendered, rendering: this.counts.rendering };
  }

  async run(handle: PageHandler, signal: AbortSignal): Promise<void> {
    // every page in flight listens for Ctrl-C (queues, waits): hundreds at once are expected
    setMaxListeners(0, signal);
    const o = this.options;
    const ua = o.userAgent ?? userAgent();
    const fetcherOptions: PageFetcherOptions = {
      ...DEFAULT_FETCHER_OPTIONS,
      userAgent: ua,
      timeoutMs: o.timeoutMs ?? WEB_DEFAULTS.timeoutMs,
      maxBytes: o.maxBytes ?? WEB_DEFAULTS.maxBytes,
      retry: { ...DEFAULT_RETRY, retries: o.retries ?? WEB_DEFAULTS.retries },
      respectRobots: !o.ignoreRobots,
      politeness: { concurrency: o.concurrency ?? WEB_DEFAULTS.concurrency, perHost: o.perHost ?? WEB_DEFAULTS.perHost, delayMs: o.delayMs ?? WEB_DEFAULTS.delayMs },
      scope: this.scope.mode,
      addressPolicy: this.addressPolicyOptions(),
    };
    const fetcher = o.fetchInWorker && fetchWorkerAvailable() ? new WorkerPageFetcher(fetcherOptions, this.log) : new LocalPageFetcher(fetcherOptions, this.log);
    const mode = o.render ?? WEB_DEFAULTS.render;
    const renderer =
      mode === 'never'
        ? undefined
        : new RenderPool({
            pages: o.renderPages ?? WEB_DEFAULTS.renderPages,
            timeoutMs: o.timeoutMs ?? WEB_DEFAULTS.timeoutMs,
            userAgent: ua,
            launch: o.launchBrowser,
            checkRequest: (url) => this.addresses.check(url),
            collectImages: o.collectImages,
          });
    this.fetcher = fetcher;
    try {
      for (const url of o.urls) this.admitStart(url, fetcher);
      if (o.sitemaps?.length) await this.readSitemaps(o.sitemaps, fetcher, handle, signal);
      await this.crawl(fetcher, renderer, mode, handle, signal);
    } catch (e) {
      // Ctrl-C while sitemaps were read: the scan ends with what it has, as anywhere else
      if (!(e instanceof ScanAborted) && !signal.aborted) throw e;
    } finally {
      this.fetcher = undefined;
      await renderer?.close();
      await fetcher.close();
    }
    this.summarize();
  }

  /** A start URL: always fetched (no filter), and it widens the scope. */
  private admitStart(url: string, fetcher: PageFetcher): void {
    const n = normalizeForCrawl(url);
    if (!n) return;
    this.widenScope(n.url, fetcher);
    if (this.frontier.has(n.key)) return;
    if (this.frontier.size >= this.maxPages) {
      this.counts.overBudget++;
      return;
    }
    this.frontier.add({ url: n.url, key: n.key, depth: 0 });
  }

  private widenScope(url: string, fetcher: PageFetcher): void {
    this.scope.addRoot(url);
    fetcher.addScopeRoot(url);
  }

  private async readSitemaps(sitemaps: string[], fetcher: PageFetcher, handle: PageHandler, signal: AbortSignal): Promise<void> {
    const { pages, failures } = await readSitemaps(sitemaps, (url) => fetcher.resource(url, signal), {
      maxUrls: this.maxPages,
      robotsSitemaps: (origin) => fetcher.sitemapsOf(origin, signal),
      log: this.log,
    });
    // recorded as a failed page, which the progress log prints once (not logged here as well)
    for (const failure of failures) {
      await handle({ url: failure.url, status: failure.status, error: failure.error, fetchedAt: new Date().toISOString() });
    }
    // A sitemap speaks for its own site: entries on other hosts are dropped (and counted)
    const scope = new Scope(this.scope.mode === 'domain' ? 'domain' : 'host', [...sitemaps, ...this.options.urls]);
    const inScope = pages.filter((url) => scope.contains(url));
    if (inScope.length < pages.length) {
      this.counts.sitemapOutOfScope += pages.length - inScope.length;
      this.log(`sitemap: ${pages.length - inScope.length} entr${pages.length - inScope.length === 1 ? 'y' : 'ies'} outside the scope (other hosts) dropped`);
    }
    const wanted = inScope.filter((url) => this.filter.accepts(url));
    this.log(`sitemap: ${wanted.length} page(s) to scan${wanted.length < inScope.length ? ` (${inScope.length - wanted.length} left out by --include/--exclude)` : ''}`);
    for (const url of wanted) this.admitStart(url, fetcher);
  }

  /** Pull pages from the frontier as fast as the politeness limits take them, until none is left. */
  private crawl(fetcher: PageFetcher, renderer: RenderPool | undefined, mode: RenderMode, handle: PageHandler, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const pump = () => {
        while (!signal.aborted && this.counts.active < WINDOW) {
          const entry = this.frontier.next();
          if (!entry) break;
          this.counts.active++;
          this.visit(entry, fetcher, renderer, mode, handle, signal)
            .catch((e: unknown) => {
              if (!signal.aborted && !(e instanceof ScanAborted)) this.log(`${entry.url}: internal error: ${(e as Error).message}`);
            })
            .finally(() => {
              this.counts.active--;
              pump();
            });
        }
        if (this.counts.active === 0) resolve();
      };
      pump();
    });
  }

  /** One page: fetch (and render), hand to the analysis, follow its links. */
  private async visit(entry: FrontierEntry, fetcher: PageFetcher, renderer: RenderPool | undefined, mode: RenderMode, handle: PageHandler, signal: AbortSignal): Promise<void> {
    // a start URL may redirect anywhere (http → https, to www.); a followed link stays in scope
    const fetched = await fetcher.page(entry.url, { followAnywhere: entry.depth === 0, signal });
    if (signal.aborted) return;
    if (fetched.disallowed) {
      this.counts.robots++;
      this.frontier.markDone(entry.key);
      // a page the user named is reported; a link the site forbids is only counted
      if (entry.depth === 0) await this.hand(handle, { url: entry.url, status: 0, error: `${fetched.note} (--ignore-robots to scan it anyway)`, fetchedAt: now(), depth: 0 });
      return;
    }
    if (entry.depth === 0 && fetched.redirects.length) this.widenScope(fetched.finalUrl, fetcher);
    if (fetched.redirects.length && this.isDuplicateTarget(entry, fetched)) {
      this.frontier.markDone(entry.key);
      await this.hand(handle, { url: entry.url, finalUrl: fetched.finalUrl, status: fetched.status, note: `redirects to ${fetched.finalUrl}, scanned under that URL`, fetchedAt: now(), depth: entry.depth });
      return;
    }
    const snapshot = await this.snapshot(entry, fetched, renderer, mode, signal);
    if (signal.aborted) return;
    const links = await this.hand(handle, snapshot);
    this.frontier.markDone(entry.key);
    if (entry.depth < this.depth) for (const link of links) this.admitLink(link, entry.depth + 1);
    // a brochure linked from a scanned page is part of what the page says, whatever the depth
    else if (this.options.followDocuments !== false) for (const link of links) if (PDF_LINK.test(link)) this.admitLink(link, entry.depth + 1);
  }

  private async hand(handle: PageHandler, snapshot: PageSnapshot): Promise<string[]> {
    const links = await handle(snapshot);
    this.counts.done++;
    return links;
  }

  /** A redirect ended on a page the crawl already has: scan it once, under its own URL. */
  private isDuplicateTarget(entry: FrontierEntry, fetched: FetchedPage): boolean {
    const target = normalizeForCrawl(fetched.finalUrl);
    if (!target || target.key === entry.key) return false;
    if (this.frontier.has(target.key) || this.claimed.has(target.key)) return true;
    // claim the target, so it is not fetched again when a link to it turns up
    this.claimed.add(target.key);
    return false;
  }

  /** The snapshot handed to the analysis: the static HTML, or the DOM after rendering when asked for. */
  private async snapshot(entry: FrontierEntry, fetched: FetchedPage, renderer: RenderPool | undefined, mode: RenderMode, signal: AbortSignal): Promise<PageSnapshot> {
    const notes: string[] = [];
    if (fetched.note) notes.push(fetched.note);
    const base: PageSnapshot = {
      url: entry.url,
      ...(fetched.finalUrl !== entry.url ? { finalUrl: fetched.finalUrl } : {}),
      status: fetched.status,
      ...(fetched.contentType ? { contentType: fetched.contentType } : {}),
      fetchedAt: now(),
      depth: entry.depth,
      ...(fetched.error ? { error: fetched.error } : {}),
    };
    if (!fetched.body) return withNotes(base, notes);
    const bytes = fetched.body.byteLength;
    if (isPdf(fetched.contentType, fetched.body)) return withNotes(await this.pdfSnapshot(base, fetched, bytes), notes);
    if (fetched.truncated) notes.push(`truncated at ${formatBytes(bytes)}`);
    let html = decodeHtml(fetched.body, fetched.contentType);
    let rendered = false;
    let steps: string[] | undefined;
    let images: PageSnapshot['images'];
    // a short page that speaks of cookies or of the visitor's age: a visitor would click through it
    const hint = renderHint(html);
    const wall = hint.text < WALL_TEXT && WALL_WORDS.test(html);
    const wanted = mode === 'always' || (mode === 'auto' && (wall || hint.render));
    if (renderer && wanted && !this.browserMissing) {
      try {
        // the first renders start a browser and take a few seconds: say so (auto mode renders few pages)
        if (mode === 'auto' && this.counts.rendered + this.counts.rendering < 5) this.log(`rendering ${fetched.finalUrl} in Chromium (its HTML holds little text: a script writes it)`);
        this.counts.rendering++;
        let page;
        try {
          page = await renderer.render(fetched.finalUrl, signal);
          if (page.steps?.length) steps = page.steps;
          images = page.images;
        } finally {
          this.counts.rendering--;
        }
        html = page.html;
        rendered = true;
        // the page is recorded where the browser ended (a script may navigate elsewhere)
        if (page.finalUrl && page.finalUrl !== 'about:blank' && page.finalUrl !== entry.url) base.finalUrl = page.finalUrl;
        this.counts.rendered++;
      } catch (e) {
        if (e instanceof ScanAborted || signal.aborted) throw e;
        if (!(e instanceof BrowserUnavailableError)) notes.push(`rendering failed (${(e as Error).message}); static HTML scanned`);
        else {
          this.browserMissing = true;
          this.log(`rendering off: ${e.message === installHint() ? e.message : `${e.message}. ${installHint()}`}; pages are scanned as static HTML`);
        }
      }
    }
    if (wanted && this.browserMissing) notes.push('not rendered: no Chromium');
    return withNotes({ ...base, html, sha256: fetched.sha256, bytes, ...(rendered ? { rendered } : {}), ...(steps ? { steps } : {}), ...(images?.length ? { images } : {}) }, notes);
  }

  /** A PDF: its text page by page, or why it could not be read. */
  private async pdfSnapshot(base: PageSnapshot, fetched: FetchedPage, bytes: number): Promise<PageSnapshot> {
    const head = { ...base, contentType: base.contentType ?? 'application/pdf', sha256: fetched.sha256, bytes };
    if (fetched.truncated) return { ...head, error: `PDF larger than ${formatBytes(Math.max(bytes, MAX_PDF_BYTES))}: not read` };
    try {
      const pdf = await readPdf(fetched.body!, this.options.pdf ?? PDF_LIMITS);
      return { ...head, pdf, ...(pdf.pageCount > pdf.pages.length ? { note: `PDF of ${pdf.pageCount} pages: the first ${pdf.pages.length} read` } : {}) };
    } catch (e) {
      if (!(e instanceof PdfError)) throw e;
      return { ...head, error: e.message };
    }
  }

  /** A link found on a page at `depth - 1`: queued when new, in scope, wanted, sane and within budget. */
  private admitLink(link: string, depth: number): void {
    if (this.judged.has(link)) return;
    if (this.judged.size >= MAX_REMEMBERED) this.judged.clear();
    this.judged.add(link);
    const n = normalizeForCrawl(link);
    if (!n || this.frontier.has(n.key) || this.refused.has(n.key) || this.claimed.has(n.key)) return;
    const url = new URL(n.url);
    let refusal: 'outOfScope' | 'traps' | 'overBudget' | undefined;
    if (!this.scope.contains(url) || !this.filter.accepts(n.url)) refusal = 'outOfScope';
    else if (trapReason(url) || !this.series.admit(url)) refusal = 'traps';
    else if (this.frontier.size >= this.maxPages) refusal = 'overBudget';
    if (!refusal) {
      this.frontier.add({ url: n.url, key: n.key, depth });
      return;
    }
    // counted once per URL, however many pages link to it
    this.counts[refusal]++;
    if (this.refused.size >= MAX_REMEMBERED) this.refused.clear();
    this.refused.add(n.key);
  }

  private summarize(): void {
    const c = this.counts;
    if (c.robots) this.log(`robots.txt: ${c.robots} URL(s) not fetched`);
    if (c.overBudget) this.log(`--max-pages ${this.maxPages} reached: ${c.overBudget} more URL(s) not scanned`);
    if (c.traps) this.log(`${c.traps} URL(s) skipped as likely crawl traps (endless calendars, repeating paths, long URLs)`);
  }
}

function withNotes(snapshot: PageSnapshot, notes: string[]): PageSnapshot {
  const all = snapshot.note ? [...notes, snapshot.note] : notes;
  return all.length ? { ...snapshot, note: all.join('; ') } : snapshot;
}

/** Links to PDF documents (by their path). */
const PDF_LINK = /\.pdf(?:$|[?#])/i;

/** Words of a consent wall or an age gate, on a page with little other text. */
const WALL_WORDS = /cookie|consent|traceurs|(?:18|21) (?:ans|years)|âge légal|legal age|age verification|vérification de l'âge|majeur/i;
/** Visible characters below which such a page may be only the wall. */
const WALL_TEXT = 900;

function now(): string {
  return new Date().toISOString();
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MB` : `${Math.round(n / 1024)} KB`;
}
