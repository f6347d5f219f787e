/**
 * Faults at the process boundary, where the exit code is what cron and CI read: a disk full
 * on the report path, TMPDIR unusable, a broken history database, Ctrl-C mid-crawl, a
 * language no pack has, a --max-pages budget between two scans; and, in-process, inline
 * opt-outs and imported triage dates.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, scanExitCode } from '../src/cli/errors.js';
import { analyzePage } from '../src/analysis/analyze-page.js';
import type { ScanReport } from '../src/model/report-model.js';
import { openDatabase } from '../src/store/database.js';
import { currentDecisions, recordDecision } from '../src/store/triage.js';
import { importTriage } from '../src/store/triage-file.js';
import { builtinRules, page, ROOT, runCli, tempDir } from './helpers.js';
import { html, startServer } from './support/test-server.js';

const CLAIM = 'La mésothérapie est totalement sans danger.';

describe('exit codes', () => {
  const dir = tempDir();
  const site = join(dir, 'site');
  mkdirSync(site);
  writeFileSync(join(site, 'index.html'), page({ title: 'Mésothérapie', lang: 'fr', body: `<p>${CLAIM}</p>` }));

  it('has one table, and a scan picks partial, then history, then findings', () => {
    expect(EXIT).toEqual({ ok: 0, findings: 1, usage: 2, internal: 3, partial: 4, reportNotWritten: 5, historyNotRecorded: 6 });
    const base = { interrupted: false, pagesFailed: 0, historyNotRecorded: false, findingsAtFailOn: false };
    expect(scanExitCode(base)).toBe(0);
    expect(scanExitCode({ ...base, findingsAtFailOn: true })).toBe(1);
    expect(scanExitCode({ ...base, findingsAtFailOn: true, historyNotRecorded: true })).toBe(6);
    expect(scanExitCode({ ...base, historyNotRecorded: true, pagesFailed: 1 })).toBe(4);
    expect(scanExitCode({ ...base, interrupted: true })).toBe(4);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const [name, code] of Object.entries(EXIT)) expect(readme, name).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });

  it.each(['json', 'html'])('exits 5 with its own message when the %s report cannot be written (disk full)', async (format) => {
    const r = await runCli(['scan', site, '--format', format, '--output', '/dev/full', '--no-history', '--quiet']);
    expect(r.code).toBe(EXIT.reportNotWritten);
    expect(r.stderr).toBe('claimscan: report not written to /dev/full: no space left on the device\n');
  });

  it('writes the report from memory when TMPDIR is unusable, and leaves no temporary folder', async () => {
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const r = await runCli(['scan', site, '--format', 'md', '--output', join(dir, 'r.md'), '--no-history', '--quiet'], { env: { TMPDIR: '/dev/full' } });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toContain('sans danger');
    const ok = await runCli(['scan', site, '--format', 'html', '--output', join(dir, 'r.html'), '--no-history', '--quiet'], { env: { TMPDIR: tmp } });
    expect(ok.code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('writes the report when the history database is corrupt or a folder, and says history was not recorded (exit 6)', async () => {
    const corrupt = join(dir, 'corrupt.db');
    writeFileSync(corrupt, 'this is not a database '.repeat(100));
    const r = await runCli(['scan', site, '--format', 'json', '--db', corrupt, '--quiet']);
    expect(r.code).toBe(EXIT.historyNotRecorded);
    expect((JSON.parse(r.stdout) as ScanReport).findings.map((f) => f.text)).toContain(CLAIM);
    expect(r.stderr).toMatch(/^claimscan: report written, history not recorded: .*corrupt\.db is not a claimscan history database/m);
    const folder = join(dir, 'db-folder');
    mkdirSync(folder);
    const f = await runCli(['scan', site, '--format', 'json', '--db', folder, '--quiet', '--fail-on', 'low']);
    expect(f.code).toBe(EXIT.historyNotRecorded);
    expect(f.stderr).toMatch(/history not recorded: cannot open the history database/);
  });

  it('refuses a --lang no loaded pack has, in scan and rescan (exit 2)', async () => {
    const r = await runCli(['scan', site, '--lang', 'de', '--no-history']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toBe('claimscan: --lang de: the loaded rule packs are in en, fr (or use auto)\n');
    const db = join(dir, 'rescan.db');
    expect((await runCli(['scan', site, '--format', 'json', '--db', db, '--quiet'])).code).toBe(0);
    const again = await runCli(['rescan', '--db', db, '--lang', 'de', '--format', 'json']);
    expect(again.code).toBe(EXIT.usage);
    expect(again.stderr).toMatch(/--lang de: the loaded rule packs are in en, fr/);
  });

  it('exits 4 (partial) when a page could not be read', async () => {
    const r = await runCli(['scan', join(dir, 'missing.html'), site, '--format', 'json', '--no-history', '--quiet']);
    expect(r.code).toBe(EXIT.partial);
    expect((JSON.parse(r.stdout) as ScanReport).summary).toMatchObject({ pages: 2, pagesFailed: 1, pagesAnalysed: 1 });
  });

  // Ctrl-C mid-crawl exiting 4 with the report written: tests/crawl-cli.test.ts

  it('does not make pages gone, or their findings new, because of a --max-pages budget', async () => {
    const server = await startServer({
      '/': html(`<p>Accueil.</p><a href="/a">a</a> <a href="/b">b</a>`),
      '/a': html(`<h1>Mésothérapie</h1><p>${CLAIM}</p>`),
      '/b': html(`<h1>Mésothérapie</h1><p>La mésothérapie est sans aucun risque pour la peau.</p>`),
    });
    const db = join(dir, 'budget.db');
    const scan = async (maxPages: number) => {
      const r = await runCli(['scan', server.url('/'), '--depth', '1', '--max-pages', String(maxPages), '--format', 'json', '--db', db, '--quiet']);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as ScanReport;
    };
    const all = await scan(3);
    expect(all.pages).toHaveLength(3);
    const cut = await scan(2); // /b is not read this time
    expect(cut.diff).toMatchObject({ pagesGone: 0, new: 0 });
    const again = await scan(3); // /b is back: its findings are not new
    expect(again.diff?.new).toBe(0);
    expect(Object.values(again.diff?.status ?? {})).not.toContain('new');
  });
});

describe('the scanned site does not decide', () => {
  it('ignores inline opt-outs unless asked, and counts them', () => {
    const html = `<html lang="fr"><body><!-- claimscan-disable-next all --><p>${CLAIM}</p></body></html>`;
    const snapshot = { url: 'https://tiers.example/', status: 200, html, fetchedAt: '2026-12-06T10:00:00Z' };
    const ignored = analyzePage(snapshot, builtinRules());
    expect(ignored.findings.length).toBeGreaterThan(0);
    expect(new Set(ignored.findings.map((f) => f.text))).toEqual(new Set([CLAIM]));
    expect(ignored.page.inlineOptOutsIgnored).toBe(1);
    const honoured = analyzePage(snapshot, builtinRules(), { honorInlineOptOuts: true });
    expect(honoured.findings).toEqual([]);
    expect(honoured.page.inlineOptOutsIgnored).toBeUndefined();
  });

  it('caps imported triage dates at the import, so the latest real decision wins, even after importing again', () => {
    const db = openDatabase(join(tempDir(), 'triage.db'));
    try {
      const id = '0123456789abcdef';
      const entries = [{ id, status: 'false-positive' as const, at: '2099-01-01T00:00:00Z', note: 'from the future' }];
      expect(importTriage(db, entries).added).toBe(1);
      const imported = currentDecisions(db).get(id)!;
      expect(Date.parse(imported.at)).toBeLessThanOrEqual(Date.now());
      recordDecision(db, id, { status: 'confirmed', at: new Date(Date.now() + 1).toISOString(), by: 'reviewer' }, 'cli');
      expect(importTriage(db, entries).added).toBe(0);
      expect(currentDecisions(db).get(id)).toMatchObject({ status: 'confirmed', by: 'reviewer' });
    } finally {
      db.close();
    }
  });
});
