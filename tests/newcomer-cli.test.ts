/**
 * What tripped a newcomer, each checked as a user meets it: config variables read where they are
 * used, clear errors instead of silence or stack traces, inputs never overwritten, messages that
 * say what is wrong, libraries where the project had approximations.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { NEW_RULE_EXAMPLE, newCommand } from '../src/cli/rules-command.js';
import { UsageError } from '../src/cli/errors.js';
import { registrableDomain, Scope } from '../src/crawl/targets/scope.js';
import { PALETTE } from '../src/report/html/colors.js';
import { siteOf } from '../src/report/report-view.js';
import { openProblem } from '../src/store/database.js';
import { page, runCli, tempDir } from './helpers.js';
import { startServer } from './support/test-server.js';

// several CLI runs a test, on a machine that may be busy
vi.setConfig({ testTimeout: 180_000 });

const CLAIM_PAGE = page({ lang: 'fr', title: 'Mésothérapie', body: '<p>La mésothérapie est totalement sans danger.</p>' });

describe('config ${VAR}s are read where they are used', () => {
  it('an unset webhook variable stops watch (exit 2, naming it) but not scan', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'site'));
    writeFileSync(join(dir, 'site', 'index.html'), CLAIM_PAGE);
    writeFileSync(
      join(dir, 'claimscan.config.yaml'),
      `groups:\n  local:\n    targets: [site]\nnotify:\n  webhook:\n    url: http://127.0.0.1:9/hook\n    headers: { Authorization: "Bearer \${CLAIMSCAN_TEST_UNSET_TOKEN}" }\n`,
    );
    const scan = await runCli(['scan', 'site', '--format', 'json', '--no-history'], { cwd: dir });
    expect(scan.code, scan.stderr).toBe(0);
    expect(JSON.parse(scan.stdout).findings.length).toBeGreaterThan(0);
    const list = await runCli(['rules', 'list'], { cwd: dir });
    expect(list.code, list.stderr).toBe(0);
    const watch = await runCli(['watch', '--once', '--group', 'local'], { cwd: dir });
    expect(watch.code).toBe(2);
    expect(watch.stderr).toMatch(/claimscan\.config\.yaml:7: field "notify\.webhook\.headers\.Authorization": environment variable CLAIMSCAN_TEST_UNSET_TOKEN is not set/);
  });
});

describe('rescan --group', () => {
  it('with a name no scan has: an error naming the groups there are, not "0 pages"', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.html'), CLAIM_PAGE);
    const db = join(dir, 'h.db');
    expect((await runCli(['scan', 'p.html', '--db', db, '--format', 'json', '--quiet'], { cwd: dir })).code).toBe(0);
    const r = await runCli(['rescan', '--group', 'nope', '--db', db, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no scan of a group "nope"');
    expect(r.stdout).toBe('');
  });
});

describe('rules new', () => {
  it('its --help example writes a rule (and its topic) whose own examples pass', async () => {
    const help = await runCli(['rules', 'new', '--help']);
    expect(help.stdout).toContain(NEW_RULE_EXAMPLE);
    const dir = tempDir();
    const args = NEW_RULE_EXAMPLE.replace(/^claimscan /, '').match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ''));
    const made = await runCli(args, { cwd: dir });
    expect(made.code, made.stdout + made.stderr).toBe(0);
    expect(readFileSync(join(dir, 'my-rules', 'pack.yaml'), 'utf8')).toMatch(/cryolipolysis:/);
    const test = await runCli(['rules', 'test', 'my-rules'], { cwd: dir });
    expect(test.code, test.stdout).toBe(0);
    expect(test.stdout).toMatch(/ok +cryo-safety-no-risk/);
  });

  it('re-asks an invalid answer, then gives a clear error (no stack trace); the prompt takes the fr: prefix', async () => {
    const dir = tempDir();
    const scripted = (answers: string[]) => {
      const asked: string[] = [];
      return { asked, ask: async (q: string) => (asked.push(q), answers.shift() ?? '') };
    };
    const bad = scripted(['', 'zz', 'nope', '99']); // the pack's description (optional), then three categories
    const out = process.stdout.write.bind(process.stdout);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      const e = await newCommand(join(dir, 'p1'), { id: 'x-rule', lang: 'fr', packName: 'p1' } as never, bad.ask).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(UsageError);
      expect((e as Error).message).toMatch(/^rules new: "99" is not a category.*3 answers/);
      expect(bad.asked.filter((q) => q.startsWith('Category'))).toHaveLength(3);

      const good = scripted(['', 'safety.no-risk', '', 'fr:sans aucun? risque*', '', 'fr:La mésothérapie est sans aucun risque.', "fr:La mésothérapie n'est pas sans risque.", '', 'HAS', 'HAS — summary', '', 'An injection necessarily involves a risk.']);
      const code = await newCommand(join(dir, 'p2'), { id: 'y-rule', lang: 'fr', packName: 'p2' } as never, good.ask);
      expect(code).toBe(0);
      const rule = readFileSync(join(dir, 'p2', 'y-rule.yaml'), 'utf8');
      expect(rule).toContain('"sans aucun? risque*"');
      expect(rule).not.toContain('fr:sans');
      expect(rule).toContain('"La mésothérapie est sans aucun risque."');
    } finally {
      process.stdout.write = out;
    }
  });
});

describe('report x.json -f json', () => {
  it('never rewrites its input: stdout by default, and -o naming the input is refused', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.html'), CLAIM_PAGE);
    const scan = await runCli(['scan', 'p.html', '--format', 'json', '--output', 'x.json', '--no-history', '--quiet'], { cwd: dir });
    expect(scan.code).toBe(0);
    const before = readFileSync(join(dir, 'x.json'), 'utf8');
    const r = await runCli(['report', 'x.json', '-f', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    // the same findings; a rendered report lists them most likely right first, the scan's own JSON in scan order
    const byId = (fs: Array<{ id: string }>) => [...fs].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(JSON.parse(r.stdout).findings)).toEqual(byId(JSON.parse(before).findings));
    expect(readFileSync(join(dir, 'x.json'), 'utf8')).toBe(before);
    const refused = await runCli(['report', 'x.json', '-f', 'json', '-o', './x.json'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is the report being read');
    expect(readFileSync(join(dir, 'x.json'), 'utf8')).toBe(before);
  });
});

describe('check', () => {
  it('exits 1 when it finds something, 0 when not (as the exit-code table says)', async () => {
    expect((await runCli(['check', 'La mésothérapie est sans danger.'])).code).toBe(1);
    expect((await runCli(['check', 'La mésothérapie comporte des risques.'])).code).toBe(0);
  });
});

describe('messages that say what is wrong', () => {
  it('CLAIMSCAN_CHROMIUM pointing nowhere is named, not silently replaced', async () => {
    const r = await runCli(['demo', '--quiet', '--output', join(tempDir(), 'd.html')], { env: { CLAIMSCAN_CHROMIUM: '/nonexistent/chromium' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CLAIMSCAN_CHROMIUM is set to /nonexistent/chromium, which does not exist');
  });

  it('a read-only or full history database is not called "not a claimscan history database"', () => {
    const dir = tempDir();
    const file = join(dir, 'h.db');
    new Database(file).close();
    const ro = new Database(file, { readonly: true });
    let error: Error & { code?: string } = new Error('none');
    try {
      ro.exec('CREATE TABLE t (x)');
    } catch (e) {
      error = e as Error & { code?: string };
    } finally {
      ro.close();
    }
    expect(error.code).toBe('SQLITE_READONLY');
    expect(openProblem('h.db', error)).toMatch(/^cannot write the history database h\.db: it \(or its folder\) is read-only/);
    expect(openProblem('h.db', Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toMatch(/the disk is full/);
    expect(openProblem('h.db', Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }))).toBe('h.db is not a claimscan history database: file is not a database');
  });

  it('an unreadable sitemap is logged once', async () => {
    const server = await startServer({ '/sitemap.xml': { status: 500, body: 'oops', type: 'text/plain' } });
    const r = await runCli(['scan', '--sitemap', server.url('/sitemap.xml'), '--format', 'json', '--no-history', '--retries', '0']);
    expect(r.stderr.split(server.url('/sitemap.xml')).length - 1, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).pages).toEqual([expect.objectContaining({ url: server.url('/sitemap.xml'), status: 500 })]);
  });

  it('init’s template reaches no real site', async () => {
    const dir = tempDir();
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    const text = readFileSync(join(dir, 'claimscan.config.yaml'), 'utf8');
    const hosts = [...text.matchAll(/https?:\/\/([^/\s"'\]]+)/g)].map((m) => m[1]);
    expect(hosts.length).toBeGreaterThan(0);
    // RFC 2606 names, and this project's own page
    for (const h of hosts) expect(h, h).toMatch(/(^|\.)example(\.org|\.com)?$|^github\.com$/);
  });
});

describe('libraries instead of approximations', () => {
  it('--scope domain uses the Public Suffix List (tldts)', () => {
    expect(registrableDomain('www.clinique.co.uk')).toBe('clinique.co.uk');
    expect(registrableDomain('a.b.clinic.co.uk')).toBe('clinic.co.uk');
    expect(registrableDomain('x.github.io')).toBe('x.github.io');
    expect(registrableDomain('blog.x.github.io')).toBe('x.github.io');
    expect(registrableDomain('clinique.gouv.fr')).toBe('clinique.gouv.fr');
    expect(registrableDomain('localhost')).toBe('localhost');
    const uk = new Scope('domain', ['https://www.clinique.co.uk/']);
    expect(uk.contains('https://blog.clinique.co.uk/post')).toBe(true);
    expect(uk.contains('https://autre.co.uk/')).toBe(false);
    const pages = new Scope('domain', ['https://x.github.io/']);
    expect(pages.contains('https://x.github.io/a')).toBe(true);
    expect(pages.contains('https://y.github.io/')).toBe(false);
  });
});

describe('reports', () => {
  it('a folder scan’s site is its folder, not "file:"', () => {
    expect(siteOf('file:///home/me/sites/demo/site/en/a.html', ['demo/site'])).toBe('site/');
    expect(siteOf('file:///home/me/page.html', ['page.html'])).toBe('page.html');
    expect(siteOf('file:///tmp/x/y.html')).toBe('x/');
    expect(siteOf('https://www.clinique.example/a')).toBe('www.clinique.example');
  });

  it('category colours are told apart: every pair differs by ΔE*ab ≥ 25', () => {
    const lab = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
      const [x, y, z] = [(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883];
      return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
    };
    expect(new Set(PALETTE).size).toBe(12);
    for (let i = 0; i < PALETTE.length; i++) {
      for (let j = i + 1; j < PALETTE.length; j++) {
        const [a, b] = [lab(PALETTE[i]), lab(PALETTE[j])];
        expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]), `${PALETTE[i]} ${PALETTE[j]}`).toBeGreaterThanOrEqual(25);
      }
    }
  });
});
