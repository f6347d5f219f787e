#!/usr/bin/env node
// Benchmarks for distributed scans (run `npm run build` first):
//
//   node scripts/bench-queue.mjs [--sites 12] [--pages 30] [--latency 20] [--workers 1,2,4]
//                                [--render-pages 60] [--tabs 1,2,4] [--skip-sites] [--skip-render]
//
// 1. sites/s: `claimscan scan --queue` over S synthetic sites (../shared/bench/site.mjs, one
//    process and port each, so each is its own site) with 1, 2 and 4 `claimscan worker`
//    processes (one site at a time each), beside the same scan in-process (no queue).
// 2. rendered pages/s: `claimscan scan --render always` on one synthetic site with the render
//    pool at 1, 2 and 4 tabs, beside the static crawl (--render never) of the same pages.
// Redis is Debian's redis-server on a free port, persistence off. Figures go to stdout.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/claimscan.js');
const siteScript = new URL('../../shared/bench/site.mjs', import.meta.url).pathname;
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const SITES = Number(opt('--sites', '12'));
const PAGES = Number(opt('--pages', '30'));
const LATENCY = opt('--latency', '20');
const WORKERS = opt('--workers', '1,2,4').split(',').map(Number);
const PER_WORKER = opt('--worker-concurrency', '1');
const RENDER_PAGES = Number(opt('--render-pages', '60'));
const TABS = opt('--tabs', '1,2,4').split(',').map(Number);
const tmp = mkdtempSync(join(tmpdir(), 'claimscan-bench-queue-'));
const children = new Set();

function start(cmd, args, ready) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  if (!ready) return { child, ready: Promise.resolve('') };
  return {
    child,
    ready: new Promise((resolve, reject) => {
      let out = '';
      const on = (d) => {
        out += d;
        const m = ready.exec(out);
        if (m) resolve(m[1] ?? m[0]);
      };
      child.stdout.on('data', on);
      child.stderr.on('data', on);
      child.once('exit', (code) => reject(new Error(`${cmd} ${args.join(' ')} exited (${code}):\n${out}`)));
    }),
  };
}

async function stop(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Run the CLI; seconds it took and the report's summary. */
function timedScan(args) {
  const out = join(tmp, `report-${Math.random().toString(36).slice(2)}.json`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, 'scan', ...args, '--format', 'json', '--output', out, '--no-history', '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`scan failed (${r.status}): ${r.stderr}`);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(out, { force: true });
  return { seconds, summary: report.summary, rendered: report.pages.filter((p) => p.rendered).length };
}

const fmt = (n, d = 2) => n.toFixed(d);
const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;

async function sitesBench() {
  const port = await freePort();
  const redis = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], /Ready to accept connections/);
  await redis.ready;
  const queue = `redis://127.0.0.1:${port}`;
  const sites = [];
  for (let i = 0; i < SITES; i++) {
    const s = start(process.execPath, [siteScript, '--pages', String(PAGES), '--latency', LATENCY, '--seed', String(100 + i)], /READY (\S+)/);
    sites.push(await s.ready);
  }
  const crawl = [...sites, '--depth', '50', '--max-pages', '5000', '--render', 'never'];
  console.log(`\n## sites/s: ${SITES} sites of ${PAGES} pages (+ robots, sitemap, errors), ${LATENCY} ms latency, ${cpus().length} cores, ${load()}`);
  // warm-up (disk cache, JIT of the first run)
  timedScan(crawl);
  const local = timedScan(crawl);
  console.log(`in-process (no queue):  ${fmt(local.seconds)} s  ${fmt(SITES / local.seconds)} sites/s  ${fmt(local.summary.pages / local.seconds, 0)} pages/s  (${local.summary.pages} pages, ${local.summary.findings} findings)`);
  const rows = [];
  for (const n of WORKERS) {
    const workers = [];
    for (let i = 0; i < n; i++) {
      const w = start(process.execPath, [bin, 'worker', '--queue', queue, '--concurrency', PER_WORKER], /taking site jobs/);
      workers.push(w);
    }
    await Promise.all(workers.map((w) => w.ready));
    const r = timedScan([...crawl, '--queue', queue]);
    rows.push({ n, ...r });
    console.log(`${n} worker(s):            ${fmt(r.seconds)} s  ${fmt(SITES / r.seconds)} sites/s  ${fmt(r.summary.pages / r.seconds, 0)} pages/s  (${r.summary.pages} pages, ${r.summary.findings} findings)`);
    await Promise.all(workers.map((w) => stop(w.child)));
  }
  const base = rows[0];
  for (const r of rows.slice(1)) console.log(`speed-up ${r.n} vs ${base.n} worker(s): ${fmt(base.seconds / r.seconds)}×`);
  for (const s of children) if (s !== redis.child) await stop(s);
  await stop(redis.child);
}

async function renderBench() {
  const site = start(process.execPath, [siteScript, '--pages', String(RENDER_PAGES * 2), '--latency', '5'], /READY (\S+)/);
  const url = await site.ready;
  const crawl = [url, '--depth', '50', '--max-pages', String(RENDER_PAGES)];
  console.log(`\n## rendered pages/s: ${RENDER_PAGES} pages of the synthetic site, Chromium (--render always), ${load()}`);
  timedScan([...crawl, '--render', 'never']);
  const stat = timedScan([...crawl, '--render', 'never']);
  console.log(`static (--render never): ${fmt(stat.seconds)} s  ${fmt(stat.summary.pages / stat.seconds, 1)} pages/s (CLI start included)`);
  for (const tabs of TABS) {
    const r = timedScan([...crawl, '--render', 'always', '--render-pages', String(tabs)]);
    console.log(`render pool ${tabs} tab(s):   ${fmt(r.seconds)} s  ${fmt(r.rendered / r.seconds, 1)} rendered pages/s  (${r.rendered} of ${r.summary.pages} rendered)`);
  }
  await stop(site.child);
}

try {
  if (!argv.includes('--skip-sites')) await sitesBench();
  if (!argv.includes('--skip-render')) await renderBench();
} finally {
  for (const c of children) await stop(c, 'SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
}
