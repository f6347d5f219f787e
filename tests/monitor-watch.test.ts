import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanNotification } from '../src/monitor/webhook.js';
import { BIN, runCli, tempDir } from './helpers.js';
import { clinicPage, queryDb, startSite, waitFor, type TestSite } from './history-helpers.js';

const RISK = 'Des hématomes sont possibles.';

describe('claimscan watch', () => {
  const dir = tempDir();
  const posts: Array<{ body: ScanNotification; headers: IncomingHttpHeaders }> = [];
  const hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      posts.push({ body: JSON.parse(body) as ScanNotification, headers: req.headers });
      res.writeHead(204).end();
    });
  });
  let site: TestSite;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    child?.kill('SIGKILL');
    hook.close();
    await site?.close();
  });

  it('scans on schedule and POSTs once per scan with new findings, never when nothing is new', async () => {
    site = await startSite({ '/': clinicPage('Mésothérapie', ['La mésothérapie est totalement sans danger.', RISK], ['/soins']), '/soins': clinicPage('Soins', ['Une séance dure trente minutes.', RISK]) });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    const config = join(dir, 'claimscan.config.yaml');
    writeFileSync(
      config,
      `groups:\n  clinic:\n    targets: ["${site.origin}/"]\n    crawl: { depth: 1 }\n    schedule: "* * * * * *"\n` +
        `history:\n  db: history.db\noutput:\n  dir: out\n  formats: [json, md]\n` +
        `notify:\n  webhook:\n    url: ${hookUrl}\n    headers: { X-Token: "\${HOOK_TOKEN}" }\n`,
    );
    const db = join(dir, 'history.db');
    const doneScans = () => {
      try {
        return queryDb<{ id: number }>(db, `SELECT id FROM scans WHERE state = 'done' ORDER BY id`).map((r) => r.id);
      } catch {
        return [];
      }
    };
    let stderr = '';
    child = spawn(process.execPath, [BIN, 'watch'], { cwd: dir, env: { ...process.env, HOOK_TOKEN: 'secret', NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (d) => (stderr += d));

    // First scan: everything is new → one POST. Second scan: nothing new → none.
    await waitFor(() => doneScans().length >= 2 && posts.length >= 1, 'two scans', 30_000);
    expect(posts).toHaveLength(1);
    const [first] = posts;
    expect(first.headers['x-token']).toBe('secret');
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.body).toMatchObject({ event: 'claimscan.scan', group: 'clinic', diff: null, newFindingsTotal: 1, scan: { id: doneScans()[0], pages: 2, findings: 1 } });
    expect(first.body.newFindings.map((f) => f.text)).toEqual(['La mésothérapie est totalement sans danger.']);
    expect(first.body.text).toMatch(/^claimscan clinic: first scan \(#1\): 1 finding\(s\) on 2 page\(s\)/);

    // The clinic adds a claim: the next scan POSTs it, and only it.
    site.pages.set('/soins', clinicPage('Soins', ['Une séance dure trente minutes.', 'Résultats garantis dès la première séance de mésothérapie.', RISK]));
    await waitFor(() => posts.length === 2, 'a second POST', 30_000);
    const second = posts[1].body;
    expect(second.newFindings.map((f) => [f.url, f.text])).toEqual([[`${site.origin}/soins`, 'Résultats garantis dès la première séance de mésothérapie.']]);
    expect(second.diff).toMatchObject({ new: 1, unchanged: 1, resolved: 0, pagesGone: 0 });
    // the scan's reports, in the configured formats, one file name a scan
    expect(second.reports.map((r) => r.replace(/^.*\./, ''))).toEqual(['json', 'md']);
    expect(second.reports.every((r) => existsSync(r))).toBe(true);

    // the scan after it: nothing new again → no POST
    await waitFor(() => doneScans().some((id) => id > second.scan.id), 'one more scan', 30_000);
    expect(posts).toHaveLength(2);
    expect(existsSync(join(dir, 'out/clinic/latest.json'))).toBe(true);
    expect(existsSync(join(dir, 'out/clinic/latest.md'))).toBe(true);

    // Stops cleanly on SIGTERM (systemd's stop).
    const exit = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stderr).toMatch(/SIGTERM: stopping/);
    expect(stderr).toMatch(/Z stopped\n$/);
    expect(stderr).not.toMatch(/failed/);

    // `watch --once` (cron, systemd timers): one scan now; nothing new, so no POST.
    const once = await runCli(['watch', '--once'], { cwd: dir, env: { HOOK_TOKEN: 'secret' } });
    expect(once.code).toBe(0);
    expect(once.stderr).toMatch(/clinic: 0 new, 2 unchanged, 0 fixed since/);
    expect(posts).toHaveLength(2);
  });
});
