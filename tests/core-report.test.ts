import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingId } from '../src/analysis/findings/finding-id.js';
import type { ScanReport } from '../src/model/report-model.js';
import { page, runCli, tempDir } from './helpers.js';

describe('finding ids', () => {
  it('are the same for the same claim on the same page, whatever the spacing, case or accents', () => {
    const a = findingId('https://c.example/p', 'meso-safety-no-risk', 'La mésothérapie est  sans danger.');
    expect(findingId('https://c.example/p#top', 'meso-safety-no-risk', 'la mesotherapie est sans danger')).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  it('differ by page, rule and sentence', () => {
    const a = findingId('https://c.example/p', 'r', 'Sans danger.');
    expect(findingId('https://c.example/q', 'r', 'Sans danger.')).not.toBe(a);
    expect(findingId('https://c.example/p', 's', 'Sans danger.')).not.toBe(a);
    expect(findingId('https://c.example/p', 'r', 'Sans aucun danger.')).not.toBe(a);
  });

  it('are stable from scan to scan of the same file', async () => {
    const dir = tempDir();
    const file = join(dir, 'p.html');
    writeFileSync(file, page({ title: 'Mésolift', lang: 'fr', body: '<p>Résultats garantis, sans aucun risque.</p>' }));
    const ids = async () => (JSON.parse((await runCli(['scan', file, '--format', 'json', '--quiet'])).stdout) as ScanReport).findings.map((f) => f.id).sort();
    const first = await ids();
    expect(first.length).toBeGreaterThan(1);
    expect(await ids()).toEqual(first);
  });
});

describe('the JSON report', () => {
  const dir = tempDir();
  const good = join(dir, 'good.html');
  writeFileSync(
    good,
    page({
      title: 'Mesotherapy – Example Clinic',
      lang: 'en',
      body: '<h1>Mesotherapy</h1><h2>Why us</h2><p>Our mesotherapy is clinically proven. Book online.</p>',
    }),
  );

  it('has the documented shape', async () => {
    const out = join(dir, 'report.json');
    const r = await runCli(['scan', good, join(dir, 'missing.html'), '--format', 'json', '--output', out, '--quiet']);
    // a target that could not be read makes the scan partial (exit 4); the report lists it
    expect(r.code).toBe(4);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
    expect(Object.keys(report)).toEqual(['tool', 'startedAt', 'finishedAt', 'targets', 'packs', 'summary', 'pages', 'findings']);
    expect(report.tool).toEqual({ name: 'claimscan', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(Date.parse(report.finishedAt)).toBeGreaterThanOrEqual(Date.parse(report.startedAt));
    expect(report.packs).toContainEqual({ name: 'mesotherapy', version: expect.any(String) });
    expect(report.pages).toEqual([
      expect.objectContaining({ url: expect.stringMatching(/^file:\/\/.*good\.html$/), title: 'Mesotherapy - Example Clinic', lang: 'en', status: 200, findings: 2, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }),
      expect.objectContaining({ url: expect.stringMatching(/missing\.html$/), status: 0, error: expect.stringMatching(/no such file/) }),
    ]);
    const claim = report.findings.find((f) => f.category === 'efficacy.proven')!;
    expect(claim).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      ruleId: 'meso-efficacy-proven',
      category: 'efficacy.proven',
      severity: 'high',
      url: report.pages[0].url,
      text: 'Our mesotherapy is clinically proven.',
      match: 'clinically proven',
      matchStart: 19,
      matchEnd: 36,
      headingPath: ['Mesotherapy', 'Why us'],
      selector: 'html > body > p',
      lang: 'en',
      message: expect.stringContaining('not proven'),
      source: { document: 'FICHE', title: expect.any(String), quote: expect.stringContaining('n’est pas prouvée'), translation: { lang: 'en', text: expect.any(String) } },
      pack: { name: 'mesotherapy', version: expect.any(String) },
      pageTitle: 'Mesotherapy - Example Clinic',
      confidence: expect.any(Number),
    });
    expect(report.summary).toEqual({ pages: 2, pagesWithFindings: 1, pagesFailed: 1, pagesAnalysed: 1, pagesSkipped: 0, pagesNotReached: 0, pagesClean: 0, findings: 2, bySeverity: { high: 1, low: 1 }, byCategory: { 'efficacy.proven': 1, 'page.no-risk-disclosure': 1 } });
  });
});

describe('malformed pages never crash a scan', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'empty.html'), '');
  writeFileSync(join(dir, 'unclosed.html'), '<html><body><div><p>La mésothérapie est sans danger<p><b>Résultats du mésolift <i>garantis<table><tr><td>x');
  writeFileSync(join(dir, 'binary.html'), Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 2654435761) % 256)));
  const big = '<p>' + 'La mésothérapie est une technique. '.repeat(150_000) + '</p>';
  writeFileSync(join(dir, 'big.html'), `<html><head><title>Mésothérapie</title></head><body>${big}<p>Résultats garantis.</p></body></html>`);

  it('reads an empty file, unclosed tags, binary junk and a 5 MB page', async () => {
    const r = await runCli(['scan', dir, '--format', 'json', '--quiet']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.pages.map((p) => p.url.replace(/^.*\//, '')).sort()).toEqual(['big.html', 'binary.html', 'empty.html', 'unclosed.html']);
    expect(report.pages.every((p) => p.status === 200)).toBe(true);
    const unclosed = report.findings.filter((f) => f.url.endsWith('unclosed.html')).map((f) => f.category);
    expect(unclosed).toEqual(expect.arrayContaining(['safety.no-risk', 'efficacy.proven']));
    expect(Buffer.byteLength(big)).toBeGreaterThan(5_000_000);
  });
});
