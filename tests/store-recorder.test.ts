import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/model/finding.js';
import { analyzePage } from '../src/analysis/analyze-page.js';
import type { PageRecord } from '../src/model/report-model.js';
import { openDatabase } from '../src/store/database.js';
import { ScanRecorder } from '../src/store/scan-recorder.js';
import { builtinRules, page, tempDir } from './helpers.js';

function analysed(url: string, sentence: string) {
  const html = page({ title: 'Mésothérapie', lang: 'fr', body: `<p>${sentence}</p><p>Des hématomes sont possibles.</p>` });
  const snapshot = { url, status: 200, html, fetchedAt: new Date().toISOString(), sha256: createHash('sha256').update(html).digest('hex') };
  return { snapshot, ...analyzePage(snapshot, builtinRules(), { collectLinks: true }) };
}

/** A report writer stand-in. */
function sink() {
  const pages: PageRecord[] = [];
  const findings: Finding[] = [];
  return { pages, findings, addPage: (p: PageRecord) => pages.push(p), addFinding: (f: Finding) => findings.push(f) };
}

describe('scan recorder', () => {
  const dir = tempDir();

  it('a page stored but not finished when the crawl died is read again and reported once', async () => {
    const file = join(dir, 'crawl.db');
    const scan = { targets: ['https://clinique.example/'], options: {}, packs: [], toolVersion: 'test', startedAt: new Date().toISOString() };
    const a = analysed('https://clinique.example/', 'La mésothérapie est totalement sans danger.');
    const b = analysed('https://clinique.example/b', 'Résultats garantis dès la première séance de mésothérapie.');

    // First run: A done; B stored, but the process dies before B is marked done.
    let db = openDatabase(file);
    let rec = ScanRecorder.start(db, scan);
    let frontier = rec.frontier();
    frontier.add({ url: a.snapshot.url, key: 'a', depth: 0 });
    frontier.next();
    rec.record({ ...a.page }, a.findings, a.snapshot, a.extracted);
    frontier.add({ url: b.snapshot.url, key: 'b', depth: 1 });
    frontier.markDone('a');
    frontier.next();
    rec.record({ ...b.page }, b.findings, b.snapshot, b.extracted);
    rec.flush(); // a batch fills up right after B's page…
    db.close(); // …and the process is killed: B is not marked done

    // Resume: the frontier hands B out again, B is analysed again.
    db = openDatabase(file);
    rec = ScanRecorder.start(db, { ...scan, resume: true });
    expect(rec.resumed).toBe(true);
    frontier = rec.frontier();
    expect(frontier.add({ url: a.snapshot.url, key: 'a', depth: 0 })).toBe(false); // start URLs again: known
    expect(frontier.next()?.key).toBe('b');
    expect(frontier.next()).toBeUndefined();
    const report = sink();
    rec.record({ ...b.page }, b.findings, b.snapshot, b.extracted);
    frontier.markDone('b');
    rec.replayEarlier(report);
    for (const f of b.findings) report.findings.push(f); // what the scan itself hands the writer
    report.pages.push(b.page);
    const outcome = await rec.finish(false);
    db.close();

    expect(report.pages.map((p) => p.url).sort()).toEqual([a.snapshot.url, b.snapshot.url]);
    expect(report.findings.map((f) => f.id).sort()).toEqual([...a.findings, ...b.findings].map((f) => f.id).sort());
    expect(outcome.scan).toMatchObject({ state: 'done', runs: 2, pages: 2, findings: a.findings.length + b.findings.length });
  });

  it('counts a page given twice once, with its later findings', async () => {
    const db = openDatabase(join(dir, 'twice.db'));
    const rec = ScanRecorder.start(db, { targets: ['site'], options: {}, packs: [], toolVersion: 'test', startedAt: new Date().toISOString() });
    const first = analysed('file:///site/a.html', 'La mésothérapie est totalement sans danger.');
    const again = analysed('file:///site/a.html', 'Une séance dure trente minutes.');
    rec.record({ ...first.page }, first.findings, first.snapshot, first.extracted);
    rec.record({ ...again.page }, again.findings, again.snapshot, again.extracted);
    const outcome = await rec.finish(false);
    expect(outcome.scan).toMatchObject({ pages: 1, findings: 0 });
    expect(db.prepare('SELECT COUNT(*) FROM findings').pluck().get()).toBe(0);
    db.close();
  });
});
