import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Progress } from '../src/cli/progress.js';
import type { ScanReport } from '../src/model/report-model.js';
import { BIN, runCli, tempDir } from './helpers.js';
import { html, startServer, type Route } from './support/test-server.js';

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as ScanReport;

describe('claimscan scan <url>', async () => {
  const site = await startServer({
    '/': html(`<h1>Mésothérapie</h1><p>Prenez rendez-vous.</p><a href="/soins">Soins</a> <a href="/disparue">Ancienne page</a>`, { title: 'Clinique Exemple' }),
    '/soins': html('<h1>Mésothérapie</h1><p>La mésothérapie est totalement sans danger.</p>', { title: 'Mésothérapie' }),
    '/disparue': { status: 404, body: html('<p>Introuvable</p>') },
    '/en': html('<p>Our mesotherapy is clinically proven.</p>', { lang: 'en', title: 'Mesotherapy' }),
  });
  const dir = tempDir();

  it('follows links, reports each finding under its page URL, and lists failed pages', async () => {
    const out = join(dir, 'site.json');
    const r = await runCli(['scan', site.url('/'), '--depth', '1', '--format', 'json', '--output', out, '--no-history'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = read(out);
    expect(report.targets).toEqual([site.url('/')]);
    expect(report.pages.map((p) => [p.url, p.status]).sort()).toEqual([
      [site.url('/'), 200],
      [site.url('/disparue'), 404],
      [site.url('/soins'), 200],
    ]);
    expect(report.pages.find((p) => p.status === 404)?.error).toBe('HTTP 404 Not Found');
    expect(report.summary).toMatchObject({ pages: 3, pagesFailed: 1 });
    expect(report.findings.find((f) => f.category === 'safety.no-risk')).toMatchObject({ url: site.url('/soins'), text: 'La mésothérapie est totalement sans danger.' });
    expect(r.stderr).toContain(`${site.url('/disparue')}: HTTP 404 Not Found`);
    expect(r.stderr).toMatch(/finding\(s\) on \d of 3 page\(s\), 1 failed/);
  });

  it('scans the URLs of a --urls file, with files and folders on the same command line', async () => {
    const list = join(dir, 'clinics.txt');
    writeFileSync(list, `# clinics to check\n${site.url('/soins')}\n\n${site.url('/en')}   # English page\n`);
    const local = join(dir, 'page.html');
    writeFileSync(local, html('<p>Le cocktail est préparé au cabinet.</p>'));
    const r = await runCli(['scan', local, '--urls', list, '--format', 'json', '--no-history', '--quiet'], { cwd: dir });
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.pages.map((p) => p.url)).toEqual([expect.stringMatching(/^file:.*page\.html$/), site.url('/soins'), site.url('/en')]);
    expect(report.targets).toEqual([local, site.url('/soins'), site.url('/en')]);
    expect(report.findings.map((f) => f.category)).toEqual(expect.arrayContaining(['safety.no-risk', 'efficacy.proven']));
    expect(r.stderr).toBe('');
  });

  it('exits 2 with a clear message on bad web options and URL lists', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'https://ok.example/\nftp://nope.example/\n');
    const cases: Array<[string[], RegExp]> = [
      [['--urls', bad], /bad\.txt:2: not an http\(s\) URL: ftp:\/\/nope\.example\//],
      [['--urls', join(dir, 'none.txt')], /cannot read URL list .*none\.txt: no such file/],
      [[site.url('/'), '--depth', 'two'], /--depth takes a whole number, not "two"/],
      [[site.url('/'), '--scope', 'planet'], /Allowed choices are page, host, domain, prefix/],
      [[site.url('/'), '--timeout', 'soon'], /--timeout takes a duration such as 500ms, 2s or 1m/],
      [[site.url('/'), '--exclude', '/(a+)+$/'], /--include\/--exclude: regular expression .* exponential time/],
      [[], /nothing to scan: give URLs, files or folders, --urls FILE or --sitemap URL/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['scan', ...args, '--no-history'], { cwd: dir });
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr).toMatch(message);
    }
  });

  it('Ctrl-C stops the crawl and still writes the report of what was scanned', async () => {
    const slow: Record<string, Route> = { '/': html(Array.from({ length: 40 }, (_, i) => `<a href="/p${i}">${i}</a>`).join(' ')) };
    for (let i = 0; i < 40; i++) slow[`/p${i}`] = { body: html(`<p>La mésothérapie est sans danger. Page ${i}.</p>`), delayMs: 200 };
    const server = await startServer(slow);
    const out = join(dir, 'interrupted.json');
    const child = spawn(process.execPath, [BIN, 'scan', server.url('/'), '--depth', '1', '--per-host', '1', '--format', 'json', '--output', out, '--no-history'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    while (server.hits.filter((h) => h.path.startsWith('/p')).length < 3) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(0);
    expect(stderr).toContain('interrupted: writing the report of what was scanned');
    const report = read(out);
    expect(report.interrupted).toBe(true);
    expect(report.pages.length).toBeGreaterThanOrEqual(2);
    expect(report.pages.length).toBeLessThan(41);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(true);
  });
});

describe('progress display', () => {
  const fakeStream = (isTTY: boolean) => {
    const out: string[] = [];
    const stream = { isTTY, columns: 100, write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WriteStream;
    return { stream, out };
  };
  const page = (status: number, error?: string) => ({ url: `https://x.fr/${status}`, title: '', lang: 'fr', status, findings: 0, ...(error ? { error } : {}) });

  it('on a terminal, redraws one status line: pages, queued, findings, errors, rate', async () => {
    const { stream, out } = fakeStream(true);
    const progress = new Progress({ stream, queue: () => ({ waiting: 40, active: 2 }) });
    progress.start();
    progress.page(page(200), 3);
    progress.page(page(500, 'HTTP 500 Internal Server Error'), 0);
    await new Promise((r) => setTimeout(r, 300));
    progress.stop();
    const text = out.join('');
    expect(text).toContain('https://x.fr/500: HTTP 500 Internal Server Error\n');
    expect(text).toMatch(/\r\x1b\[2K. 2 pages · 42 queued · 3 findings · 1 error · [\d.]+ pages\/s/);
    expect(text.endsWith('\r\x1b[2K')).toBe(true); // the status line is wiped at the end
  });

  it('elsewhere, writes plain progress lines; --quiet writes nothing', async () => {
    const plain = fakeStream(false);
    const progress = new Progress({ stream: plain.stream, plainEveryMs: 50 });
    progress.start();
    progress.page(page(200), 1);
    await new Promise((r) => setTimeout(r, 120));
    progress.stop();
    expect(plain.out.join('')).toMatch(/^progress: 1 page · 1 finding · 0 errors · [\d.]+ pages\/s\n/);
    expect(plain.out.join('')).not.toContain('\x1b');

    const quiet = fakeStream(true);
    const silent = new Progress({ stream: quiet.stream, quiet: true });
    silent.start();
    silent.page(page(404, 'HTTP 404 Not Found'), 0);
    silent.log('robots.txt ignored');
    silent.stop();
    expect(quiet.out).toEqual([]);
  });
});
