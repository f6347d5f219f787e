import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../src/model/report-model.js';
import { runCli, tempDir } from './helpers.js';
import { clinicPage, startSite, type TestSite } from './history-helpers.js';

const RISK = 'Des hématomes peuvent apparaître aux points d’injection.';
const STAYS = 'La mésothérapie est totalement sans danger.';
const REMOVED = 'Résultats garantis dès la première séance de mésothérapie.';
const ON_DELETED_PAGE = 'La mésothérapie est sans effets secondaires.';
const ADDED = 'Nos produits de mésothérapie sont 100 % naturels, donc sans aucun risque.';
const ON_FAILING_PAGE = "L'efficacité de la mésothérapie est prouvée par de nombreuses études.";

interface DiffJson {
  from: { id: number; startedAt: string };
  to: { id: number };
  summary: string;
  new: Array<{ url: string; text: string; ruleId: string }>;
  unchanged: Array<{ url: string; text: string }>;
  resolved: Array<{ url: string; text: string }>;
  pagesGone: Array<{ url: string; status?: number; findings: Array<{ text: string }> }>;
  notRechecked: Array<{ url: string; text: string }>;
}

describe('history: what changed between two scans of a site', () => {
  const dir = tempDir();
  const db = join(dir, 'history.db');
  let site: TestSite;
  afterAll(() => site?.close());

  const scan = async (out: string) => {
    const r = await runCli(['scan', `${site.origin}/`, '--depth', '2', '--db', db, '--format', 'json', '--output', join(dir, out), '--quiet'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(readFileSync(join(dir, out), 'utf8')) as ScanReport;
  };

  it('classifies findings as new, unchanged, fixed, on a page gone, or not rechecked', async () => {
    site = await startSite({
      '/': clinicPage('Mésothérapie', [STAYS, REMOVED, RISK], ['/soins', '/tarifs', '/equipe']),
      '/soins': clinicPage('Nos soins de mésothérapie', [ON_DELETED_PAGE, RISK]),
      '/tarifs': clinicPage('Tarifs mésothérapie', ['Une séance de mésothérapie coûte 80 euros.', RISK]),
      '/equipe': clinicPage('Équipe', [ON_FAILING_PAGE, RISK]),
    });
    const first = await scan('first.json');
    expect(first.diff).toBeUndefined(); // nothing to compare with yet
    expect([...new Set(first.findings.map((f) => f.text))].sort()).toEqual([ON_FAILING_PAGE, REMOVED, STAYS, ON_DELETED_PAGE].sort());

    // The clinic removes one claim, adds one, deletes a page; another page fails this time.
    site.pages.set('/', clinicPage('Mésothérapie', [STAYS, RISK], ['/soins', '/tarifs', '/equipe']));
    site.pages.delete('/soins');
    site.pages.set('/tarifs', clinicPage('Tarifs mésothérapie', ['Une séance de mésothérapie coûte 80 euros.', ADDED, RISK]));
    site.status.set('/equipe', 500);
    const second = await scan('second.json');

    const r = await runCli(['diff', '--db', db, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout) as DiffJson;
    const home = `${site.origin}/`;
    expect(diff.new.map((f) => [f.url, f.text])).toEqual([
      [`${site.origin}/tarifs`, ADDED],
      [`${site.origin}/tarifs`, ADDED],
    ]);
    expect(diff.new.map((f) => f.ruleId).sort()).toEqual(['meso-safety-natural', 'meso-safety-no-risk']);
    expect(diff.unchanged.map((f) => [f.url, f.text])).toEqual([[home, STAYS]]);
    expect(diff.resolved.map((f) => [f.url, f.text])).toEqual([[home, REMOVED]]);
    expect(diff.pagesGone).toEqual([expect.objectContaining({ url: `${site.origin}/soins`, status: 404, findings: [expect.objectContaining({ text: ON_DELETED_PAGE })] })]);
    expect(diff.notRechecked.length).toBeGreaterThan(0);
    for (const f of diff.notRechecked) expect([f.url, f.text]).toEqual([`${site.origin}/equipe`, ON_FAILING_PAGE]);
    // names the scan compared with, and its time: there can be several scans a day
    expect(diff.summary).toBe(`2 new, 1 unchanged, 1 fixed, 1 page gone since scan #${diff.from.id} (${first.startedAt.slice(0, 10)} ${first.startedAt.slice(11, 16)} UTC)`);
    expect(diff.from.startedAt).toBe(first.startedAt);

    // The report of the second scan carries the same comparison.
    expect(second.diff).toMatchObject({ since: first.startedAt, new: 2, unchanged: 1, resolved: 1, pagesGone: 1 });
    expect(second.diff!.resolvedFindings!.map((f) => f.text)).toEqual([REMOVED]);
    for (const f of second.findings) expect(second.diff!.status[f.id]).toBe(f.text === STAYS ? 'unchanged' : 'new');

    const text = await runCli(['diff', '--db', db], { cwd: dir });
    expect(text.stdout).toContain('2 new, 1 unchanged, 1 fixed, 1 page gone since');
    expect(text.stdout).toMatch(/Pages gone\n\s+http:\/\/127\.0\.0\.1:\d+\/soins\s+HTTP 404, 1 finding\(s\) gone with it/);

    const failOnNew = await runCli(['diff', '--db', db, '--fail-on-new'], { cwd: dir });
    expect(failOnNew.code).toBe(1);
  });

  it('names scans by number and lists them', async () => {
    const list = await runCli(['diff', '--list', '--db', db, '--format', 'json'], { cwd: dir });
    const scans = JSON.parse(list.stdout) as Array<{ id: number; state: string; pages: number }>;
    expect(scans.map((s) => [s.id, s.state])).toEqual([
      [2, 'done'],
      [1, 'done'],
    ]);
    const same = await runCli(['diff', '2', '2', '--db', db, '--format', 'json'], { cwd: dir });
    const nothing = JSON.parse(same.stdout) as DiffJson;
    expect(nothing.new).toEqual([]);
    expect(nothing.resolved).toEqual([]);
    const bad = await runCli(['diff', '7', '--db', db], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no scan #7/);
    const none = await runCli(['diff', '--db', join(dir, 'none.db')], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no history database/);
  });
});
