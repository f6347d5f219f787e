import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../src/model/report-model.js';
import { page, runCli, tempDir } from './helpers.js';
import { queryDb } from './history-helpers.js';

const NO_RISK = 'La mésothérapie est totalement sans danger.';
const GUARANTEED = 'Résultats garantis dès la première séance de mésothérapie.';

describe('triage: decisions that last', () => {
  const dir = tempDir();
  const site = join(dir, 'site');
  mkdirSync(site);
  writeFileSync(join(site, 'index.html'), page({ title: 'Mésothérapie', lang: 'fr', body: `<p>${NO_RISK}</p><p>${GUARANTEED}</p><p>Des hématomes sont possibles.</p>` }));
  const db = join(dir, 'history.db');
  const scan = async (...extra: string[]) => {
    const r = await runCli(['scan', site, '--format', 'json', '--db', db, '--quiet', ...extra], { cwd: dir });
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as ScanReport;
  };
  const triage = (...args: string[]) => runCli(['triage', '--db', db, ...args], { cwd: dir });
  let fp = '';

  it('hides a false positive from later scans and keeps its audit row', async () => {
    const first = await scan();
    const finding = first.findings.find((f) => f.text === GUARANTEED)!;
    fp = finding.id;
    expect(first.findings).toHaveLength(2);

    const t = await triage(fp.slice(0, 8), '--status', 'false-positive', '--note', 'quoted from a patient review', '--by', 'alice');
    expect(t.code).toBe(0);

    const second = await scan();
    expect(second.findings.map((f) => f.text)).toEqual([NO_RISK]);
    expect(second.summary.findings).toBe(1);
    expect(second.pages[0].findings).toBe(1);
    expect(second.triage?.[fp]).toMatchObject({ status: 'false-positive', note: 'quoted from a patient review', by: 'alice' });
    // the finding is still in history (the claim is still on the page), just not reported
    expect(queryDb(db, 'SELECT finding_id FROM findings WHERE scan_id = 2 AND finding_id = ?', fp)).toHaveLength(1);

    // A later decision is a new row: the first one stays in the trail.
    await triage(fp, '--status', 'confirmed', '--note', 'on second thought, it is the clinic’s claim', '--by', 'bob');
    const third = await scan();
    expect(third.findings.map((f) => f.text).sort()).toEqual([NO_RISK, GUARANTEED].sort());
    const log = await triage(fp, '--log', '--format', 'json');
    const [trail] = JSON.parse(log.stdout) as Array<{ id: string; decisions: Array<{ status: string; by: string; via: string; note: string }> }>;
    expect(trail.decisions.map((d) => [d.status, d.by, d.via])).toEqual([
      ['false-positive', 'alice', 'cli'],
      ['confirmed', 'bob', 'cli'],
    ]);

    // The trail cannot be rewritten, even by hand.
    const raw = new Database(db);
    expect(() => raw.prepare(`UPDATE triage SET status = 'ignored'`).run()).toThrow(/append-only/);
    expect(() => raw.prepare(`DELETE FROM triage`).run()).toThrow(/append-only/);
    raw.close();
  });

  it('refuses unknown statuses and unknown or ambiguous ids', async () => {
    const bad = await triage(fp, '--status', 'wontfix');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--status takes one of confirmed, false-positive, fixed, ignored/);
    const unknown = await triage('abcdef0123456789', '--status', 'ignored');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no finding "abcdef0123456789"/);
    const nothing = await triage(fp);
    expect(nothing.code).toBe(2);
  });

  it('exports decisions to a baseline file that another history, or a scan without history, applies', async () => {
    await triage(fp, '--status', 'false-positive', '--note', 'patient review', '--by', 'alice');
    const exported = await triage('--export');
    expect(exported.code).toBe(0);
    const baseline = readFileSync(join(dir, '.claimscan-triage.yaml'), 'utf8');
    expect(baseline).toContain(`id: ${fp}`);
    expect(baseline).toContain('status: false-positive');
    expect(baseline).toContain(`text: ${GUARANTEED}`);

    // A fresh history (CI checkout) with the baseline: imported once, the false positive stays hidden.
    const other = join(dir, 'other.db');
    const imported = await runCli(['triage', '--db', other, '--import', join(dir, '.claimscan-triage.yaml')], { cwd: dir });
    expect(imported.stderr).toMatch(/^1 decision\(s\) imported/);
    const again = await runCli(['triage', '--db', other, '--import', join(dir, '.claimscan-triage.yaml')], { cwd: dir });
    expect(again.stderr).toMatch(/^0 decision\(s\) imported/);
    const fresh = await runCli(['scan', site, '--format', 'json', '--db', other, '--quiet'], { cwd: dir });
    expect((JSON.parse(fresh.stdout) as ScanReport).findings.map((f) => f.text)).toEqual([NO_RISK]);

    // Without history, the baseline in the current folder still applies.
    const noHistory = await runCli(['scan', site, '--format', 'json', '--no-history', '--quiet'], { cwd: dir });
    const report = JSON.parse(noHistory.stdout) as ScanReport;
    expect(report.findings.map((f) => f.text)).toEqual([NO_RISK]);
    expect(report.triage?.[fp]?.status).toBe('false-positive');
    expect(report.diff).toBeUndefined();
  });

  it('names the file, line and field of a broken baseline', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, `version: 1\ndecisions:\n  - id: ${fp}\n    status: maybe\n    at: 2026-11-17T10:00:00Z\n`);
    const r = await triage('--import', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:4: field "decisions[0].status"`);
  });

  it('honours an inline opt-out comment in the page', async () => {
    const optOut = join(dir, 'opt-out');
    mkdirSync(optOut);
    writeFileSync(
      join(optOut, 'index.html'),
      page({ title: 'Mésothérapie', lang: 'fr', body: `<!-- claimscan-disable-next meso-safety-no-risk --><p>${NO_RISK}</p><p>${GUARANTEED}</p><p>La mésothérapie est sans effets secondaires.</p><p>Des hématomes sont possibles.</p>` }),
    );
    const r = await runCli(['scan', optOut, '--format', 'json', '--no-history', '--quiet'], { cwd: dir });
    const report = JSON.parse(r.stdout) as ScanReport;
    // only the next element is silenced, and only for that rule
    expect(report.findings.map((f) => [f.ruleId, f.text]).sort()).toEqual([
      ['meso-efficacy-proven', GUARANTEED],
      ['meso-safety-no-risk', 'La mésothérapie est sans effets secondaires.'],
    ]);
  });
});
