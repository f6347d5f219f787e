#!/usr/bin/env node
// What keeping history costs a scan: the pages of the synthetic benchmark site are fetched once,
// analysed, then recorded into a fresh history database the way `claimscan scan` does it
// (batched transactions, compressed page text, findings split from their rule's shared part).
// Prints the time per page of the analysis and of the store, and the database size per page.
//
//   npm run build && node scripts/bench-history.mjs [--pages 1000]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = (p) => import(join(root, 'dist', p));
const argv = process.argv.slice(2);
const pages = Number(argv.includes('--pages') ? argv[argv.indexOf('--pages') + 1] : 1000);

const { decodeHtml } = await dist('fetch/decode.js');
const { analyzePage } = await dist('pipeline/analyze-page.js');
const { loadRuleSet } = await dist('rules/load.js');
const { openDatabase } = await dist('store/database.js');
const { ScanRecorder } = await dist('store/scan-recorder.js');

const site = spawn(process.execPath, [join(root, '../shared/bench/site.mjs'), '--pages', String(pages)], { stdio: ['ignore', 'pipe', 'inherit'] });
const origin = await new Promise((resolve) => site.stdout.on('data', (d) => /READY (\S+)/.test(String(d)) && resolve(/READY (\S+)/.exec(String(d))[1])));
const snapshots = [];
for (let i = 0; i < pages; i++) {
  const url = `${origin}p/${i}`;
  const res = await fetch(url);
  const bytes = Buffer.from(await res.arrayBuffer());
  snapshots.push({ url, status: res.status, contentType: res.headers.get('content-type'), html: decodeHtml(bytes, res.headers.get('content-type')), fetchedAt: new Date().toISOString(), sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
}
site.kill();

const ruleSet = loadRuleSet();
for (const s of snapshots.slice(0, 50)) analyzePage(s, ruleSet); // warm up
let t = performance.now();
const analysed = snapshots.map((s) => ({ s, ...analyzePage(s, ruleSet) }));
const analysisMs = performance.now() - t;

const dir = mkdtempSync(join(tmpdir(), 'claimscan-bench-history-'));
const diskSize = (file) => statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);

/**
 * One scan's recording into `file`, as `claimscan scan` does it. Returns the time the scan's
 * own thread spends (`main`: what slows the scan) and the time until all is committed (`total`).
 */
async function record(file, writer) {
  const db = openDatabase(file);
  const t = performance.now();
  const recorder = ScanRecorder.start(db, { targets: [origin], options: {}, packs: [], toolVersion: 'bench', startedAt: new Date().toISOString(), writer });
  for (const a of analysed) recorder.record({ ...a.page }, a.findings, a.s, a.extracted);
  recorder.flush();
  const main = performance.now() - t;
  await recorder.finish(false);
  const total = performance.now() - t;
  db.close();
  return { main, total };
}
const inline = await record(join(dir, 'inline.db'), 'inline');
const file = join(dir, 'worker.db');
const first = await record(file, 'worker');
const sizeAfterFirst = diskSize(file);
const again = await record(file, 'worker'); // the same pages a week later: their text is already stored
rmSync(dir, { recursive: true, force: true });

const findings = analysed.reduce((n, a) => n + a.findings.length, 0);
console.log(`${pages} pages, ${findings} findings`);
console.log(`analysis: ${(analysisMs / pages).toFixed(3)} ms/page`);
const per = (ms) => `${(ms / pages).toFixed(3)} ms/page (${((100 * ms) / analysisMs).toFixed(1)} % of the analysis)`;
console.log(`history written on the scan's thread:  ${per(inline.main)}`);
console.log(`history on a worker, scan's thread:     ${per(first.main)}; all committed ${((first.total - first.main) / 1000).toFixed(2)} s later; ${(sizeAfterFirst / pages / 1024).toFixed(1)} KB/page on disk`);
console.log(`same pages again (text already stored): ${per(again.main)}`);
