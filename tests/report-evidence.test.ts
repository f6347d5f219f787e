/**
 * Evidence: `scan --screenshots` keeps a screenshot of each page with findings, the claims'
 * elements outlined — found again by text when a script moved them — stored beside the report
 * or embedded in it, with the time it was taken.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureEvidence, evidencePages } from '../src/evidence/screenshots.js';
import type { ScanReport } from '../src/model/report-model.js';
import { page, runCli, tempDir } from './helpers.js';
import { finding, pageRecord, report } from './report-fixtures.js';
import { html, startServer } from './support/test-server.js';

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('scan --screenshots', () => {
  const dir = tempDir();
  // A script re-mounts the content in a wrapper, as frameworks do: the selectors recorded from
  // the static HTML no longer match, the claims must be found by their text.
  writeFileSync(
    join(dir, 'clinique.html'),
    page({
      title: 'Mésothérapie – Clinique',
      lang: 'fr',
      body: `<h1>Mésothérapie</h1>
        <p>La mésothérapie est totalement sans danger.</p>
        <p>Nos injections de mésothérapie ne provoquent <strong>aucun effet secondaire</strong>.</p>
        <script>
          const wrap = document.createElement('div');
          while (document.body.firstChild) wrap.appendChild(document.body.firstChild);
          document.body.appendChild(wrap);
        </script>`,
    }),
  );
  writeFileSync(join(dir, 'honest.html'), page({ title: 'Mésothérapie', lang: 'fr', body: '<p>La mésothérapie peut provoquer des hématomes et des infections.</p>' }));

  it('stores a PNG beside the report, claims outlined, and records it with its time', async () => {
    const out = join(dir, 'out/report.json');
    const r = await runCli(['scan', join(dir, 'clinique.html'), join(dir, 'honest.html'), '--format', 'json', '--output', out, '--screenshots'], { timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
    const claims = report.findings.filter((f) => f.match !== '');
    expect(claims.length).toBe(2);
    expect(r.stderr).toContain(`screenshots: 1 of 1 page(s) with findings, ${claims.length} claim(s) outlined`);
    const withShot = report.pages.filter((p) => p.screenshot);
    expect(withShot.map((p) => p.url)).toEqual([report.findings[0].url]); // only the page with findings
    const shot = withShot[0];
    expect(shot.screenshot).toMatch(/^report\.evidence\/[0-9a-f]{16}\.png$/);
    expect(Date.parse(shot.screenshotAt!)).toBeGreaterThanOrEqual(Date.parse(shot.fetchedAt!));
    const size = pngSize(readFileSync(join(dir, 'out', shot.screenshot!)));
    expect(size.width).toBe(1280);
    expect(size.height).toBeGreaterThan(100);
  });

  it('embeds the screenshot with --embed-screenshots', async () => {
    const r = await runCli(['scan', join(dir, 'clinique.html'), '--format', 'html', '--output', '-', '--embed-screenshots', '--quiet'], { timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout.match(/<script type="application\/json" id="claimscan-data">([^]*?)<\/script>/)![1]);
    expect(data.pages[0].screenshot).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });

  it('takes no value, so a target after it stays a target', async () => {
    const r = await runCli(['scan', '--screenshots', join(dir, 'honest.html'), '--format', 'json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).pages).toHaveLength(1);
  });
});

describe('screenshots when a page misbehaves', () => {
  const dir = tempDir();

  it('reports a page whose script never returns, and takes the pages after it in a fresh tab', async () => {
    const claim = '<p>La mésothérapie est totalement sans danger.</p>';
    const site = await startServer({
      '/a': html(claim),
      // a synchronous request nobody answers: the tab's script is stuck (without using the CPU)
      '/stuck': html(`${claim}<script>window.addEventListener('load', () => { const x = new XMLHttpRequest(); x.open('GET', '/never', false); x.send(); });</script>`),
      '/never': () => new Promise<void>(() => {}),
      '/b': html(claim),
      '/c': html(claim),
    });
    const urls = ['/a', '/stuck', '/b', '/c'].map((p) => site.url(p));
    const pages = urls.map((url) => pageRecord(url, 1));
    const log: string[] = [];
    const result = await captureEvidence(report(pages, urls.map((url) => finding({ url }))), { dir: join(dir, 'shots'), concurrency: 1, timeoutMs: 4000, log: (l) => log.push(l) });
    expect(result).toMatchObject({ pages: 4, captured: 3, failed: 1 });
    expect(log).toEqual([expect.stringMatching(/^screenshot of .*\/stuck failed: still busy after 4 s$/)]);
    expect(pages.map((p) => Boolean(p.screenshot))).toEqual([true, false, true, true]);
  }, 60_000);

  it('opens only the pages a screenshot can be taken of: with findings, not PDFs', () => {
    const urls = ['https://clinique.example/', 'https://clinique.example/brochure.pdf', 'https://clinique.example/sans-constat'];
    const pages = [pageRecord(urls[0], 1), pageRecord(urls[1], 1, { pdfPages: { total: 2, read: 2 } }), pageRecord(urls[2], 0)];
    expect(evidencePages(report(pages, [finding({ url: urls[0] }), finding({ url: urls[1] })])).map((p) => p.url)).toEqual([urls[0]]);
  });
});
