#!/usr/bin/env node
// Why claimscan keeps two hand-written pieces, measured (README, "Dependencies, and why"):
//  1. its sentence splitter against natural's SentenceTokenizer, on the visible text of the demo
//     site's pages (repeated to ~2 MB), and on sentences that trip a generic splitter;
//  2. its node:http client (src/crawl/fetch/http-fetch.ts) against Node's fetch(): CPU time per
//     page for 2,000 fetches of a 12 KB page from a server in another process (8 in flight).
// Run after `npm run build`: node scripts/bench-own-parsers.mjs
import { fork } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { extractPage } = await import(join(root, 'dist/analysis/extract/html-to-blocks.js'));
const { sentenceTexts } = await import(join(root, 'dist/analysis/claims/sentences.js'));
const { httpFetch, closeConnections } = await import(join(root, 'dist/crawl/fetch/http-fetch.js'));
const SentenceTokenizer = require('natural/lib/natural/tokenizers/sentence_tokenizer.js');

if (process.argv[2] === '--serve') {
  const { createServer } = await import('node:http');
  const body = Buffer.from(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Clinique</title></head><body>${'<p>La mésothérapie est une technique d’injection. Nos soins sont réalisés au cabinet.</p>'.repeat(120)}</body></html>`);
  const server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length }).end(body));
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
} else {
  // 1. sentences
  const files = [];
  const walk = (d) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.html')) files.push(p); } };
  walk(join(root, 'demo/site'));
  const blocks = files.flatMap((f) => extractPage(readFileSync(f, 'utf8')).blocks.map((b) => b.text));
  let corpus = [];
  let size = 0;
  while (size < 2e6) for (const b of blocks) { corpus.push(b); size += b.length; }
  const natural = new SentenceTokenizer();
  const time = (fn) => { let best = Infinity; let n = 0; for (let r = 0; r < 5; r++) { const t = process.hrtime.bigint(); n = 0; for (const b of corpus) n += fn(b).length; best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6); } return { ms: best, n }; };
  const ours = time((b) => sentenceTexts(b));
  const theirs = time((b) => { try { return natural.tokenize(b); } catch { return [b]; } });
  const mb = size / 1e6;
  console.log(`sentences: ${mb.toFixed(1)} MB of demo-site text, best of 5`);
  console.log(`  claimscan splitter   ${(mb / (ours.ms / 1000)).toFixed(1)} MB/s (${ours.n} sentences)`);
  console.log(`  natural tokenizer    ${(mb / (theirs.ms / 1000)).toFixed(1)} MB/s (${theirs.n} sentences)`);
  const tricky = ['Le Dr. Martin injecte env. 2 ml. C’est garanti !', 'Une dose de 0.5 ml par J. Dupont.', 'Dr. Castellan is board-certified, e.g. in Paris. It works!'];
  for (const t of tricky) console.log(`  « ${t} »: claimscan ${sentenceTexts(t).length}, natural ${natural.tokenize(t).length} sentence(s)`);

  // 2. sitemap: a 10,000-URL sitemap, ours against cheerio in XML mode
  const { parseSitemap } = await import(join(root, 'dist/crawl/targets/sitemap.js'));
  const cheerio = await import('cheerio');
  const xml = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${Array.from({ length: 10_000 }, (_, i) => `<url><loc>https://www.clinique.example/soins/page-${i}?a=1&amp;b=2</loc><lastmod>2026-11-01</lastmod></url>`).join('')}</urlset>`);
  const best = (fn) => { let b = Infinity; let n = 0; for (let r = 0; r < 3; r++) { const t = process.hrtime.bigint(); n = fn(); b = Math.min(b, Number(process.hrtime.bigint() - t) / 1e6); } return { ms: b, n }; };
  const ownMap = best(() => parseSitemap(xml).locs.length);
  const cheerioMap = best(() => { const $ = cheerio.load(xml.toString('utf8'), { xml: true }); return $('loc').map((_, e) => $(e).text()).get().length; });
  console.log(`sitemap: ${(xml.length / 1e6).toFixed(1)} MB, 10,000 URLs, best of 3`);
  console.log(`  claimscan reader      ${ownMap.ms.toFixed(0)} ms (${ownMap.n} URLs)`);
  console.log(`  cheerio (xml mode)    ${cheerioMap.ms.toFixed(0)} ms (${cheerioMap.n} URLs)`);

  // 3. HTTP client
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: 'inherit' });
  const port = await new Promise((r) => child.once('message', r));
  const url = `http://127.0.0.1:${port}/`;
  const N = 2000;
  const run = async (one) => {
    for (let i = 0; i < 50; i++) await one(); // warm up
    const cpu = process.cpuUsage();
    const t = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => { while (next++ < N) await one(); }));
    const used = process.cpuUsage(cpu);
    return { cpuPerPage: (used.user + used.system) / 1000 / N, wall: Date.now() - t };
  };
  const opts = { userAgent: 'bench', timeoutMs: 10_000, maxBytes: 5e6, maxRedirects: 5, accept: 'html' };
  const ownHttp = await run(async () => { const r = await httpFetch(url, opts); if (!r.body) throw new Error(r.error); });
  const nodeFetch = await run(async () => { const r = await fetch(url, { headers: { 'user-agent': 'bench' } }); await r.arrayBuffer(); });
  console.log(`http: ${N} fetches of a ${12} KB page, 8 in flight, CPU of the fetching process`);
  console.log(`  claimscan http client ${ownHttp.cpuPerPage.toFixed(3)} ms CPU/page (${ownHttp.wall} ms wall)`);
  console.log(`  fetch() (undici)      ${nodeFetch.cpuPerPage.toFixed(3)} ms CPU/page (${nodeFetch.wall} ms wall)`);
  closeConnections();
  child.kill();
}
