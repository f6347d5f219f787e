/**
 * Rendering pages in Chromium (Playwright) to read the text scripts write. One browser for the
 * whole scan, started only when the first page needs it, and a few tabs reused from page to
 * page. Each render: load, let the network settle, act as a visitor (visitor-steps.ts: accept
 * the consent banner, confirm an age gate), scroll so lazy
 * content loads, then take the DOM as HTML. No downloads, no permissions, no images or fonts.
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import PQueue from 'p-queue';
import { BrowserUnavailableError, launchBrowser } from './browser.js';
import type { ImageRef } from '../../model/page-snapshot.js';
import { ScanAborted } from '../fetch/scan-aborted.js';
import { actAsVisitor, largeImages } from './visitor-steps.js';

export interface RenderPoolOptions {
  /** tabs rendering at once */
  pages: number;
  /**
   * the page-level deadline: navigation, settling, consent, scrolling, evaluation and reading
   * the DOM together; a page still busy then has its tab closed (and replaced)
   */
  timeoutMs: number;
  /** why a request of a rendered page may not go out (address policy), else undefined */
  checkRequest?: (url: string) => Promise<string | undefined>;
  userAgent: string;
  /** how Chromium is started (tests replace it) */
  launch?: () => Promise<Browser>;
  /** list the large images each page shows (for --ocr) */
  collectImages?: boolean;
}

export interface Rendered {
  html: string;
  finalUrl: string;
  status?: number;
  /** what was done as a visitor would (consent accepted, age gate confirmed) */
  steps: string[];
  /** large images shown (collectImages) */
  images?: ImageRef[];
}

/** Longest wait for the network to go quiet after load, and again after scrolling. */
const SETTLE_MS = 2500;
/** Longest wait for a tab to close before the browser is restarted instead. */
const CLOSE_MS = 5000;
const BLOCKED_RESOURCES = new Set(['image', 'media', 'font']);

export class RenderPool {
  private browser?: Promise<{ browser: Browser; context: BrowserContext }>;
  private readonly idle: Page[] = [];
  private readonly queue: PQueue;
  private closed = false;

  constructor(private readonly options: RenderPoolOptions) {
    this.queue = new PQueue({ concurrency: Math.max(1, options.pages) });
  }

  /** Has a browser been started (or tried)? */
  get started(): boolean {
    return this.browser !== undefined;
  }

  /**
   * Render one page. Throws BrowserUnavailableError when Chromium cannot be started (every
   * later call throws it too, at no cost), ScanAborted when the scan is stopped, and any
   * other error for this page alone.
   */
  render(url: string, signal?: AbortSignal): Promise<Rendered> {
    return this.queue.add(() => this.renderNow(url, signal), { signal }) as Promise<Rendered>;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.clear();
    const started = this.browser;
    this.browser = undefined;
    if (!started) return;
    try {
      const { browser } = await started;
      await browser.close();
    } catch {
      /* it never started, or is gone already */
    }
  }

  private async renderNow(url: string, signal?: AbortSignal): Promise<Rendered> {
    if (signal?.aborted || this.closed) throw new ScanAborted('scan aborted');
    const { context } = await this.start();
    const page = this.idle.pop() ?? (await newTab(context));
    const onAbort = () => void page.close().catch(() => {});
    signal?.addEventListener('abort', onAbort, { once: true });
    let reusable = false;
    // One deadline for the whole page: evaluate() and content() have no timeout of their own,
    // and a script looping forever would hold the tab (and the scan) without it.
    const timeoutMs = this.options.timeoutMs;
    const deadline = Date.now() + timeoutMs;
    const left = (ms: number) => Math.max(1, Math.min(ms, deadline - Date.now()));
    let timer: NodeJS.Timeout | undefined;
    const overtime = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RenderDeadline(`still busy after ${formatSeconds(timeoutMs)} (tab closed and replaced)`)), timeoutMs);
    });
    const steps = async (): Promise<Rendered> => {
      const response = await page.goto(url, { waitUntil: 'load', timeout: left(timeoutMs) });
      await page.waitForLoadState('networkidle', { timeout: left(SETTLE_MS) }).catch(() => {});
      const visitorSteps = await actAsVisitor(page);
      if (await scrollThrough(page)) await page.waitForLoadState('networkidle', { timeout: left(SETTLE_MS) }).catch(() => {});
      const html = await page.content();
      const images = this.options.collectImages ? await largeImages(page) : undefined;
      // a navigation the policy refused leaves the tab on Chromium's error page: not the site's text
      const refused = refusals.get(page);
      if (refused) throw new Error(refused);
      if (page.url().startsWith('chrome-error:')) throw new Error('the page navigated to an error page');
      return { html, finalUrl: page.url(), status: response?.status(), steps: visitorSteps, ...(images ? { images } : {}) };
    };
    try {
      const rendered = await Promise.race([steps(), overtime]);
      reusable = true;
      return rendered;
    } catch (e) {
      if (signal?.aborted) throw new ScanAborted('scan aborted');
      const refused = refusals.get(page);
      if (refused) throw new Error(refused);
      throw new Error(firstLine((e as Error).message));
    } finally {
      clearTimeout(timer);
      refusals.delete(page);
      signal?.removeEventListener('abort', onAbort);
      if (reusable && !this.closed) this.idle.push(page);
      else await this.closeTab(page);
    }
  }

  /**
   * Close a tab; one that does not close (its renderer hung) takes the browser down with it,
   * and the next page starts a new one.
   */
  private async closeTab(page: Page): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      page.close({ runBeforeUnload: false }).then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CLOSE_MS))),
    ]);
    clearTimeout(timer);
    if (closed || this.closed) return;
    const started = this.browser;
    this.browser = undefined;
    this.idle.length = 0;
    if (started) void started.then(({ browser }) => browser.close()).catch(() => {});
  }

  private start(): Promise<{ browser: Browser; context: BrowserContext }> {
    this.browser ??= (async () => {
      let browser: Browser;
      try {
        browser = await (this.options.launch ?? launchBrowser)();
      } catch (e) {
        if (e instanceof BrowserUnavailableError) throw e;
        throw new BrowserUnavailableError(`Chromium did not start: ${firstLine((e as Error).message)}`);
      }
      const context = await browser.newContext({
        userAgent: this.options.userAgent,
        acceptDownloads: false,
        serviceWorkers: 'block',
        locale: 'fr-FR',
        viewport: { width: 1280, height: 900 },
      });
      const check = this.options.checkRequest;
      await context.route('**/*', async (route) => {
        const request = route.request();
        if (BLOCKED_RESOURCES.has(request.resourceType())) return route.abort().catch(() => {});
        // every request of a rendered page, navigations included, passes the address policy
        const refused = check && /^https?:/i.test(request.url()) ? await check(request.url()) : undefined;
        if (!refused) return route.continue().catch(() => {});
        if (request.isNavigationRequest()) {
          try {
            const page = request.frame().page();
            if (request.frame() === page.mainFrame()) refusals.set(page, `navigation to ${request.url().slice(0, 200)} refused: ${refused}`);
          } catch {
            /* a worker's request */
          }
        }
        return route.abort('blockedbyclient').catch(() => {});
      });
      browser.on('disconnected', () => {
        if (!this.closed) this.browser = undefined;
        this.idle.length = 0;
      });
      return { browser, context };
    })();
    return this.browser;
  }
}

/** A page past its deadline. */
class RenderDeadline extends Error {}

/** Why a tab's main-frame navigation was refused by the address policy. */
const refusals = new WeakMap<Page, string>();

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

async function newTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  // pop-ups and new tabs a page opens are closed at once
  page.on('popup', (popup) => void popup.close().catch(() => {}));
  return page;
}

/** Scroll to the bottom a screen at a time (lazy loading), then back up. True when it scrolled. */
async function scrollThrough(page: Page): Promise<boolean> {
  return page
    .evaluate(async () => {
      const height = () => document.documentElement.scrollHeight;
      if (height() <= window.innerHeight) return false;
      for (let i = 0; i < 30 && window.scrollY + window.innerHeight < height(); i++) {
        window.scrollBy(0, window.innerHeight);
        await new Promise((r) => setTimeout(r, 60));
      }
      window.scrollTo(0, 0);
      return true;
    })
    .catch(() => false);
}

function firstLine(message: string): string {
  return message.split('\n')[0].slice(0, 300);
}
