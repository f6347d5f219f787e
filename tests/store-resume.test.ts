import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../src/model/report-model.js';
import { BIN, page, runCli, tempDir } from './helpers.js';
import { clinicPage, findingIds, queryDb, startSite, waitFor, type TestSite } from './history-helpers.js';

const CLAIMS = ['La mésothérapie est totalement sans danger.', 'Résultats garantis dès la première séance de mésothérapie.', 'Une séance de mésothérapie dure trente minutes.'];
const PAGES = 40;
const HANG_AT = 25;

/** A chain of pages (each links to the next): the crawl reaches them in order. */
function chainSite(): Record<string, string> {
  const pages: Record<string, string> = {};
  for (let i = 0; i < PAGES; i++) {
    const paragraphs = [`Page ${i}.`, CLAIMS[i % 3], 'Des hématomes sont possibles.'];
    pages[i ? `/p/${i}` : '/'] = clinicPage(`Mésothérapie ${i}`, paragraphs, i + 1 < PAGES ? [`/p/${i + 1}`, '/'] : ['/']);
  }
  return pages;
}

function startCli(args: string[], cwd: string): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'ignore', 'ignore'] });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', () => resolve())));

describe('scan --resume after the scan was killed', () => {
  const dir = tempDir();
  let site: TestSite;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await site?.close();
  });

  it('continues a crawl killed with SIGKILL without fetching again what was done, and ends with the same findings', async () => {
    site = await startSite(chainSite());
    const scanArgs = (db: string, out: string) => ['scan', `${site.origin}/`, '--depth', '100', '--db', join(dir, db), '--format', 'json', '--output', join(dir, out), '--quiet'];

    // The reference: the same site scanned without interruption.
    const reference = await runCli(scanArgs('reference.db', 'reference.json'), { cwd: dir });
    expect(reference.code).toBe(0);
    const expected = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as ScanReport;
    expect(expected.pages).toHaveLength(PAGES);
    site.requests.clear();

    // The same scan, killed while it waits on a page that does not answer.
    site.hang.add(`/p/${HANG_AT}`);
    const db = join(dir, 'killed.db');
    const child = startCli(scanArgs('killed.db', 'killed.json'), dir);
    children.push(child);
    await site.hung;
    // every page before the hanging one is committed (the recorder writes batches at least every second)
    await waitFor(() => queryDb<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM frontier WHERE done = 1')[0]?.n === HANG_AT, 'the pages before the hang to be committed');
    child.kill('SIGKILL');
    await exited(child);
    expect(queryDb<{ state: string }>(db, 'SELECT state FROM scans')).toEqual([{ state: 'running' }]);
    const done = queryDb<{ url: string }>(db, 'SELECT url FROM frontier WHERE done = 1').map((r) => new URL(r.url).pathname);
    expect(done).toHaveLength(HANG_AT);

    // Resume: the site answers again.
    site.release();
    site.requests.clear();
    const resumed = await runCli([...scanArgs('killed.db', 'resumed.json').filter((a) => a !== '--quiet'), '--resume'], { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/resuming scan #1: 25 page\(s\) already done/);
    for (const path of done) expect(site.requests.get(path) ?? 0, `${path} fetched again`).toBe(0);
    for (let i = HANG_AT; i < PAGES; i++) expect(site.requests.get(`/p/${i}`), `/p/${i}`).toBe(1);

    const report = JSON.parse(readFileSync(join(dir, 'resumed.json'), 'utf8')) as ScanReport;
    expect(findingIds(report)).toEqual(findingIds(expected));
    expect(new Set(findingIds(report)).size).toBe(report.findings.length);
    expect(report.pages.map((p) => p.url).sort()).toEqual(expected.pages.map((p) => p.url).sort());
    expect(report.summary).toEqual(expected.summary);
    expect(report.interrupted).toBeUndefined();

    const [scan] = queryDb<{ state: string; runs: number; pages: number; findings: number }>(db, 'SELECT state, runs, pages, findings FROM scans');
    expect(scan).toEqual({ state: 'done', runs: 2, pages: PAGES, findings: expected.findings.length });
    expect(queryDb(db, 'SELECT 1 FROM frontier')).toEqual([]); // a finished scan's frontier is dropped
  });

  it('skips the files an interrupted folder scan already recorded', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    for (let i = 0; i < 30; i++) writeFileSync(join(folder, `page-${String(i).padStart(2, '0')}.html`), page({ title: 'Mésothérapie', lang: 'fr', body: `<p>Page ${i}. ${CLAIMS[i % 3]}</p>` }));
    const stdinPage = page({ title: 'Mesotherapy', lang: 'en', body: '<p>Our mesotherapy is clinically proven.</p>' });
    const args = (db: string) => ['scan', folder, '-', '--db', join(dir, db), '--format', 'json', '--quiet'];
    const reference = await runCli(args('folder-ref.db'), { cwd: dir, input: stdinPage });
    const expected = JSON.parse(reference.stdout) as ScanReport;

    // The folder's files are read first, then the scan waits for stdin: killed there.
    const db = join(dir, 'folder.db');
    const child = startCli(args('folder.db'), dir);
    children.push(child);
    await waitFor(() => {
      try {
        return queryDb<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM pages')[0].n === 30;
      } catch {
        return false; // not created yet
      }
    }, 'the folder pages to be committed');
    child.kill('SIGKILL');
    await exited(child);

    const resumed = await runCli([...args('folder.db').filter((a) => a !== '--quiet'), '--resume'], { cwd: dir, input: stdinPage });
    expect(resumed.stderr).toMatch(/resuming scan #1: 30 page\(s\) already done/);
    const report = JSON.parse(resumed.stdout) as ScanReport;
    expect(findingIds(report)).toEqual(findingIds(expected));
    expect(report.pages).toHaveLength(31);
    expect(queryDb<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM findings')[0].n).toBe(expected.findings.length);
  });
});
