import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderHint } from '../src/crawl/render/needs-render.js';
import { parseRetryAfter, retryDelay, DEFAULT_RETRY } from '../src/crawl/fetch/retry.js';
import { RobotsTxt } from '../src/crawl/fetch/robots.js';
import { canonicalKey, cleanUrl } from '../src/crawl/targets/canonical-url.js';
import { NumberSeriesGuard, trapReason } from '../src/crawl/targets/crawl-traps.js';
import { MemoryFrontier } from '../src/crawl/targets/frontier.js';
import { registrableDomain, Scope } from '../src/crawl/targets/scope.js';
import { parseSitemap } from '../src/crawl/targets/sitemap.js';
import { parseUrlList, UrlListError } from '../src/crawl/targets/url-list.js';
import { compileUrlPattern, UrlFilter } from '../src/crawl/targets/url-patterns.js';

describe('canonical URLs', () => {
  it('makes one page of fragments, trailing slashes, tracking parameters and query order', () => {
    const key = canonicalKey('https://Clinique.fr/soins/');
    expect(canonicalKey('https://clinique.fr/soins#tarifs')).toBe(key);
    expect(canonicalKey('https://clinique.fr:443/soins?utm_source=fb&fbclid=abc')).toBe(key);
    expect(canonicalKey('https://clinique.fr/soins?b=2&a=1')).toBe(canonicalKey('https://clinique.fr/soins/?a=1&b=2'));
    expect(canonicalKey('https://clinique.fr/soins?page=2')).not.toBe(key);
    expect(canonicalKey('http://clinique.fr/soins')).not.toBe(key);
  });

  it('fetches the URL as given, less its fragment, tracking parameters and session ids', () => {
    expect(cleanUrl('https://clinique.fr/soins/?gclid=1&id=4#x')).toBe('https://clinique.fr/soins/?id=4');
    expect(cleanUrl('https://clinique.fr/a;jsessionid=ABC123?x=1')).toBe('https://clinique.fr/a?x=1');
    expect(cleanUrl('mailto:dr@clinique.fr')).toBeUndefined();
    expect(cleanUrl('not a url')).toBeUndefined();
  });
});

describe('scope', () => {
  const roots = ['https://www.clinique.fr/blog/article.html'];
  const cases: Array<[string, Record<string, boolean>]> = [
    ['https://www.clinique.fr/blog/article.html?page=2', { page: true, host: true, domain: true, prefix: true }],
    ['https://clinique.fr/soins', { page: false, host: true, domain: true, prefix: false }],
    ['https://www.clinique.fr/blog/2024/autre.html', { page: false, host: true, domain: true, prefix: true }],
    ['https://rdv.clinique.fr/', { page: false, host: false, domain: true, prefix: false }],
    ['https://www.autre-clinique.fr/blog/article.html', { page: false, host: false, domain: false, prefix: false }],
    ['https://www.clinique.fr/blogueurs', { page: false, host: true, domain: true, prefix: false }],
  ];
  for (const mode of ['page', 'host', 'domain', 'prefix'] as const) {
    it(`${mode}: keeps the crawl where it was asked to be`, () => {
      const scope = new Scope(mode, roots);
      for (const [url, expected] of cases) expect([url, scope.contains(url)]).toEqual([url, expected[mode]]);
    });
  }

  it('is the union of its roots (a list of clinics stays on those sites)', () => {
    const scope = new Scope('host', ['https://a.fr/', 'https://b.fr/x']);
    expect(scope.contains('https://b.fr/y')).toBe(true);
    expect(scope.contains('https://c.fr/')).toBe(false);
  });

  it('knows registrable domains under country second levels', () => {
    expect(registrableDomain('www.clinique.fr')).toBe('clinique.fr');
    expect(registrableDomain('a.b.clinic.co.uk')).toBe('clinic.co.uk');
    expect(registrableDomain('127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('--include / --exclude', () => {
  it('matches anywhere in the URL, * standing for anything', () => {
    const filter = new UrlFilter(['/soins/'], ['*.pdf', '?replytocom=']);
    expect(filter.accepts('https://x.fr/soins/meso')).toBe(true);
    expect(filter.accepts('https://x.fr/blog/meso')).toBe(false);
    expect(filter.accepts('https://x.fr/soins/brochure.pdf')).toBe(false);
    expect(filter.accepts('https://x.fr/soins/a?replytocom=3')).toBe(false);
  });

  it('takes /regular expressions/ and refuses catastrophic ones', () => {
    expect(compileUrlPattern('/\\/20\\d\\d\\//').test('https://x.fr/2024/post')).toBe(true);
    expect(() => compileUrlPattern('/(a+)+$/')).toThrow(/exponential/);
    expect(() => compileUrlPattern('/([/')).toThrow(/invalid regular expression/);
  });
});

describe('URL lists', () => {
  it('reads one URL a line, skips comments and blank lines, and takes bare hosts as https', () => {
    const urls = parseUrlList('# clinics\nhttps://a.fr/\n\n  b.fr/soins   # the second one\nhttp://c.fr/x#frag\n');
    expect(urls).toEqual(['https://a.fr/', 'https://b.fr/soins', 'http://c.fr/x']);
  });

  it('names the file and line of every bad entry', () => {
    expect(() => parseUrlList('https://a.fr/\nftp://b.fr/\nnot a url\n', 'clinics.txt')).toThrow(UrlListError);
    expect(() => parseUrlList('https://a.fr/\nftp://b.fr/\n', 'clinics.txt')).toThrow(/clinics\.txt:2: not an http\(s\) URL: ftp:\/\/b\.fr\//);
  });
});

describe('robots.txt', () => {
  const robots = RobotsTxt.parse(
    [
      'User-agent: *',
      'Disallow: /private/',
      'Disallow: /*.pdf$',
      'Allow: /private/public-page',
      '',
      'User-agent: otherbot',
      'Disallow: /',
      '',
      'Sitemap: https://x.fr/sitemap.xml',
    ].join('\n'),
    'claimscan',
  );

  it('applies the longest matching rule, Allow winning a tie, with * and $', () => {
    expect(robots.isAllowed('https://x.fr/soins')).toBe(true);
    expect(robots.isAllowed('https://x.fr/private/admin')).toBe(false);
    expect(robots.isAllowed('https://x.fr/private/public-page')).toBe(true);
    expect(robots.isAllowed('https://x.fr/docs/brochure.pdf')).toBe(false);
    expect(robots.isAllowed('https://x.fr/docs/brochure.pdf?v=2')).toBe(true);
    expect(robots.sitemaps).toEqual(['https://x.fr/sitemap.xml']);
  });

  it('obeys the group naming claimscan over the * group, and reads Crawl-delay', () => {
    const mine = RobotsTxt.parse('User-agent: *\nDisallow: /\n\nUser-agent: ClaimScan\nDisallow: /tmp\nCrawl-delay: 2\n', 'claimscan');
    expect(mine.isAllowed('https://x.fr/soins')).toBe(true);
    expect(mine.isAllowed('https://x.fr/tmp/a')).toBe(false);
    expect(mine.crawlDelaySeconds).toBe(2);
  });

  it('allows everything with an empty Disallow, forbids everything when unreachable', () => {
    expect(RobotsTxt.parse('User-agent: *\nDisallow:\n', 'claimscan').isAllowed('https://x.fr/a')).toBe(true);
    expect(RobotsTxt.disallowAll('robots.txt could not be read (HTTP 503)').isAllowed('https://x.fr/a')).toBe(false);
  });
});

describe('retries', () => {
  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('1')).toBe(1000);
    expect(parseRetryAfter(new Date(10_000 + 5000).toUTCString(), 10_000)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('backs off exponentially, honours Retry-After, and gives up on one too long', () => {
    const policy = { ...DEFAULT_RETRY, retries: 3 };
    expect(retryDelay(policy, 0, undefined, () => 1)).toEqual({ waitMs: 500 });
    expect(retryDelay(policy, 2, undefined, () => 1)).toEqual({ waitMs: 2000 });
    expect(retryDelay(policy, 0, 1000)).toEqual({ waitMs: 1000 });
    expect(retryDelay(policy, 0, 3_600_000)).toMatchObject({ giveUp: expect.stringMatching(/3600 s/) });
    expect(retryDelay(policy, 3)).toMatchObject({ giveUp: 'gave up after 4 tries' });
    expect(retryDelay({ ...policy, retries: 0 }, 0)).toEqual({ giveUp: '' });
  });
});

describe('crawl traps', () => {
  it('refuses repeating paths, very long URLs and faceted query strings', () => {
    expect(trapReason(new URL('https://x.fr/a/b/a/b/a/b/a/b'))).toBe('repeating path');
    expect(trapReason(new URL(`https://x.fr/${'x'.repeat(1100)}`))).toBe('url too long');
    expect(trapReason(new URL('https://x.fr/s?a=1&b=2&c=3&d=4&e=5&f=6&g=7'))).toBe('too many query parameters');
    expect(trapReason(new URL('https://x.fr/soins/meso?page=2'))).toBeUndefined();
  });

  it('bounds series of URLs that differ only in their numbers, not plain listings', () => {
    const guard = new NumberSeriesGuard(3);
    const months = ['01', '02', '03', '04', '05'].map((m) => guard.admit(new URL(`https://x.fr/agenda/2031/${m}`)));
    expect(months).toEqual([true, true, true, false, false]);
    expect([1, 2, 3, 4, 5].every((n) => guard.admit(new URL(`https://x.fr/p/${n}`)))).toBe(true);
  });
});

describe('frontier', () => {
  it('hands out each key once, oldest first', () => {
    const f = new MemoryFrontier();
    expect(f.add({ url: 'a', key: 'a', depth: 0 })).toBe(true);
    expect(f.add({ url: 'b', key: 'b', depth: 1 })).toBe(true);
    expect(f.add({ url: 'a2', key: 'a', depth: 1 })).toBe(false);
    expect([f.size, f.waiting]).toEqual([2, 2]);
    expect(f.next()?.url).toBe('a');
    f.markDone('a');
    expect(f.next()?.url).toBe('b');
    expect(f.next()).toBeUndefined();
    expect(f.has('a')).toBe(true);
  });
});

describe('sitemaps', () => {
  const urlset = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://x.fr/a?x=1&amp;y=2</loc></url><url><loc><![CDATA[https://x.fr/b]]></loc></url></urlset>`;

  it('reads <loc> of a urlset, with entities and CDATA, gzipped or not', () => {
    expect(parseSitemap(Buffer.from(urlset))).toEqual({ kind: 'urlset', locs: ['https://x.fr/a?x=1&y=2', 'https://x.fr/b'] });
    expect(parseSitemap(gzipSync(urlset))).toEqual(parseSitemap(Buffer.from(urlset)));
  });

  it('tells a sitemap index, reads text sitemaps, and refuses what is not a sitemap', () => {
    const index = '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://x.fr/s1.xml.gz</loc></sitemap></sitemapindex>';
    expect(parseSitemap(Buffer.from(index))).toEqual({ kind: 'index', locs: ['https://x.fr/s1.xml.gz'] });
    expect(parseSitemap(Buffer.from('https://x.fr/a\nhttps://x.fr/b\n')).locs).toEqual(['https://x.fr/a', 'https://x.fr/b']);
    expect(() => parseSitemap(Buffer.from('<html><body>hello</body></html>'))).toThrow(/not a sitemap/);
  });
});

describe('--render auto', () => {
  it('renders a script shell with little text, not a page with its text in the HTML', () => {
    const shell = '<html><head><title>Clinique</title><script src="/app.js"></script></head><body><div id="root"></div></body></html>';
    expect(renderHint(shell).render).toBe(true);
    const staticPage = `<html><head><script>gtag()</script></head><body><p>${'La mésothérapie consiste à injecter de faibles doses. '.repeat(30)}</p></body></html>`;
    expect(renderHint(staticPage).render).toBe(false);
    const noScript = '<html><body><p>Court.</p></body></html>';
    expect(renderHint(noScript).render).toBe(false);
  });

  it('renders an application shell even when menus and footer give it some text', () => {
    const nav = `<nav>${'<a href="/x">Nos soins esthétiques</a> '.repeat(20)}</nav>`;
    const shell = `<html><body>${nav}<div id="app"></div><script src="/app.js"></script></body></html>`;
    expect(renderHint(shell)).toMatchObject({ render: true, scripts: 1 });
  });
});
