/**
 * A scanned site trying to steer the crawler: redirects and links into the scanner's own
 * network (loopback on another port, cloud metadata, a name that resolves to 127.0.0.1),
 * sitemaps listing other sites, a rendered page that loops forever or navigates away.
 * In-process, on local servers; rendering in the real Chromium.
 */
import { describe, expect, it } from 'vitest';
import { AddressPolicy, addressKind } from '../src/crawl/fetch/address-policy.js';
import { crawl } from './support/crawl.js';
import { html, startServer } from './support/test-server.js';

describe('address policy', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['93.184.216.34', undefined],
    ['172.32.0.1', undefined],
    ['2606:4700::1111', undefined],
  ])('%s is %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it('refuses private addresses except on the origins the user named, or with allowPrivate', async () => {
    const policy = new AddressPolicy({ allowedOrigins: ['http://127.0.0.1:8080/start'] });
    expect(policy.refusal('http://127.0.0.1:8080/other', '127.0.0.1')).toBeUndefined();
    expect(policy.refusal('http://127.0.0.1:9090/', '127.0.0.1')).toMatch(/127\.0\.0\.1 is a loopback address/);
    // a public-looking name is judged by the address it resolves to
    expect(policy.refusal('https://clinique.example/', '10.0.0.7')).toBe(
      'address refused: clinique.example (10.0.0.7) is a private address (only reached when a start URL is on it, or with --allow-private)',
    );
    expect(policy.refusal('https://clinique.example/', '93.184.216.34')).toBeUndefined();
    expect(await policy.check('http://169.254.169.254/latest/meta-data/')).toMatch(/metadata address/);
    expect(await policy.check('http://localhost:8080/')).toMatch(/localhost \((127\.0\.0\.1|::1)\) is a loopback address/);
    expect(await new AddressPolicy({ allowPrivate: true }).check('http://169.254.169.254/')).toBeUndefined();
  });

  it('does not follow a start URL redirecting to another port, to the metadata address or to a name of 127.0.0.1', async () => {
    const internal = await startServer({ '/secret': html('<p>Mot de passe interne : hunter2.</p>') });
    const port = new URL(internal.origin).port;
    const site = await startServer({
      '/to-port': { status: 302, headers: { location: `${internal.origin}/secret` } },
      '/to-metadata': { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } },
      '/to-name': { status: 302, headers: { location: `http://localhost:${port}/secret` } },
      '/links': html(`<a href="${internal.origin}/secret">interne</a>`),
    });
    const r = await crawl({ urls: [site.url('/to-port'), site.url('/to-metadata'), site.url('/to-name'), site.url('/links')], depth: 1, scope: 'domain' });
    expect(r.page(site.url('/to-port'))?.note).toMatch(new RegExp(`not followed: address refused: 127\\.0\\.0\\.1 is a loopback address`));
    expect(r.page(site.url('/to-metadata'))?.note).toMatch(/not followed: address refused: 169\.254\.169\.254 is a metadata address/);
    expect(r.page(site.url('/to-name'))?.note).toMatch(/not followed: address refused: localhost \(.+\) is a loopback address/);
    // a link to the other port is refused too, before any request
    const linked = r.page(`${internal.origin}/secret`);
    expect(linked?.error).toMatch(/address refused/);
    expect(internal.count('/secret')).toBe(0);
    expect(r.pages.some((p) => p.html?.includes('hunter2'))).toBe(false);
  });

  it('reaches them when the user named that origin, or with allowPrivate', async () => {
    const internal = await startServer({ '/secret': html('<p>Intranet.</p>') });
    const site = await startServer({ '/to-port': { status: 302, headers: { location: `${internal.origin}/secret` } } });
    const named = await crawl({ urls: [internal.url('/secret')] });
    expect(named.pages[0].html).toContain('Intranet.');
    const allowed = await crawl({ urls: [site.url('/to-port')], allowPrivate: true });
    expect(allowed.pages[0]).toMatchObject({ finalUrl: internal.url('/secret') });
    expect(allowed.pages[0].html).toContain('Intranet.');
  });
});

describe('sitemaps stay on their site', () => {
  it('drops and counts entries on other hosts', async () => {
    const site = await startServer({
      '/a': html('<p>A.</p>'),
      '/b': html('<p>B.</p>'),
    });
    const o = site.origin;
    const other = ['http://intranet.invalid/admin', 'https://autre-clinique.example/', 'http://169.254.169.254/latest/'];
    // the sitemap's own site is what the user named: another host is out of scope
    const sitemap = `<urlset>${[`${o}/a`, `${o}/b`, ...other].map((u) => `<url><loc>${u}</loc></url>`).join('')}</urlset>`;
    const server2 = await startServer({ '/sitemap.xml': { type: 'application/xml', body: sitemap } });
    const sitemapUrl = server2.url('/sitemap.xml').replace('127.0.0.1', 'localhost');
    // served from localhost:PORT, listing 127.0.0.1 pages and others: all on other hosts
    const r = await crawl({ urls: [], sitemaps: [sitemapUrl] });
    expect(r.urls).toEqual([]);
    expect(r.log).toContain('sitemap: 5 entries outside the scope (other hosts) dropped');
    const same = await crawl({ urls: [], sitemaps: [server2.url('/sitemap.xml')] });
    // 127.0.0.1 on another port is the same host: those two are scanned
    expect(same.urls.sort()).toEqual([`${o}/a`, `${o}/b`]);
    expect(same.log).toContain('sitemap: 3 entries outside the scope (other hosts) dropped');
  });
});

describe('rendering is bounded', () => {
  const SHELL = (script: string) => `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Clinique</title><script>${script}</script></head><body><div id="root"></div><p>Texte statique de la page.</p></body></html>`;

  it('closes, reports and replaces a tab whose script never stops, and goes on', async () => {
    const site = await startServer({
      '/loop': SHELL(`window.addEventListener('load', () => setTimeout(() => { for (;;) {} }, 20));`),
      '/fine': SHELL(`document.addEventListener('DOMContentLoaded', () => { document.getElementById('root').innerHTML = '<p>Rendu par le script.</p>'; });`),
    });
    const r = await crawl({ urls: [site.url('/loop'), site.url('/fine')], render: 'always', renderPages: 1, timeoutMs: 3000, concurrency: 1 });
    const loop = r.page(site.url('/loop'))!;
    expect(loop.rendered).toBeUndefined();
    expect(loop.note).toMatch(/rendering failed \(still busy after 3 s \(tab closed and replaced\)\); static HTML scanned/);
    expect(loop.html).toContain('Texte statique de la page.');
    const fine = r.page(site.url('/fine'))!;
    expect(fine.rendered).toBe(true);
    expect(fine.html).toContain('Rendu par le script.');
  }, 60_000);

  it('records where a rendered page navigated, and blocks its navigation into the private network', async () => {
    const internal = await startServer({ '/': html('<p>Interne.</p>') });
    const site = await startServer({
      '/moves': SHELL(`location.replace('/landing');`),
      '/landing': SHELL(`document.addEventListener('DOMContentLoaded', () => { document.getElementById('root').innerHTML = '<p>Page d’arrivée.</p>'; });`),
      '/escapes': SHELL(`window.addEventListener('load', () => { location.href = '${internal.origin}/'; });`),
    });
    const r = await crawl({ urls: [site.url('/moves'), site.url('/escapes')], render: 'always', timeoutMs: 5000 });
    const moved = r.page(site.url('/moves'))!;
    expect(moved.finalUrl).toBe(site.url('/landing'));
    expect(moved.html).toContain('Page d’arrivée.');
    const escaped = r.page(site.url('/escapes'))!;
    expect(escaped.html).not.toContain('Interne.');
    expect(escaped.finalUrl).toBeUndefined();
    expect(escaped.note).toMatch(new RegExp(`rendering failed \\(navigation to ${internal.origin}/ refused: address refused: 127\\.0\\.0\\.1 is a loopback address`));
    expect(escaped.html).toContain('Texte statique de la page.');
    expect(internal.count('/')).toBe(0);
  }, 60_000);
});
