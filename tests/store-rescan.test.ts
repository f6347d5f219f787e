import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../src/model/report-model.js';
import { runCli, tempDir } from './helpers.js';
import { clinicPage, queryDb, startSite, type TestSite } from './history-helpers.js';

const MESO = 'La mésothérapie est totalement sans danger.';
const DRIP = 'Nos perfusions de vitamines sont cliniquement prouvées.';

describe('claimscan rescan', () => {
  const dir = tempDir();
  const db = join(dir, 'history.db');
  let site: TestSite;
  afterAll(() => site?.close());

  it('runs a newly loaded rule over stored pages without fetching them again', async () => {
    site = await startSite({
      '/': clinicPage('Mésothérapie', [MESO, 'Des hématomes sont possibles.'], ['/perfusions']),
      '/perfusions': clinicPage('Perfusions de vitamines', [DRIP, 'Des hématomes sont possibles.']),
    });
    const scan = await runCli(['scan', `${site.origin}/`, '--depth', '1', '--db', db, '--format', 'json', '--quiet'], { cwd: dir });
    const before = JSON.parse(scan.stdout) as ScanReport;
    expect(before.findings.map((f) => f.text)).toEqual([MESO]);

    // the page text is kept compressed
    const contents = queryDb<{ size: number; stored: number }>(db, 'SELECT size, length(data) AS stored FROM contents');
    expect(contents).toHaveLength(2);
    for (const c of contents) expect(c.stored).toBeLessThan(c.size);

    site.requests.clear();
    await site.close(); // nothing to fetch from: the site is gone
    const r = await runCli(['rescan', '--db', db, '--rules', 'iv-drips', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(site.requests.size).toBe(0);
    expect(report.pages.map((p) => p.url).sort()).toEqual([`${site.origin}/`, `${site.origin}/perfusions`]);
    const drip = report.findings.find((f) => f.text === DRIP)!;
    expect(drip).toMatchObject({ ruleId: 'iv-efficacy-proven', url: `${site.origin}/perfusions`, selector: 'html > body > p:nth-of-type(1)', headingPath: ['Perfusions de vitamines'] });
    // compared with what the scan found: the new rule's finding is new, the old one unchanged
    expect(report.diff).toMatchObject({ new: 1, unchanged: 1, resolved: 0 });
    expect(report.diff!.status[drip.id]).toBe('new');
    expect(r.stderr).toMatch(/rescanned 2 stored page\(s\): 2 finding\(s\); against what their scans found: 1 new, 1 unchanged, 0 fixed/);

    // a rule turned off: its findings show as fixed by the change
    const cfg = join(dir, 'off.yaml');
    writeFileSync(cfg, 'rules:\n  disable: [meso-safety-no-risk]\n');
    const off = JSON.parse((await runCli(['rescan', '--db', db, '--config', cfg, '--format', 'json', '--quiet'], { cwd: dir })).stdout) as ScanReport;
    expect(off.findings).toEqual([]);
    expect(off.diff?.resolvedFindings?.map((f) => f.text)).toEqual([MESO]);

    // one page only
    const one = JSON.parse((await runCli(['rescan', '--db', db, '--url', `${site.origin}/perf`, '--rules', 'iv-drips', '--format', 'json', '--quiet'], { cwd: dir })).stdout) as ScanReport;
    expect(one.pages.map((p) => p.url)).toEqual([`${site.origin}/perfusions`]);
  });
});
