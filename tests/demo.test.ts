/**
 * `claimscan demo` end to end: serves the bundled site, crawls it (rendering the JavaScript
 * page), writes the HTML report with screenshots; then the report is used in Chromium like a
 * reviewer would: filters and search change the counts shown. One browser for the file.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/crawl/render/browser.js';
import type { ViewModel } from '../src/report/html/view-model.js';
import { ROOT, runCli, TAXONOMY_IDS, tempDir } from './helpers.js';
import { axeViolations } from './support/axe.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const shown = (page: Page) => page.$eval('#shown-count', (el) => Number((el as HTMLElement).dataset.shown));
const waitShown = (page: Page, n: number) => page.waitForFunction((count) => document.getElementById('shown-count')!.dataset.shown === String(count), n);

describe('claimscan demo', () => {
  const dir = tempDir();
  let reportFile = '';
  let data: ViewModel;

  it('serves the demo site, scans it and prints the path of the HTML report in reports/', async () => {
    const r = await runCli(['demo', '--quiet'], { cwd: dir, timeoutMs: 120_000, env: { CLAIMSCAN_OCR_CACHE: join(dir, 'ocr-cache') } });
    expect(r.code, r.stderr).toBe(0);
    const printed = r.stdout.match(/^Demo report: (reports\/\d{4}-\d{2}-\d{2}_\d{6}_demo\.html)$/m);
    expect(printed, r.stdout).not.toBeNull();
    reportFile = join(dir, printed![1]);
    expect(readFileSync(join(dir, 'reports/latest.html'), 'utf8')).toBe(readFileSync(reportFile, 'utf8'));
    const html = readFileSync(reportFile, 'utf8');
    data = JSON.parse(html.match(/<script type="application\/json" id="claimscan-data">([^]*?)<\/script>/)![1]);
  }, 150_000);

  it('finds claims of every category, in French and English, on the JavaScript-rendered page too, and none on the risk pages', () => {
    expect(new Set(data.findings.map((f) => f.cat))).toEqual(new Set(TAXONOMY_IDS));
    const langs = new Set(data.findings.map((f) => data.pages[f.p].url.includes('/en/') ? 'en' : 'fr'));
    expect(langs).toEqual(new Set(['fr', 'en']));
    const rendered = data.pages.find((p) => p.url.endsWith('/en/results.html'))!;
    expect(rendered.rendered).toBe(true);
    expect(data.findings.some((f) => data.pages[f.p] === rendered && /cellulite/.test(f.text))).toBe(true);
    expect(data.pages.some((p) => /risques|risks/.test(p.url))).toBe(false); // pages with findings only
    // the PDF brochure (claim on its page 2) and the banner's text (--ocr)
    const pdf = data.pages.findIndex((p) => p.url.endsWith('/brochure-mesotherapie.pdf'));
    expect(data.findings.filter((f) => f.p === pdf).map((f) => f.live)).toContainEqual(expect.stringMatching(/brochure-mesotherapie\.pdf#page=2$/));
    expect(readFileSync(reportFile, 'utf8')).toMatch(/id="image-claims"[^]*banniere-mesolift\.png/);
    const html = readFileSync(reportFile, 'utf8');
    expect(html).toMatch(/id="sum-pages">(\d+)</);
    expect(Number(html.match(/id="sum-pages">(\d+)</)![1])).toBeGreaterThan(data.pages.length); // the risk pages were scanned
  });

  it('shows a page-level finding with what was looked for and where the page’s claims are, and quotes translated only across languages', () => {
    const pageLevel = data.findings.filter((f) => f.cat === 'page.no-risk-disclosure');
    expect(pageLevel.length).toBeGreaterThan(0);
    for (const f of pageLevel) {
      expect(f.pe, f.id).toBeDefined();
      expect(f.pe!.checked).toBeGreaterThan(0);
      expect(f.pe!.lookedFor.some((p) => /risque|risk/.test(p))).toBe(true);
      const claimsOnPage = data.findings.filter((g) => g.p === f.p && g.cat !== 'page.no-risk-disclosure');
      // every claim sentence of the page is listed (once), with its element
      expect(new Set(f.pe!.claims.map((c) => c.text))).toEqual(new Set(claimsOnPage.map((g) => g.text)));
      // a PDF has no elements; a claim read in a banner (--ocr) stands in its <img>
      if (!data.pages[f.p].url.endsWith('.pdf')) for (const c of f.pe!.claims) expect(c.sel).toMatch(/^(html|#|img\[src\$=")/);
    }
    for (const f of data.findings) {
      const src = data.sources[f.src];
      const pageLang = data.pages[f.p].url.includes('/en/') ? 'en' : 'fr';
      const quoteLang = src.document === 'HAS' ? 'en' : 'fr';
      expect(src.quote.length).toBeGreaterThan(10); // verbatim, always
      if (pageLang === quoteLang) expect(src.tr, src.quote).toBe('');
      else expect([src.trLang, src.tr.length > 10]).toEqual([pageLang, true]);
    }
  });

  it('keeps a screenshot of each page with findings beside the report, with fetch time and hash', () => {
    const evidence = reportFile.replace(/\.html$/, '.evidence');
    const shots = readdirSync(evidence).filter((f) => f.endsWith('.png'));
    // the PDF brochure's findings link to their page of the file instead
    const webPages = data.pages.filter((p) => !p.url.endsWith('.pdf'));
    expect(shots).toHaveLength(webPages.length);
    for (const p of webPages) {
      expect(p.screenshot).toMatch(/^\d{4}-\d{2}-\d{2}_\d{6}_demo\.evidence\/[0-9a-f]{16}\.png$/);
      expect(existsSync(join(dir, 'reports', p.screenshot))).toBe(true);
      expect(p.fetchedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('is read in Chromium: filters, search and sort change the counts shown', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1700 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(pathToFileURL(reportFile).href);
      await page.waitForSelector('#shown-count[data-shown]');
      const total = data.findings.length;
      expect(await shown(page)).toBe(total);
      expect(await page.textContent('#shown-count')).toContain(`${total} constats affichés sur ${total}`);

      const high = data.findings.filter((f) => f.sev === 'high').length;
      await page.uncheck('input[name="f-sev"][value="high"]');
      await waitShown(page, total - high);
      await page.check('input[name="f-sev"][value="high"]');
      await waitShown(page, total);

      const safety = data.findings.filter((f) => f.cat === 'safety.no-risk').length;
      await page.click('tr[data-filter="cat"][data-value="safety.no-risk"]'); // from the summary table
      await waitShown(page, safety);
      expect(await page.inputValue('#f-category')).toBe('safety.no-risk');

      await page.click('#f-reset');
      const melts = data.findings.filter((f) => f.text.includes('melts away')).length; // one sentence, two claims
      await page.fill('#f-search', 'melts away');
      await waitShown(page, melts);
      expect(melts).toBeLessThan(total);
      expect(await page.locator('article.finding mark').allTextContents()).toContain('melts away cellulite');
      // one card for the sentence, with both its categories, each with its message and source
      expect(melts).toBeGreaterThan(1);
      expect(await page.locator('article.finding').count()).toBe(1);
      expect(await page.locator('article.finding section.hit').count()).toBe(melts);
      expect(await page.locator('article.finding blockquote.sentence').count()).toBe(1);
      // the demo's server is gone once it exits: the link opens the bundled copy of the page
      const live = (await page.locator('article.finding a.live').first().getAttribute('href'))!;
      expect(live).toMatch(/^file:\/\/\/.*\/demo\/site\/en\/results\.html#:~:text=/);
      expect(existsSync(new URL(live.replace(/#.*$/, '')))).toBe(true);

      const withAccents = data.findings.filter((f) => f.text.toLowerCase().includes('mésothérapie') || f.msg.toLowerCase().includes('mésothérapie')).length;
      await page.fill('#f-search', 'MESOTHERAPIE'); // neither case nor accents matter
      expect(withAccents).toBeGreaterThan(melts);
      await page.waitForFunction((n) => Number(document.getElementById('shown-count')!.dataset.shown) >= n, withAccents);

      await page.click('#f-reset');
      await waitShown(page, total);
      await page.selectOption('#f-sort', 'address');
      const firstPage = await page.locator('.page h3 a').first().textContent();
      await page.selectOption('#f-sort', 'count');
      expect(await page.locator('.page h3 .n').first().textContent()).toMatch(/^\d+ constats$/);
      expect(firstPage).toBeTruthy();

      // the screenshot stored beside the report opens from disk
      await page.locator('.shot-toggle').first().click();
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('.shot img');
        return Boolean(img && img.complete && img.naturalWidth > 0);
      });

      await page.click('#f-reset');
      await page.selectOption('#f-sort', 'severity');
      await waitShown(page, total);
      // WCAG 2 A/AA and best practice: no violation, with the findings drawn
      expect(await axeViolations(page)).toEqual([]);
      await page.evaluate(() => window.scrollTo(0, 0));
      const shotFile = join(dir, 'report-screenshot.png');
      await page.screenshot({ path: shotFile });
      expect(readFileSync(shotFile).subarray(1, 4).toString()).toBe('PNG');
      // a page-level finding and a card of two categories, side by side, for the docs
      const cardsFile = join(dir, 'report-cards.png');
      await page.selectOption('#f-site', { index: 1 });
      await page.fill('#f-search', 'melts away');
      await waitShown(page, melts);
      await page.fill('#f-search', '');
      await page.locator('article.finding:has(.page-evidence)').first().scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, -140));
      await page.screenshot({ path: cardsFile });
      if (process.env.UPDATE_DOCS_SCREENSHOT) {
        mkdirSync(join(ROOT, 'docs'), { recursive: true });
        copyFileSync(shotFile, join(ROOT, 'docs/report-screenshot.png'));
        copyFileSync(cardsFile, join(ROOT, 'docs/report-cards.png'));
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
