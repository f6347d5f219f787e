/**
 * Rendering in real Chromium (Debian's /usr/bin/chromium, or CLAIMSCAN_CHROMIUM): a page whose
 * text only exists after its JavaScript runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrowserUnavailableError, INSTALL_HINT } from '../src/crawl/render/browser.js';
import type { ScanReport } from '../src/model/report-model.js';
import { runCli, tempDir } from './helpers.js';
import { crawl } from './support/crawl.js';
import { startServer } from './support/test-server.js';

const SHELL = (script: string) =>
  `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Mésothérapie à Paris</title><script src="/${script}"></script></head><body><div id="root"></div></body></html>`;

// The claim arrives by fetch() after load: the renderer must wait for the network to settle.
const APP = `
document.addEventListener('DOMContentLoaded', async () => {
  const res = await fetch('/api/content');
  const data = await res.json();
  document.getElementById('root').innerHTML = '<h1>Mésothérapie</h1><p>' + data.text + '</p>';
});`;

// A consent banner in the way, and a section that only loads when scrolled into view.
const BUSY_APP = `
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('root').innerHTML =
    '<div id="consent" style="position:fixed;bottom:0"><p>Nous utilisons des cookies pour mesurer l’audience.</p><button>Tout accepter</button></div>' +
    '<h1>Mésothérapie</h1><p>Nos séances durent trente minutes.</p><div style="height:3000px"></div><section id="lazy"></section>';
  document.querySelector('#consent button').addEventListener('click', () => document.getElementById('consent').remove());
  new IntersectionObserver((entries, obs) => {
    if (entries.some((e) => e.isIntersecting)) {
      document.getElementById('lazy').innerHTML = '<p>Des hématomes peuvent apparaître après la séance.</p>';
      obs.disconnect();
    }
  }).observe(document.getElementById('lazy'));
});`;

describe('rendering JavaScript pages in Chromium', async () => {
  const server = await startServer({
    '/': SHELL('app.js'),
    '/app.js': { type: 'text/javascript', body: APP },
    '/api/content': { type: 'application/json', body: JSON.stringify({ text: 'La mésothérapie est totalement sans danger et sans effets secondaires.' }), delayMs: 150 },
    '/busy': SHELL('busy.js'),
    '/busy.js': { type: 'text/javascript', body: BUSY_APP },
    '/static': '<!doctype html><html lang="fr"><head><title>Statique</title></head><body><p>Le mésolift redonne de l’éclat au teint.</p></body></html>',
  });
  const dir = tempDir();

  it('--render auto renders a client-rendered page and finds its claim, reported under the page URL', async () => {
    const out = join(dir, 'auto.json');
    const r = await runCli(['scan', server.url('/'), server.url('/static'), '--format', 'json', '--output', out, '--no-history'], { cwd: dir });
    expect(r.stderr).not.toMatch(/no Chromium/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
    expect(report.pages.find((p) => p.url === server.url('/'))).toMatchObject({ status: 200, rendered: true, title: 'Mésothérapie à Paris' });
    // a page with its text in the HTML is not rendered
    expect(report.pages.find((p) => p.url === server.url('/static'))?.rendered).toBeUndefined();
    const claims = report.findings.filter((f) => f.url === server.url('/')).map((f) => f.category);
    expect(claims).toContain('safety.no-risk');
  });

  it('--render never reads the static HTML only: the claim is not there', async () => {
    const out = join(dir, 'never.json');
    await runCli(['scan', server.url('/'), '--render', 'never', '--format', 'json', '--output', out, '--no-history'], { cwd: dir });
    const report = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
    expect(report.pages[0].rendered).toBeUndefined();
    expect(report.findings.map((f) => f.category)).not.toContain('safety.no-risk');
  });

  it('dismisses the cookie banner and scrolls so lazy content loads', async () => {
    const r = await crawl({ urls: [server.url('/busy')], render: 'always' });
    const page = r.pages[0];
    expect(page.rendered).toBe(true);
    expect(page.html).toContain('Des hématomes peuvent apparaître après la séance.');
    expect(page.html).not.toContain('Nous utilisons des cookies');
  });

  it('without Chromium, says how to install it and still scans the static HTML', async () => {
    const r = await crawl({
      urls: [server.url('/'), server.url('/static')],
      render: 'auto',
      launchBrowser: () => Promise.reject(new BrowserUnavailableError(INSTALL_HINT)),
    });
    expect(r.log.filter((l) => l.includes(INSTALL_HINT))).toHaveLength(1);
    expect(r.page(server.url('/'))).toMatchObject({ status: 200, note: 'not rendered: no Chromium' });
    expect(r.page(server.url('/static'))?.html).toContain('Le mésolift');
  });
});
