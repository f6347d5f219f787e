import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/crawl/render/browser.js';
import { startReviewServer, type ReviewServer } from '../src/review/server.js';
import { openDatabase, type Db } from '../src/store/database.js';
import type { ScanReport } from '../src/model/report-model.js';
import { page, runCli, tempDir } from './helpers.js';
import { queryDb } from './history-helpers.js';
import { axeViolations } from './support/axe.js';
import { loadShippedCategories } from '../src/analysis/rules/load.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const CLAIM = 'La mésothérapie est totalement sans danger <script>alert(2)</script>.';
const OTHER = 'Résultats garantis dès la première séance de mésothérapie.';

/** A raw HTTP request, to send the headers a browser would not. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('claimscan review', () => {
  const dir = tempDir();
  const dbPath = join(dir, 'history.db');
  let db: Db;
  let review: ReviewServer;
  let browser: Browser;
  let target = '';

  beforeAll(async () => {
    const site = join(dir, 'site');
    mkdirSync(site);
    const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    writeFileSync(join(site, 'index.html'), page({ title: `Mésothérapie ${escaped(HOSTILE)}`, lang: 'fr', body: `<h1>${escaped(HOSTILE)}</h1><p>${escaped(CLAIM)}</p><p>${OTHER}</p><p>Des hématomes sont possibles.</p>` }));
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['scan', site, '--db', dbPath, '--format', 'json', '--quiet'], { cwd: dir });
      const report = JSON.parse(r.stdout) as ScanReport;
      target = report.findings.find((f) => f.text.includes('<script>'))!.id;
    }
    db = openDatabase(dbPath);
    review = await startReviewServer({ db, dbPath, port: 0, reviewer: 'tester' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await review?.close();
    db?.close();
  });

  it('binds to loopback and escapes everything that came from a page', async () => {
    expect(review.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(`${review.url}scans/2`);
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script|<img/i);
  });

  it('refuses other hosts (DNS rebinding) and forms from elsewhere', async () => {
    expect((await raw(review.url, { headers: { host: 'attacker.example' } })).status).toBe(421);
    const form = `id=${target}&status=false-positive`;
    const noToken = await raw(`${review.url}triage`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(noToken.status).toBe(403);
    const crossSite = await raw(`${review.url}triage`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://attacker.example' }, body: form });
    expect(crossSite.status).toBe(403);
    expect(queryDb(dbPath, 'SELECT * FROM triage')).toEqual([]);
  });

  it('triages a finding as false positive in Chromium: hidden after reload, and in the audit trail', async () => {
    const tab = await browser.newPage();
    const dialogs: string[] = [];
    tab.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await tab.goto(review.url);
    // the scans over time: both scans listed
    expect(await tab.locator('main > table').first().locator('tbody tr').count()).toBe(2);
    await tab.click('a[href="/scans/2"]');
    await tab.waitForURL(/\/scans\/2$/);
    const card = tab.locator(`article[data-finding-id="${target}"]`);
    expect(await card.locator('.badge.st-unchanged').count()).toBe(1);
    await card.locator('input[name=note]').fill('the sentence quotes a patient');
    // the form posts, then the server redirects back to this same address: wait for that page to
    // load (waiting for the URL would return at once, and the reload below would race the post)
    await Promise.all([tab.waitForEvent('framenavigated', (frame) => frame === tab.mainFrame()), card.locator('button[value="false-positive"]').click()]);
    await tab.waitForLoadState('load');
    expect(tab.url()).toMatch(/\/scans\/2$/);

    await tab.reload();
    expect(await tab.locator(`article[data-finding-id="${target}"]`).count()).toBe(0);
    expect(await tab.locator('article.finding').count()).toBeGreaterThan(0); // the other findings stay
    expect(await tab.locator('main').innerText()).toContain('1 triaged as false positive or ignored');

    // still there when asked for, with its status
    await tab.goto(`${review.url}scans/2?triage=false-positive&status=any`);
    expect(await tab.locator(`article[data-finding-id="${target}"] .badge.tr`).innerText()).toBe('false positive');

    await tab.goto(`${review.url}findings/${target}`);
    const rows = await tab.locator('table.audit tbody tr').allInnerTexts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/false-positive\s+tester\s+the sentence quotes a patient\s+review/);
    expect(dialogs).toEqual([]); // no script from the page ever ran
    await tab.close();

    // the same audit trail as the CLI's
    const log = await runCli(['triage', target, '--log', '--db', dbPath, '--format', 'json'], { cwd: dir });
    expect(JSON.parse(log.stdout)[0].decisions).toEqual([expect.objectContaining({ status: 'false-positive', by: 'tester', via: 'review', note: 'the sentence quotes a patient' })]);
  });

  it('speaks French or English, shows category titles, folds accents in its search, and passes axe (WCAG 2 A/AA, best practice)', async () => {
    loadShippedCategories(); // as `claimscan review` does: category titles come from the packs
    const tab = await browser.newPage({ locale: 'en-GB' });
    try {
      await tab.goto(review.url);
      expect(await tab.getAttribute('html', 'lang')).toBe('en');
      expect(await tab.locator('h1').innerText()).toBe('Scans');
      expect(await axeViolations(tab)).toEqual([]);
      // the switch, remembered in a cookie from page to page
      await tab.click('header a.lang');
      expect(await tab.getAttribute('html', 'lang')).toBe('fr');
      expect(await tab.locator('h1').innerText()).toBe('Analyses');
      expect(await axeViolations(tab)).toEqual([]);
      await tab.goto(`${review.url}scans/2`);
      expect(await tab.getAttribute('html', 'lang')).toBe('fr');
      const main = await tab.locator('main').innerText();
      expect(main).toContain('Présentée comme sans risque ni effet indésirable'); // a title, not "safety.no-risk"
      expect(await tab.locator('select[name=category] option').allInnerTexts()).not.toContain('safety.no-risk');
      expect(await axeViolations(tab)).toEqual([]);
      const all = await tab.locator('article.finding').count();
      const withWord = await tab.locator('article.finding', { hasText: /mésothérapie/i }).count();
      expect(withWord).toBeGreaterThan(0);
      for (const q of ['mesotherapie', 'MÉSOTHÉRAPIE', 'Mesothérapie']) {
        await tab.goto(`${review.url}scans/2?q=${encodeURIComponent(q)}`);
        expect(await tab.locator('article.finding').count(), q).toBe(withWord);
      }
      await tab.goto(`${review.url}scans/2?q=zzzz`);
      expect(await tab.locator('article.finding').count()).toBe(0);
      expect(all).toBeGreaterThanOrEqual(withWord);
      // a browser that prefers French gets French without asking
      const fr = await browser.newPage({ locale: 'fr-FR' });
      await fr.goto(review.url);
      expect(await fr.getAttribute('html', 'lang')).toBe('fr');
      await fr.close();
    } finally {
      await tab.close();
    }
  });

  it('on every interface (--host 0.0.0.0) prints an address it answers at, and still refuses other names', async () => {
    const wide = await startReviewServer({ db, dbPath, host: '0.0.0.0', port: 0 });
    try {
      expect(wide.url).not.toMatch(/0\.0\.0\.0/);
      for (const url of wide.urls) expect((await raw(url, {})).status, url).toBe(200);
      expect((await raw(wide.url, { headers: { host: `attacker.example:${new URL(wide.url).port}` } })).status).toBe(421);
    } finally {
      await wide.close();
    }
  });
});
