import { describe, expect, it } from 'vitest';
import { MAX_PER_NUMBER_PATTERN } from '../src/crawl/targets/crawl-traps.js';
import { crawl } from './support/crawl.js';
import { html, startServer, type Route } from './support/test-server.js';

const links = (...hrefs: string[]) => hrefs.map((h) => `<a href="${h}">${h}</a>`).join(' ');

/** A clinic site: robots.txt, a sitemap index with a gzipped sitemap, a calendar, links in and out. */
async function clinicSite() {
  const routes: Record<string, Route> = {
    '/': html(`<h1>Clinique</h1>${links('/soins/', '/soins#tarifs', '/soins/?utm_source=newsletter', 'equipe', '/private/admin', 'https://other.example/', '/agenda/2031/01', 'mailto:dr@x.fr', '/old')}`),
    '/soins/': html(links('/soins/meso', '/')),
    '/soins/meso': html(links('/soins/meso/details')),
    '/soins/meso/details': html('<p>Détails.</p>'),
    '/equipe': html(links('/')),
    '/hors-liens': html('<p>Seulement dans le sitemap.</p>'),
    '/private/admin': html('<p>Admin.</p>'),
    '/old': { status: 301, headers: { location: '/' } },
    '/robots.txt': { type: 'text/plain', body: '' },
    '/sitemap.xml': { type: 'application/xml', body: '' },
    '/sitemap-pages.xml.gz': { type: 'application/gzip', gzip: false, body: '' },
  };
  const calendar: Route = (req, res) => {
    const m = /^\/agenda\/(\d{4})\/(\d{2})$/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end();
    const month = Number(m[1]) * 12 + Number(m[2]) - 1;
    const at = (k: number) => `/agenda/${Math.floor(k / 12)}/${String((k % 12) + 1).padStart(2, '0')}`;
    res.writeHead(200, { 'content-type': 'text/html' }).end(html(`<h1>Agenda</h1>${links(at(month - 1), at(month + 1))}`));
  };
  const server = await startServer(routes, calendar);
  const o = server.origin;
  routes['/robots.txt'] = { type: 'text/plain', body: `User-agent: *\nDisallow: /private/\n\nSitemap: ${o}/sitemap.xml\n` };
  routes['/sitemap.xml'] = {
    type: 'application/xml',
    body: `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${o}/sitemap-pages.xml.gz</loc></sitemap><sitemap><loc>${o}/missing-sitemap.xml</loc></sitemap></sitemapindex>`,
  };
  routes['/sitemap-pages.xml.gz'] = {
    type: 'application/gzip',
    gzip: true,
    body: `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${['/equipe', '/soins/meso', '/hors-liens', '/private/admin'].map((p) => `<url><loc>${o}${p}</loc></url>`).join('')}</urlset>`,
  };
  return server;
}

describe('crawling a site', async () => {
  const site = await clinicSite();
  const u = site.url;
  const paths = (urls: string[]) => urls.map((x) => x.slice(site.origin.length)).sort();

  it('--depth 0 scans only the pages given', async () => {
    const r = await crawl({ urls: [u('/')] });
    expect(paths(r.urls)).toEqual(['/']);
  });

  it('--depth 1 follows the links of the start page once each, in scope, as robots.txt allows', async () => {
    const before = { soins: site.count('/soins/'), admin: site.count('/private/admin'), robots: site.count('/robots.txt') };
    const r = await crawl({ urls: [u('/')], depth: 1 });
    expect(paths(r.urls)).toEqual(['/', '/agenda/2031/01', '/equipe', '/old', '/soins/']);
    expect(site.count('/soins/') - before.soins).toBe(1); // fragment, tracking parameter and trailing slash: one page
    expect(site.count('/private/admin') - before.admin).toBe(0);
    expect(site.count('/robots.txt') - before.robots).toBe(1);
    expect(r.page(u('/old'))).toMatchObject({ finalUrl: u('/'), note: `redirects to ${u('/')}, scanned under that URL` });
    expect(r.page(u('/old'))?.html).toBeUndefined();
    expect(r.log).toContain('robots.txt: 1 URL(s) not fetched');
  });

  it('--depth 2 goes one click further and records the depth of each page', async () => {
    const r = await crawl({ urls: [u('/')], depth: 2 });
    expect(paths(r.urls)).toEqual(['/', '/agenda/2031/01', '/agenda/2031/02', '/agenda/2030/12', '/equipe', '/old', '/soins/', '/soins/meso'].sort());
    expect(r.page(u('/soins/meso'))?.depth).toBe(2);
  });

  it('--scope prefix stays under the start URL\'s folder; page stays on the page', async () => {
    const prefix = await crawl({ urls: [u('/soins/')], depth: 5, scope: 'prefix' });
    expect(paths(prefix.urls)).toEqual(['/soins/', '/soins/meso', '/soins/meso/details']);
    const page = await crawl({ urls: [u('/soins/')], depth: 5, scope: 'page' });
    expect(paths(page.urls)).toEqual(['/soins/']);
  });

  it('--ignore-robots fetches what robots.txt forbids', async () => {
    const before = site.count('/private/admin');
    const r = await crawl({ urls: [u('/')], depth: 1, ignoreRobots: true });
    expect(r.urls).toContain(u('/private/admin'));
    expect(site.count('/private/admin') - before).toBe(1);
  });

  it('reports a start URL that robots.txt forbids, with how to override', async () => {
    const r = await crawl({ urls: [u('/private/admin')] });
    expect(r.pages[0]).toMatchObject({ status: 0, error: 'disallowed by robots.txt (--ignore-robots to scan it anyway)' });
  });

  it('--sitemap reads a sitemap index and its gzipped sitemaps; a broken one is reported and the scan goes on', async () => {
    const r = await crawl({ urls: [], sitemaps: [u('/sitemap.xml')] });
    expect(paths(r.urls)).toEqual(['/equipe', '/hors-liens', '/missing-sitemap.xml', '/private/admin', '/soins/meso']);
    expect(r.page(u('/missing-sitemap.xml'))).toMatchObject({ status: 404, error: 'sitemap not read: HTTP 404 Not Found' });
    expect(r.page(u('/private/admin'))?.error).toMatch(/disallowed by robots\.txt/);
    expect(r.page(u('/hors-liens'))?.html).toContain('Seulement dans le sitemap.');
  });

  it('--sitemap with a site root finds the sitemaps its robots.txt lists', async () => {
    const r = await crawl({ urls: [], sitemaps: [u('/')], exclude: ['/private/'] });
    expect(paths(r.urls)).toEqual(['/equipe', '/hors-liens', '/missing-sitemap.xml', '/soins/meso']);
    expect(r.log).toContain(`sitemap: ${site.origin} lists 1 sitemap(s) in its robots.txt`);
  });

  it('--max-pages bounds the scan and says how much was left', async () => {
    const r = await crawl({ urls: [u('/')], depth: 10, maxPages: 3 });
    expect(paths(r.urls)).toEqual(['/', '/equipe', '/soins/']);
    // each URL left out counted once: /private/admin, /agenda/2031/01, /old, then /soins/meso
    expect(r.log).toContain('--max-pages 3 reached: 4 more URL(s) not scanned');
  });

  it('--include and --exclude choose which links are followed', async () => {
    const only = await crawl({ urls: [u('/')], depth: 3, include: ['/soins'] });
    expect(paths(only.urls)).toEqual(['/', '/soins/', '/soins/meso', '/soins/meso/details']);
    const not = await crawl({ urls: [u('/')], depth: 1, exclude: ['/agenda/', 'equipe'] });
    expect(paths(not.urls)).toEqual(['/', '/old', '/soins/']);
  });

  it('stops an endless calendar: the numbered series is cut, the crawl ends', async () => {
    const r = await crawl({ urls: [u('/agenda/2031/01')], depth: 100_000, maxPages: 100_000, perHost: 8 });
    expect(r.pages.length).toBe(MAX_PER_NUMBER_PATTERN + 1); // the start page and the series
    expect(r.log.some((l) => /URL\(s\) skipped as likely crawl traps/.test(l))).toBe(true);
  });
});

describe('politeness', async () => {
  const slowPages: Record<string, Route> = { '/': html(links(...Array.from({ length: 12 }, (_, i) => `/p${i}`))) };
  for (let i = 0; i < 12; i++) slowPages[`/p${i}`] = { body: html(`<p>page ${i}</p>`), delayMs: 40 };

  it('--per-host limits the requests in flight to one site', async () => {
    const narrow = await startServer(slowPages);
    await crawl({ urls: [narrow.url('/')], depth: 1, perHost: 2 });
    expect(narrow.peakInFlight).toBe(2);
    const wide = await startServer(slowPages);
    await crawl({ urls: [wide.url('/')], depth: 1, perHost: 6 });
    expect(wide.peakInFlight).toBeGreaterThan(2);
  });

  it('--delay spaces the requests to one site', async () => {
    const server = await startServer(slowPages);
    await crawl({ urls: [server.url('/')], depth: 1, maxPages: 4, delayMs: 150, perHost: 4 });
    const starts = server.hits.filter((h) => h.path !== '/robots.txt').map((h) => h.at);
    expect(starts).toHaveLength(4);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(140);
  });

  it('scans a list of sites in parallel, each within its own limits', async () => {
    const a = await startServer(slowPages);
    const b = await startServer(slowPages);
    await crawl({ urls: [a.url('/'), b.url('/')], depth: 1, perHost: 1, concurrency: 8 });
    expect([a.peakInFlight, b.peakInFlight]).toEqual([1, 1]);
    const pagesOf = (s: typeof a) => s.hits.filter((h) => h.path.startsWith('/p')).map((h) => h.at);
    // b's pages were fetched while a's were still being fetched
    expect(Math.min(...pagesOf(b))).toBeLessThan(Math.max(...pagesOf(a)));
  });

  it('honours a Crawl-delay from robots.txt', async () => {
    const server = await startServer({ ...slowPages, '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nCrawl-delay: 0.2\n' } });
    await crawl({ urls: [server.url('/')], depth: 1, maxPages: 3, perHost: 4 });
    const starts = server.hits.filter((h) => h.path !== '/robots.txt').map((h) => h.at);
    // measured where the requests arrive, so one late arrival can shorten the next gap: the gaps
    // together must add up to the delay each (a crawl without it takes a few ms per page)
    expect(starts.length).toBe(3);
    expect(starts[starts.length - 1] - starts[0]).toBeGreaterThanOrEqual(2 * 190);
  });

  it('takes an unreachable robots.txt as "crawl nothing" and says so', async () => {
    const server = await startServer({ '/': html('<p>x</p>'), '/robots.txt': { status: 503, type: 'text/plain', body: 'down' } });
    const r = await crawl({ urls: [server.url('/')] });
    expect(server.count('/')).toBe(0);
    expect(r.pages[0].error).toMatch(/^robots\.txt could not be read \(HTTP 503 Service Unavailable\)/);
    expect(r.log.some((l) => l.includes('none of its pages are scanned (--ignore-robots to scan anyway)'))).toBe(true);
  });
});

describe('stopping', () => {
  it('ends quietly when stopped while sitemaps are read', async () => {
    const server = await startServer({ '/sitemap.xml': { type: 'application/xml', body: '<urlset></urlset>', delayMs: 2000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const r = await crawl({ urls: [], sitemaps: [server.url('/sitemap.xml')] }, controller.signal);
    expect(r.pages).toEqual([]);
  });
});
