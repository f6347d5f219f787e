import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { crawl } from './support/crawl.js';
import { html, startServer } from './support/test-server.js';

describe('fetching pages', async () => {
  const big = Buffer.alloc(20 * 1024 * 1024, 'a');
  big.write(html('<p>La mésothérapie est sans danger.</p><p>'), 0);
  const server = await startServer({
    '/old': { status: 301, headers: { location: '/moved' } },
    '/moved': { status: 302, headers: { location: '/final' } },
    '/final': html('<p>Arrivée.</p>'),
    '/loop-a': { status: 301, headers: { location: '/loop-b' } },
    '/loop-b': { status: 301, headers: { location: '/loop-a' } },
    '/missing': { status: 404, body: html('<h1>Introuvable</h1>') },
    '/broken': { status: 500, type: 'text/plain', body: 'boom' },
    '/busy': (_req, res, hit) => {
      if (hit === 1) res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('slow down');
      else res.writeHead(200, { 'content-type': 'text/html' }).end(html('<p>Servi au second essai.</p>'));
    },
    '/hang': () => {
      /* never answers */
    },
    '/reset-once': (req, res, hit) => {
      if (hit === 1) req.socket.destroy();
      else res.writeHead(200, { 'content-type': 'text/html' }).end(html('<p>Après la coupure.</p>'));
    },
    '/reset': (req) => void req.socket.destroy(),
    '/big': { body: big },
    '/latin1': {
      type: 'text/html; charset=iso-8859-1',
      body: iconv.encode(html('<p>La mésothérapie, ça coûte 80 € – sans danger.</p>').replace('utf-8', 'iso-8859-1'), 'windows-1252'),
    },
    '/meta-1252': { type: 'text/html', body: iconv.encode('<html><head><meta charset="windows-1252"></head><body><p>L’éclat du teint.</p></body></html>', 'windows-1252') },
    '/undeclared-utf8': { type: 'text/html', body: Buffer.from('<html><body><p>Mésothérapie à Paris – 80 €</p></body></html>') },
    '/bom': { type: 'text/html', body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>Séance réussie</p>')]) },
    '/gzip': { gzip: true, body: html('<p>Compressée.</p>') },
    '/photo.jpg': { type: 'image/jpeg', body: 'not really a jpeg' },
    '/external-redirect': { status: 302, headers: { location: 'http://localhost:1/elsewhere' } },
  });
  const u = server.url;

  it('follows redirects and reports the page under the URL asked for', async () => {
    const r = await crawl({ urls: [u('/old')] });
    expect(r.pages).toHaveLength(1);
    expect(r.pages[0]).toMatchObject({ url: u('/old'), finalUrl: u('/final'), status: 200 });
    expect(r.pages[0].html).toContain('Arrivée');
  });

  it('stops a redirect loop and a chain longer than the hop limit, and goes on', async () => {
    const r = await crawl({ urls: [u('/loop-a'), u('/final')] });
    expect(r.page(u('/loop-a'))).toMatchObject({ status: 301, error: expect.stringMatching(/^redirect loop: .*loop-a → .*loop-b → .*loop-a$/) });
    expect(r.page(u('/final'))?.html).toContain('Arrivée');
  });

  it('records 404 and 500 pages with their status and error, without analysing their body', async () => {
    const r = await crawl({ urls: [u('/missing'), u('/broken')] });
    expect(r.page(u('/missing'))).toMatchObject({ status: 404, error: 'HTTP 404 Not Found' });
    expect(r.page(u('/missing'))?.html).toBeUndefined();
    expect(r.page(u('/broken'))).toMatchObject({ status: 500, error: 'HTTP 500 Internal Server Error' });
  });

  it('retries a 429 after its Retry-After and a 500 with backoff', async () => {
    const before = server.count('/broken');
    const r = await crawl({ urls: [u('/busy'), u('/broken')], retries: 1 });
    const tries = server.hits.filter((h) => h.path === '/busy');
    expect(tries).toHaveLength(2);
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(950);
    expect(r.page(u('/busy'))).toMatchObject({ status: 200, note: '2 tries' });
    expect(server.count('/broken') - before).toBe(2);
    expect(r.page(u('/broken'))?.error).toBe('HTTP 500 Internal Server Error; gave up after 2 tries');
  });

  it('gives up on a server that never answers after --timeout', async () => {
    const r = await crawl({ urls: [u('/hang'), u('/final')], timeoutMs: 300 });
    expect(r.page(u('/hang'))).toMatchObject({ status: 0, error: 'timed out after 0.3 s' });
    expect(r.page(u('/final'))?.status).toBe(200);
  });

  it('retries a reset connection, and reports one that keeps resetting', async () => {
    const r = await crawl({ urls: [u('/reset-once'), u('/reset')], retries: 1 });
    expect(r.page(u('/reset-once'))?.html).toContain('Après la coupure');
    expect(r.page(u('/reset'))).toMatchObject({ status: 0, error: expect.stringMatching(/^connection reset by the server; gave up after 2 tries$/) });
  });

  it('keeps the first --max-size bytes of a 20 MB page and says so', async () => {
    const r = await crawl({ urls: [u('/big')], maxBytes: 1024 * 1024 });
    const page = r.page(u('/big'))!;
    expect(page.bytes).toBe(1024 * 1024);
    expect(page.note).toBe('truncated at 1 MB');
    expect(page.html).toContain('La mésothérapie est sans danger.');
  });

  it('reads every charset a French site may use: latin-1 header, windows-1252 meta, undeclared UTF-8, BOM', async () => {
    const r = await crawl({ urls: ['/latin1', '/meta-1252', '/undeclared-utf8', '/bom', '/gzip'].map(u) });
    expect(r.page(u('/latin1'))?.html).toContain('La mésothérapie, ça coûte 80 € – sans danger.');
    expect(r.page(u('/meta-1252'))?.html).toContain('L’éclat du teint.');
    expect(r.page(u('/undeclared-utf8'))?.html).toContain('Mésothérapie à Paris – 80 €');
    expect(r.page(u('/bom'))?.html).toBe('<p>Séance réussie</p>');
    expect(r.page(u('/gzip'))?.html).toContain('Compressée.');
  });

  it('skips what is not HTML, saying what it was', async () => {
    const r = await crawl({ urls: [u('/photo.jpg')] });
    expect(r.pages[0]).toMatchObject({ status: 200, note: 'skipped: image/jpeg is not HTML' });
    expect(r.pages[0].html).toBeUndefined();
  });

  it('names claimscan and a contact in its user agent', async () => {
    await crawl({ urls: [u('/final')] });
    expect(server.hits.at(-1)?.userAgent).toMatch(/^claimscan\/\d+\.\d+\.\d+ \(\+https?:\/\/\S+; advertising-claims compliance scanner\)$/);
  });

  it('does not follow a link that redirects out of scope', async () => {
    const pages = await startServer({ '/': html('<a href="/external-redirect">ailleurs</a>'), '/external-redirect': { status: 302, headers: { location: 'http://localhost:9/elsewhere' } } });
    const r = await crawl({ urls: [pages.url('/')], depth: 1 });
    expect(r.page(pages.url('/external-redirect'))).toMatchObject({ status: 302, note: 'redirects to http://localhost:9/elsewhere (not followed: out of scope)' });
  });
});
