import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../src/model/report-model.js';
import { page, runCli, spawnCli, tempDir } from './helpers.js';

describe('claimscan scan (local files)', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'site/sub'), { recursive: true });
  writeFileSync(
    join(dir, 'site/index.html'),
    page({ title: 'Mésothérapie – Clinique Test', lang: 'fr', body: '<h1>Mésothérapie</h1><p>La mésothérapie est totalement sans danger. Prenez rendez-vous.</p>' }),
  );
  writeFileSync(join(dir, 'site/sub/honest.htm'), page({ title: 'Mésothérapie', lang: 'fr', body: '<p>La mésothérapie peut provoquer des hématomes et des infections.</p>' }));
  writeFileSync(join(dir, 'site/notes.txt'), 'La mésothérapie est sans danger.');

  it('scans every .html/.htm file of a folder and writes the JSON report', async () => {
    const out = join(dir, 'report.json');
    const r = await runCli(['scan', join(dir, 'site'), '--format', 'json', '--output', out, '--quiet']);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
    expect(report.tool.name).toBe('claimscan');
    expect(report.pages.map((p) => p.url.replace(/^.*\/site\//, '')).sort()).toEqual(['index.html', 'sub/honest.htm']);
    const categories = report.findings.filter((f) => f.url.endsWith('index.html')).map((f) => f.category).sort();
    expect(categories).toEqual(['page.no-risk-disclosure', 'safety.no-risk']);
    expect(report.findings.some((f) => f.url.endsWith('honest.htm'))).toBe(false);
  });

  it('reads HTML from stdin with -', async () => {
    // the real binary, its stdin a pipe
    const r = await spawnCli(['scan', '-', '--format', 'json'], { input: page({ title: 'Mesotherapy', lang: 'en', body: '<p>Our mesotherapy is clinically proven.</p>' }) });
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.findings.map((f) => f.category)).toContain('efficacy.proven');
  });

  it('exits 1 with --fail-on when a finding is at or above the threshold, 0 below it', async () => {
    const high = await runCli(['scan', join(dir, 'site'), '--fail-on', 'high', '--format', 'json', '--quiet']);
    expect(high.code).toBe(1);
    const input = page({ title: 'Mésothérapie', lang: 'fr', body: '<p>Le cocktail de mésothérapie est préparé sur place. Des hématomes sont possibles.</p>' });
    const medium = await runCli(['scan', '-', '--fail-on', 'high', '--format', 'json', '--quiet'], { input });
    expect(JSON.parse(medium.stdout).findings.map((f: { category: string }) => f.category)).toEqual(['mixture.in-office']);
    expect(medium.code).toBe(0);
  });

  it('exits 2 on a usage error', async () => {
    const r = await runCli(['scan', dir, '--fail-on', 'extreme']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fail-on takes one of low, medium, high/);
  });

  it('reports a missing target in pages and goes on', async () => {
    const r = await runCli(['scan', join(dir, 'nope'), join(dir, 'site/index.html'), '--format', 'json', '--quiet']);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.pages[0]).toMatchObject({ status: 0, error: expect.stringMatching(/no such file/) });
    expect(report.pages).toHaveLength(2);
  });
});
