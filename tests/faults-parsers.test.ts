/**
 * Hostile input to the parsers and matchers that read what a site controls: robots.txt,
 * sitemaps, URLs, deep or wide HTML, page text, tampered reports and rule packs. Each case is
 * at the size or shape that once pinned a core or broke a report; they run in-process, and a
 * return to quadratic or exponential time shows as the test's timeout.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { boundDepth, MAX_DEPTH } from '../src/analysis/extract/bound-depth.js';
import { extractPage } from '../src/analysis/extract/html-to-blocks.js';
import { blockSelector, cssSelector } from '../src/analysis/extract/selector.js';
import { RobotsTxt } from '../src/crawl/fetch/robots.js';
import { analyzePage } from '../src/analysis/analyze-page.js';
import { runScan } from '../src/scan/run-scan.js';
import type { PageSource } from '../src/crawl/page-source.js';
import { JsonReportWriter } from '../src/report/json-report-writer.js';
import { pageState } from '../src/model/page-state.js';
import { renderReport } from '../src/report/render.js';
import type { ScanReport } from '../src/model/report-model.js';
import { sanitizeReport, stripControls, withoutCredentials } from '../src/report/sanitize.js';
import { RuleLoadError, RuleLoadErrors } from '../src/analysis/rules/errors.js';
import { loadRuleSet } from '../src/analysis/rules/load.js';
import { parseSitemap } from '../src/crawl/targets/sitemap.js';
import { compileUrlPattern } from '../src/crawl/targets/url-patterns.js';
import { Wildcard } from '../src/crawl/targets/wildcard.js';
import { UserError } from '../src/user-error.js';
import { ConfigError } from '../src/config/errors.js';
import { UsageError } from '../src/cli/errors.js';
import { builtinRules, ROOT, tempDir } from './helpers.js';
import { Writable } from 'node:stream';

const allowed = (robots: string, agent: string, url: string) => RobotsTxt.parse(robots, agent).isAllowed(url);

/**
 * robots.txt cases in the manner of Google's robotstxt test suite (its `ID_` cases, the
 * reference for RFC 9309), written for this project: [case, robots.txt, agent, url, allowed].
 */
const ROBOTS_CASES: Array<[string, string, string, string, boolean]> = [
  // RFC 9309 §2.1: groups and user-agent lines
  ['empty file allows everything', '', 'FooBot', 'https://x.fr/a', true],
  ['rules before any user-agent belong to no group', 'Disallow: /\nUser-agent: FooBot\nAllow: /x\n', 'FooBot', 'https://x.fr/y', true],
  ['the group naming the agent wins over *', 'User-agent: *\nAllow: /\nUser-agent: FooBot\nDisallow: /\n', 'FooBot', 'https://x.fr/a', false],
  ['another agent falls back to *', 'User-agent: *\nAllow: /\nUser-agent: FooBot\nDisallow: /\n', 'BarBot', 'https://x.fr/a', true],
  ['no * group and no own group: all allowed', 'User-agent: FooBot\nDisallow: /\nUser-agent: BarBot\nDisallow: /\n', 'QuxBot', 'https://x.fr/a', true],
  ['user-agent values are case-insensitive', 'User-agent: FOOBOT\nDisallow: /\n', 'foobot', 'https://x.fr/a', false],
  ['the product token ends at the first space', 'User-agent: *\nDisallow: /\nUser-agent: Foo Bar\nAllow: /x/\nDisallow: /\n', 'Foo', 'https://x.fr/x/y', true],
  ['a version after the token is ignored', 'User-agent: FooBot/2.1\nDisallow: /\n', 'FooBot', 'https://x.fr/a', false],
  ['a token is not a prefix match', 'User-agent: Foo\nDisallow: /\n', 'FooBot', 'https://x.fr/a', true],
  ['consecutive user-agents share a group', 'User-agent: BarBot\nUser-agent: FooBot\nDisallow: /a\n', 'FooBot', 'https://x.fr/a', false],
  ['blank lines do not end a group', 'User-agent: FooBot\n\nDisallow: /a\n', 'FooBot', 'https://x.fr/a', false],
  ['an unknown line between user-agents does not end the group', 'User-agent: BarBot\nInvalid-Unknown-Line: x\nUser-agent: FooBot\nDisallow: /\n', 'FooBot', 'https://x.fr/a', false],
  ['an unknown line between user-agents: the first agent is in it too', 'User-agent: BarBot\nUnknown: x\nUser-agent: FooBot\nDisallow: /\n', 'BarBot', 'https://x.fr/a', false],
  ['a sitemap line between user-agents does not end the group', 'User-agent: BarBot\nSitemap: https://x.fr/s.xml\nUser-agent: *\nDisallow: /\n', 'BarBot', 'https://x.fr/a', false],
  ['a rule ends the run of user-agents', 'User-agent: BarBot\nDisallow: /b\nUser-agent: FooBot\nDisallow: /f\n', 'FooBot', 'https://x.fr/b', true],
  ['groups of the same agent are merged', 'User-agent: FooBot\nDisallow: /a\nUser-agent: BarBot\nDisallow: /\nUser-agent: FooBot\nDisallow: /b\n', 'FooBot', 'https://x.fr/b', false],
  ['an empty disallow allows everything', 'User-agent: FooBot\nDisallow:\n', 'FooBot', 'https://x.fr/a', true],
  ['an empty disallow still ends the user-agent run', 'User-agent: BarBot\nDisallow:\nUser-agent: FooBot\nDisallow: /\n', 'BarBot', 'https://x.fr/a', true],
  // line syntax
  ['keys are case-insensitive', 'USER-AGENT: FooBot\nDISALLOW: /a\n', 'FooBot', 'https://x.fr/a', false],
  ['a missing colon is accepted for known keys', 'user-agent FooBot\ndisallow /\n', 'FooBot', 'https://x.fr/a', false],
  ['unknown keys are ignored', 'foo: FooBot\nbar: /\n', 'FooBot', 'https://x.fr/a', true],
  ['comments are removed', '# Disallow: /\nUser-agent: FooBot # me\nDisallow: /q#x\n', 'FooBot', 'https://x.fr/b', true],
  ['a comment inside a value ends it', 'User-agent: FooBot\nDisallow: /q#x\n', 'FooBot', 'https://x.fr/q', false],
  ['a BOM before the first line is ignored', '\uFEFFUser-agent: FooBot\nDisallow: /\n', 'FooBot', 'https://x.fr/a', false],
  ['CR line endings', 'User-agent: FooBot\rDisallow: /\r', 'FooBot', 'https://x.fr/a', false],
  ['CRLF line endings', 'User-agent: FooBot\r\nDisallow: /\r\n', 'FooBot', 'https://x.fr/a', false],
  // matching (RFC 9309 §2.2.2, §2.2.3)
  ['values are case-sensitive', 'User-agent: FooBot\nDisallow: /x/\n', 'FooBot', 'https://x.fr/X/', true],
  ['a rule is a prefix', 'User-agent: FooBot\nDisallow: /fish\n', 'FooBot', 'https://x.fr/fish.html', false],
  ['the longest match wins', 'User-agent: FooBot\nAllow: /x/page.\nDisallow: /*.html\n', 'FooBot', 'https://x.fr/x/page.html', true],
  ['the longest match wins, disallow', 'User-agent: FooBot\nAllow: /page\nDisallow: /*.html\n', 'FooBot', 'https://x.fr/page.html', false],
  ['allow wins a tie', 'User-agent: FooBot\nAllow: /folder\nDisallow: /folder\n', 'FooBot', 'https://x.fr/folder/page', true],
  ['$ anchors the end', 'User-agent: FooBot\nAllow: /$\nDisallow: /\n', 'FooBot', 'https://x.fr/', true],
  ['$ anchors the end, other pages', 'User-agent: FooBot\nAllow: /$\nDisallow: /\n', 'FooBot', 'https://x.fr/page.html', false],
  ['$ not at the end is a literal', 'User-agent: FooBot\nDisallow: /a$b\n', 'FooBot', 'https://x.fr/a$b/c', false],
  ['* matches any run', 'User-agent: FooBot\nDisallow: /*/private\n', 'FooBot', 'https://x.fr/a/b/private/c', false],
  ['* at the end changes nothing', 'User-agent: FooBot\nDisallow: /fish*\n', 'FooBot', 'https://x.fr/fishheads', false],
  ['the query is part of the path', 'User-agent: FooBot\nDisallow: /*?sessionid\n', 'FooBot', 'https://x.fr/p?sessionid=1', false],
  ['$ and a query', 'User-agent: FooBot\nDisallow: /*.php$\n', 'FooBot', 'https://x.fr/index.php?x=1', true],
  ['non-ASCII patterns match the percent-encoded URL', 'User-agent: FooBot\nDisallow: /soins/épilation\n', 'FooBot', 'https://x.fr/soins/%C3%A9pilation', false],
  ['percent-encoded patterns match too', 'User-agent: FooBot\nDisallow: /soins/%c3%a9pilation\n', 'FooBot', 'https://x.fr/soins/épilation', false],
  ['an unreserved character is not decoded', 'User-agent: FooBot\nDisallow: /foo/bar/%62%61%7A\n', 'FooBot', 'https://x.fr/foo/bar/baz', true],
  ['robots.txt itself is always allowed', 'User-agent: *\nDisallow: /\n', 'FooBot', 'https://x.fr/robots.txt', true],
];

describe('robots.txt (RFC 9309, cases after Google robotstxt)', () => {
  it.each(ROBOTS_CASES)('%s', (_name, robots, agent, url, expected) => {
    expect(allowed(robots, agent, url)).toBe(expected);
  });

  it('reads Sitemap lines anywhere and Crawl-delay of its group', () => {
    const r = RobotsTxt.parse('Sitemap: https://x.fr/a.xml\nUser-agent: FooBot\nCrawl-delay: 3\nDisallow: /p\nSitemap: https://x.fr/b.xml\n', 'foobot');
    expect(r.sitemaps).toEqual(['https://x.fr/a.xml', 'https://x.fr/b.xml']);
    expect(r.crawlDelaySeconds).toBe(3);
  });

  it('matches a Disallow of 20,000 stars against a 100,000-character path (no backtracking)', () => {
    const robots = `User-agent: *\nDisallow: /${'*a'.repeat(20_000)}b\n`;
    const long = `https://x.fr/${'a'.repeat(100_000)}`;
    expect(RobotsTxt.parse(robots, 'claimscan').isAllowed(long)).toBe(true);
    expect(RobotsTxt.parse(robots, 'claimscan').isAllowed(`${long}b`)).toBe(false);
  });

  it('parses a 512 KB file of 25,000 groups', () => {
    const robots = Array.from({ length: 25_000 }, (_, i) => `User-agent: bot${i}\nDisallow: /p${i}*x$\n`).join('') + 'User-agent: claimscan\nDisallow: /me\n';
    const r = RobotsTxt.parse(robots, 'claimscan');
    expect(r.isAllowed('https://x.fr/me/a')).toBe(false);
    expect(r.isAllowed('https://x.fr/p1x')).toBe(true);
  });
});

describe('wildcards (robots.txt rules, --include/--exclude)', () => {
  it.each([
    ['/a*b', '/axxb', true],
    ['/a*b', '/axxbc', true],
    ['/a*b$', '/axxbc', false],
    ['/a*b$', '/ab', true],
    ['/a*a*a$', '/aa', false],
    ['/a*a*a$', '/aaa', true],
    ['/**x', '/yyx', true],
    ['/x*', '/y', false],
  ] as const)('%s on %s: %s', (pattern, text, expected) => {
    expect(new Wildcard(pattern, { anchorStart: true, dollarEnd: true }).matches(text)).toBe(expected);
  });

  it('finds an --include pattern anywhere, case-insensitively, in linear time on a long URL', () => {
    const include = compileUrlPattern(`${'a*'.repeat(5000)}b`);
    expect(include.test(`https://x.fr/${'a'.repeat(200_000)}`)).toBe(false);
    expect(compileUrlPattern('*/BLOG/*').test('https://x.fr/blog/post')).toBe(true);
  });
});

describe('sitemaps', () => {
  it('reads a 1.4 MB sitemap of unterminated <loc> elements in one pass', () => {
    const body = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${'<url><loc>https://x.fr/page'.repeat(52_000)}`;
    expect(body.length).toBeGreaterThan(1_400_000);
    expect(parseSitemap(Buffer.from(body)).locs).toEqual([]);
  });

  it('keeps the terminated entries before an unterminated one, prefixed, CDATA and entities included', () => {
    const body = `<urlset><url><loc>https://x.fr/a?x=1&amp;y=2</loc></url><url><s:loc><![CDATA[https://x.fr/b]]></s:loc></url><url><loc>https://x.fr/c&#99999999;</loc></url><url><loc>https://x.fr/d`;
    expect(parseSitemap(Buffer.from(body)).locs).toEqual(['https://x.fr/a?x=1&y=2', 'https://x.fr/b', 'https://x.fr/c&#99999999;']);
  });

  it('reads a gzipped index and refuses what is not a sitemap', () => {
    const index = parseSitemap(gzipSync('<sitemapindex><sitemap><loc>https://x.fr/s1.xml</loc></sitemap></sitemapindex>'));
    expect(index).toEqual({ kind: 'index', locs: ['https://x.fr/s1.xml'] });
    expect(() => parseSitemap(Buffer.from('<html><body>no</body></html>'))).toThrow(/not a sitemap/);
  });
});

describe('wide and deep HTML', () => {
  it('gives selectors to 100,000 sibling paragraphs (2.7 MB) in one pass', () => {
    const n = 100_000;
    const page = `<html><body><div id="main">${Array.from({ length: n }, (_, i) => `<p>Paragraphe numéro ${i}.</p>`).join('')}</div></body></html>`;
    expect(page.length).toBeGreaterThan(2_700_000);
    const blocks = extractPage(page).blocks;
    expect(blocks).toHaveLength(n);
    const selectors = blocks.map((b) => blockSelector(b));
    expect(selectors[0]).toBe('#main > p:nth-of-type(1)');
    expect(selectors[n - 1]).toBe(`#main > p:nth-of-type(${n})`);
    expect(cssSelector(undefined)).toBe('');
  });

  it('flattens 400,000 nested elements past 512 levels and keeps their text', () => {
    const n = 400_000;
    const page = `<html><body>${'<span>'.repeat(n)}Texte profond.${'</span>'.repeat(n)}<p>Après.</p></body></html>`;
    const extracted = extractPage(page);
    expect(extracted.flattened).toBe(n - (MAX_DEPTH - 2));
    expect(extracted.blocks.map((b) => b.text)).toEqual(['Texte profond.', 'Après.']);
  });

  it('analyses a page of 100,000 nested elements instead of failing, and says it was flattened', () => {
    const n = 100_000;
    const html = `<html lang="fr"><body>${'<div>'.repeat(n)}La mésothérapie est sans aucun risque.${'</div>'.repeat(n)}</body></html>`;
    const { page, findings } = analyzePage({ url: 'https://x.fr/', status: 200, html, fetchedAt: '2026-12-06T10:00:00Z' }, builtinRules());
    expect(page.state).toBe('analysed');
    expect(page.error).toBeUndefined();
    expect(page.note).toMatch(/nested deeper than 512 levels flattened/);
    expect(findings.length).toBeGreaterThan(0);
  });

  it('leaves shallow pages as they are, and nests siblings that close themselves as the parser does', () => {
    const shallow = `<div>${'<p>x</p>'.repeat(2000)}</div>`;
    expect(boundDepth(shallow)).toEqual({ html: shallow, flattened: 0 });
    const unclosed = `<ul>${'<li>item'.repeat(2000)}</ul>`;
    expect(boundDepth(unclosed).flattened).toBe(0);
    expect(boundDepth(`<script>${'<div>'.repeat(2000)}</script>`).flattened).toBe(0);
  });
});

describe('every page is analysed, failed or skipped', () => {
  it('counts a page whose analysis breaks as failed, in the summary and in the HTML report', async () => {
    const broken = {
      url: 'https://x.fr/broken',
      status: 200,
      fetchedAt: '2026-12-06T10:00:00Z',
      get html(): string {
        throw new RangeError('Maximum call stack size exceeded');
      },
    };
    const source: PageSource = {
      wantsLinks: false,
      async run(handle) {
        await handle(broken);
        await handle({ url: 'https://x.fr/ok', status: 200, html: `<html lang="fr"><body><p>${'Le cabinet est ouvert du lundi au samedi, sur rendez-vous, au centre de la ville. '.repeat(40)}</p></body></html>`, fetchedAt: '2026-12-06T10:00:00Z' });
        await handle({ url: 'https://x.fr/doc.pdf', status: 200, note: 'skipped: application/pdf is not HTML', fetchedAt: '2026-12-06T10:00:00Z' });
        await handle({ url: 'https://x.fr/gone', status: 404, error: 'HTTP 404 Not Found', fetchedAt: '2026-12-06T10:00:00Z' });
      },
    };
    const writer = new JsonReportWriter({ version: 'test', startedAt: '2026-12-06T10:00:00Z', targets: ['https://x.fr/'], packs: [] });
    await runScan([source], builtinRules(), {}, { onPage: (page, findings) => (writer.addPage(page), findings.forEach((f) => writer.addFinding(f))) });
    const report = await finishToObject(writer);
    expect(report.pages.map((p) => [p.url, p.state])).toEqual([
      ['https://x.fr/broken', 'failed'],
      ['https://x.fr/ok', 'analysed'],
      ['https://x.fr/doc.pdf', 'skipped'],
      ['https://x.fr/gone', 'failed'],
    ]);
    expect(report.pages[0].error).toMatch(/^analysis failed: Maximum call stack/);
    expect(report.summary).toMatchObject({ pages: 4, pagesAnalysed: 1, pagesFailed: 2, pagesSkipped: 1 });
    const html = renderReport(report, 'html', { uiLang: 'en' });
    expect(html).toContain('https://x.fr/broken — 200 analysis failed');
    expect(renderReport(report, 'text')).toMatch(/on 0 of 4 pages, 2 failed, 1 skipped/);
    expect(renderReport(report, 'md', { uiLang: 'en' })).toMatch(/2 pages that could not be read · 1 pages skipped/);
    expect(JSON.parse(renderReport(report, 'sarif')).runs[0].properties.summary).toMatchObject({ pagesAnalysed: 1, pagesFailed: 2, pagesSkipped: 1 });
  });

  it('reads the state of pages of older reports from their fields', () => {
    expect(pageState({ status: 200, lang: 'fr' })).toBe('analysed');
    expect(pageState({ status: 200, lang: '', error: 'analysis failed: x' })).toBe('failed');
    expect(pageState({ status: 301, lang: '' })).toBe('skipped');
    expect(pageState({ status: 0, lang: '' })).toBe('failed');
  });
});

describe('text from pages, and reports read back', () => {
  const ESC = '\u001b';
  it('strips ESC, NUL, C1 and bidi controls from page text before any format', () => {
    const html = `<html lang="fr"><head><title>Clinique${ESC}]0;pwned\u0007</title></head><body><p>La mésothérapie${ESC}[2J est sans\u0000 aucun\u202e risque.</p></body></html>`;
    const { page, findings } = analyzePage({ url: 'https://x.fr/', status: 200, html, fetchedAt: '2026-12-06T10:00:00Z' }, builtinRules());
    expect(page.title).toBe('Clinique]0;pwned');
    expect(findings[0].text).toBe('La mésothérapie[2J est sans aucun risque.');
    expect(stripControls('a\u2066b\u2069c\u200fd\td\ne')).toBe('abcd\td\ne');
  });

  it('removes credentials from URLs in reports, and controls from every string of a tampered report', async () => {
    expect(withoutCredentials('https://admin:s3cret@x.fr/a?b=1')).toBe('https://x.fr/a?b=1');
    expect(withoutCredentials('not a url @ all')).toBe('not a url @ all');
    const writer = new JsonReportWriter({ version: 'test', startedAt: '2026-12-06T10:00:00Z', targets: ['https://admin:s3cret@x.fr/'], packs: [] });
    writer.addPage({ url: 'https://admin:s3cret@x.fr/', finalUrl: 'https://u:p@x.fr/home', title: `T${ESC}[31m`, lang: 'fr', status: 200, findings: 0 });
    const report = await finishToObject(writer);
    expect(JSON.stringify(report)).not.toMatch(/s3cret|u:p@|\u001b/);
    const text = renderReport({ ...report, pages: [{ ...report.pages[0], url: `https://a:b@x.fr/${ESC}[2J`, error: `bad${ESC}]8;;`, status: 0 }] }, 'text');
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('a:b@');
  });

  it('escapes the numbers of a tampered JSON report in HTML, and renders them as numbers everywhere', () => {
    const evil = '<meta http-equiv="refresh" content="0;url=https://evil.example/">';
    const tampered = {
      tool: { name: 'claimscan', version: '0.1.0' },
      startedAt: '2026-12-06T10:00:00Z',
      finishedAt: '2026-12-06T10:01:00Z',
      targets: ['https://x.fr/'],
      packs: [],
      summary: { pages: evil, pagesWithFindings: evil, pagesFailed: evil, pagesSkipped: evil, findings: evil, bySeverity: { high: evil }, byCategory: { [evil]: evil } },
      diff: { since: '2026-12-01T00:00:00Z', new: evil, unchanged: evil, resolved: evil, pagesGone: evil, status: {} },
      pages: [{ url: 'https://x.fr/', title: evil, lang: 'fr', status: evil, findings: evil }],
      findings: [],
    } as unknown as ScanReport;
    const html = renderReport(tampered, 'html', { uiLang: 'en' });
    expect(html).not.toContain('<meta http-equiv="refresh"');
    expect(html).not.toMatch(/<meta http-equiv=.refresh/i);
    const clean = sanitizeReport(tampered);
    expect(clean.summary.pages).toBe(0);
    expect(clean.diff?.new).toBe(0);
    // markdown escapes it (\\<meta); the counts read as numbers in every format
    expect(renderReport(tampered, 'md', { uiLang: 'en' })).not.toMatch(/(?<!\\)<meta/);
    expect(renderReport(tampered, 'text')).toMatch(/^0 findings \(0 high, 0 medium, 0 low\) on 0 of 0 pages/m);
    expect(JSON.parse(renderReport(tampered, 'sarif')).runs[0].properties.summary).toMatchObject({ pages: 0, findings: 0, bySeverity: { high: 0 } });
  });
});

describe('rule packs and user errors', () => {
  it('refuses !!js/function and other YAML tags in a pack, with file, line and field', () => {
    const dir = tempDir();
    const pack = join(dir, 'evil-pack');
    cpSync(join(ROOT, 'rules/iv-drips'), pack, { recursive: true });
    const file = join(pack, 'efficacy.yaml');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.trim() === 'category: efficacy.proven');
    lines[at] = lines[at].replace('efficacy.proven', '!!js/function "function () { return 1 }"');
    writeFileSync(file, lines.join('\n'));
    let error: unknown;
    try {
      loadRuleSet({ dirs: [pack], builtin: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const all = error instanceof RuleLoadErrors ? error.errors : [error as RuleLoadError];
    const tagError = all.find((e) => /YAML tag/.test(e.message));
    expect(tagError?.message).toContain(`efficacy.yaml:${at + 1}: field "rules[0].category": YAML tag !!js/function is not allowed`);
    expect(tagError?.place).toMatchObject({ line: at + 1, field: 'rules[0].category' });
  });

  it('has one user-error base class, carrying file, line and field', () => {
    const config = new ConfigError('claimscan.config.yaml', 'not a known time zone', 'groups.a.timezone', 7);
    expect(config).toBeInstanceOf(UserError);
    expect(config.message).toBe('claimscan.config.yaml:7: field "groups.a.timezone": not a known time zone');
    expect(config.place).toEqual({ file: 'claimscan.config.yaml', field: 'groups.a.timezone', line: 7 });
    expect(new UsageError('--lang takes fr')).toBeInstanceOf(UserError);
    expect(new RuleLoadError('r.yaml', 'bad', 'my-rule', 'severity', 3).message).toBe('r.yaml:3: rule "my-rule": field "severity": bad');
  });
});

/** The finished JSON report of a writer, as an object. */
async function finishToObject(writer: JsonReportWriter): Promise<ScanReport> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  await writer.finish(out);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as ScanReport;
}
