/**
 * A distributed scan end to end: a Redis of its own, two `claimscan worker` processes, and
 * `claimscan scan --queue` as the coordinator, against five local sites. It must find exactly
 * what a local scan of the same sites finds; and when a worker is killed (SIGKILL) in the
 * middle of a site, the site is scanned again elsewhere and history holds every page and
 * finding once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../src/model/report-model.js';
import { scan } from '../src/scan/scan.js';
import { queueCrawl } from '../src/scan/queue/coordinator.js';
import { BIN, builtinRules, ROOT, runCli, tempDir } from './helpers.js';
import { startRedis, type TestRedis } from './support/redis.js';
import { html, startServer, type Route, type TestServer } from './support/test-server.js';

const CLAIMS = [
  'La mésothérapie est totalement sans danger pour tous nos patients.',
  'Our mesotherapy is clinically proven to melt fat for good.',
  'La mésothérapie fait disparaître la cellulite en une seule séance.',
  'Mesotherapy has no side effects at all.',
  'Les injections de mésothérapie remplacent la chirurgie esthétique.',
];

/** A gate a page waits behind while it is closed (open unless a test closes it). */
const gate = { open: Promise.resolve(), release: () => {} };
function closeGate(): void {
  gate.open = new Promise((resolve) => (gate.release = resolve));
}

/** A small clinic site: a home page linking to four pages, each with a claim or two. */
async function site(n: number, delayMs = 0, pages = 4, gated?: string): Promise<TestServer> {
  const routes: Record<string, Route> = {};
  const sub = Array.from({ length: pages }, (_, i) => `/soin-${i}`);
  const body = (text: string, links: string[]) => ({
    type: 'text/html; charset=utf-8',
    delayMs,
    body: html(`<h1>Mésothérapie</h1><p>${text}</p>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}`, { title: `Clinique ${n} – mésothérapie` }),
  });
  routes['/'] = body(CLAIMS[n % CLAIMS.length], sub);
  sub.forEach((path, i) => {
    routes[path] = body(`${CLAIMS[(n + i + 1) % CLAIMS.length]} Prenez rendez-vous au cabinet ${n}.`, ['/']);
  });
  if (gated) {
    const page = routes[gated] as { type: string; body: string };
    routes[gated] = async (_req, res) => {
      await gate.open;
      res.writeHead(200, { 'content-type': page.type }).end(page.body);
    };
  }
  routes['/robots.txt'] = { type: 'text/plain', body: '' };
  return startServer(routes);
}

interface Spawned {
  child: ChildProcess;
  stderr: string;
}

function startWorker(queue: string): Spawned {
  const child = spawn(process.execPath, [BIN, 'worker', '--queue', queue, '--concurrency', '1', '--lock', '3s', '--stalled-interval', '1s', '--grace', '2s'], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const w: Spawned = { child, stderr: '' };
  child.stderr!.on('data', (d) => (w.stderr += d));
  return w;
}

function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - start > ms) {
        clearInterval(timer);
        reject(new Error(`waited too long for ${what}`));
      }
    }, 50);
  });
}

const findingIds = (r: ScanReport) => r.findings.map((f) => f.id).sort();
const pageUrls = (r: ScanReport) => r.pages.map((p) => p.url).sort();

/** Rows of the last scan in a history file: findings and pages, and how many are distinct. */
function historyCounts(db: string): { findings: number; distinctFindings: number; pages: number; distinctPages: number } {
  const d = new Database(db, { readonly: true });
  try {
    const id = (d.prepare('SELECT MAX(id) FROM scans').pluck().get() as number) ?? 0;
    const f = d.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT finding_id) AS d FROM findings WHERE scan_id = ?').get(id) as { n: number; d: number };
    const p = d.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT url) AS d FROM pages WHERE scan_id = ?').get(id) as { n: number; d: number };
    return { findings: f.n, distinctFindings: f.d, pages: p.n, distinctPages: p.d };
  } finally {
    d.close();
  }
}

// processes and a Redis on a busy 2-core machine: generous limits, none of them a timing assertion
describe('scan --queue with claimscan worker (BullMQ on Redis)', { timeout: 180_000 }, async () => {
  const dir = tempDir();
  const sites = await Promise.all([site(0), site(1), site(2), site(3)]);
  // one site slow enough that a worker can be killed in the middle of it: its last page waits
  // behind a gate the kill test closes, so the worker is killed mid-site however busy the machine
  const slow = await site(4, 150, 7, '/soin-6');
  const urls = [...sites, slow].map((s) => s.url('/'));
  const crawl = ['--depth', '1', '--per-host', '2', '--format', 'json', '--lang', 'auto'];
  let redis: TestRedis;
  const workers: Spawned[] = [];
  let local: ScanReport;

  beforeAll(async () => {
    redis = await startRedis();
    for (let i = 0; i < 2; i++) workers.push(startWorker(redis.url));
    const out = join(dir, 'local.json');
    const r = await runCli(['scan', ...urls, ...crawl, '--output', out, '--db', join(dir, 'local.db')], { timeoutMs: 170_000 });
    expect(r.code, r.stderr).toBe(0);
    local = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
    await until(() => workers.every((w) => /taking site jobs/.test(w.stderr)), 'the workers to start');
  }, 170_000);

  afterAll(async () => {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.child.exitCode !== null || w.child.signalCode) return resolve();
            w.child.once('exit', () => resolve());
            w.child.kill('SIGTERM');
          }),
      ),
    );
  });

  it('two workers find exactly what a local scan finds, and history has each page and finding once', async () => {
    expect(local.findings.length).toBeGreaterThan(10);
    expect(local.pages).toHaveLength(5 + 4 * 4 + 7);
    const out = join(dir, 'queued.json');
    const db = join(dir, 'queued.db');
    const r = await runCli(['scan', ...urls, ...crawl, '--queue', redis.url, '--output', out, '--db', db], { timeoutMs: 170_000 });
    expect(r.code, r.stderr).toBe(0);
    const queued = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
    expect(findingIds(queued)).toEqual(findingIds(local));
    expect(pageUrls(queued)).toEqual(pageUrls(local));
    expect(queued.summary).toEqual(local.summary);
    expect(queued.failedSites).toBeUndefined();
    const h = historyCounts(db);
    expect(h).toEqual({ findings: local.findings.length, distinctFindings: local.findings.length, pages: local.pages.length, distinctPages: local.pages.length });
    // both workers, separate processes, took part (5 sites, one site at a time each)
    expect(workers.filter((w) => /: scanning/.test(w.stderr)).length).toBe(2);
  });

  it('a worker killed mid-site: the site is scanned again elsewhere, no finding lost or recorded twice', async () => {
    const rootHitsBefore = slow.count('/');
    const gatedBefore = slow.count('/soin-6');
    closeGate();
    for (const w of workers) w.stderr = '';
    const out = join(dir, 'killed.json');
    const db = join(dir, 'killed.db');
    const scanning = runCli(['scan', ...urls, ...crawl, '--queue', redis.url, '--output', out, '--db', db], { timeoutMs: 170_000 });
    await until(() => workers.some((w) => w.stderr.includes(`${slow.origin}: scanning`)), 'a worker to take the slow site');
    const victim = workers.find((w) => w.stderr.includes(`${slow.origin}: scanning`))!;
    // the worker is inside the site: it has asked for the gated page, which does not answer yet
    await until(() => slow.count('/soin-6') > gatedBefore, 'the slow site to be under way');
    victim.child.kill('SIGKILL');
    gate.release();
    const r = await scanning;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/stopped answering/);
    // the site was started again by another worker
    expect(slow.count('/') - rootHitsBefore).toBeGreaterThanOrEqual(2);
    expect(workers.filter((w) => w !== victim).some((w) => w.stderr.includes(`${slow.origin}: scanning`))).toBe(true);
    const killed = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
    expect(findingIds(killed)).toEqual(findingIds(local));
    expect(pageUrls(killed)).toEqual(pageUrls(local));
    expect(killed.failedSites).toBeUndefined();
    const h = historyCounts(db);
    expect(h).toEqual({ findings: local.findings.length, distinctFindings: local.findings.length, pages: local.pages.length, distinctPages: local.pages.length });
  });

  it('a site whose job keeps failing is listed in the report, its start page among the failed pages', async () => {
    const url = sites[0].url('/');
    const result = await scan({
      web: { urls: [url], depth: 1 },
      history: {},
      // the workers cannot load this pack: the job fails at once, without retries
      remote: queueCrawl({ url: redis.url, rules: { dirs: [join(dir, 'no-such-pack')] }, packs: builtinRules().packs.map((p) => ({ name: p.name, version: p.version })), backoffMs: 100 }),
    });
    const report = await result.report();
    expect(report.failedSites).toHaveLength(1);
    expect(report.failedSites![0]).toMatchObject({ site: sites[0].origin, attempts: 1 });
    expect(report.failedSites![0].error).toMatch(/rule packs/);
    expect(report.pages).toEqual([expect.objectContaining({ url, status: 0, error: expect.stringMatching(/^site job failed after 1 attempt\(s\): /) })]);
    expect(report.summary.pagesFailed).toBe(1);
  });

  it('a site that runs out of time is stopped by its worker and listed as timed out, with what was scanned of it', async () => {
    const url = slow.url('/');
    const packs = builtinRules().packs.map((p) => ({ name: p.name, version: p.version }));
    const result = await scan({
      web: { urls: [url], depth: 1, perHost: 1 },
      rules: builtinRules(),
      history: {},
      remote: queueCrawl({ url: redis.url, rules: {}, packs, siteTimeoutMs: 600 }),
    });
    const report = await result.report();
    expect(report.failedSites).toEqual([expect.objectContaining({ site: slow.origin, timedOut: true })]);
    // 8 pages of 0.15 s one at a time (1.2 s) cannot be done in 0.6 s; the start page is listed either way
    expect(report.pages.length).toBeLessThan(8);
    expect(report.pages.map((p) => p.url)).toContain(url);
  });
});
