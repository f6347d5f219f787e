/**
 * Evidence: `scan --screenshots` keeps a screenshot of each page with findings, the claims'
 * elements outlined — found again by text when a script moved them — stored beside the report
 * or embedded in it, with the time it was taken.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../src/model/report-model.js';
import { page, runCli, tempDir } from './helpers.js';

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
