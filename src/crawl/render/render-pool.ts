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
  /** page load timeout */
  timeoutMs: number;
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
    try {
      const response = await page.goto(url, { waitUntil: 'load', timeout: this.options.timeoutMs });
      await page.waitForLoadState('networkidle', { timeout: SETTLE_MS }).catch(() => {});
      const steps = await actAsVisitor(page);
      if (await scrollThrough(page)) await page.waitForLoadState('networkidle', { timeout: SETTLE_MS }).catch(() => {});
      const html = await page.content();
      const images = this.options.collectImages ? await largeImages(page) : undefined;
      reusable = true;
      return { html, finalUrl: page.url(), status: response?.status(), steps, ...(images ? { images } : {}) };
    } catch (e) {
      if (signal?.aborted) throw new ScanAborted('scan aborted');
      throw new Error(firstLine((e as Error).message));
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (reusable && !this.closed) this.idle.push(page);
      else await page.close().catch(() => {});
    }
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
      await context.route('**/*', (route) => (BLOCKED_RESOURCES.has(route.request().resourceType()) ? route.abort() : route.continue()));
      browser.on('disconnected', () => {
        if (!this.closed) this.browser = undefined;
        this.idle.length = 0;
      });
      return { browser, context };
    })();
    return this.browser;
  }
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
