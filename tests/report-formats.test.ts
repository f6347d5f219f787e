import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { targetSlug } from '../src/cli/report-output.js';
import { CSV_BOM, neutraliseCell, renderCsv } from '../src/report/csv-report.js';
import { httpUrl, jsonForScript, safeScreenshotRef, textFragmentUrl } from '../src/report/escape.js';
import { renderHtml } from '../src/report/html-report.js';
import { escapeMd, renderMarkdown } from '../src/report/md-report.js';
import { renderReport, uiLanguage } from '../src/report/render.js';
import type { ScanReport } from '../src/model/report-model.js';
import { renderSarif } from '../src/report/sarif-report.js';
import { page, runCli, tempDir } from './helpers.js';
import { schemaValidator } from './json-schema-validator.js';
import { finding, pageRecord, report } from './report-fixtures.js';

const URL_A = 'https://clinique-a.example/mesotherapie';
const URL_B = 'https://clinique-b.example/en/mesotherapy';

function sample(): ScanReport {
  const a1 = finding({ id: 'a1', url: URL_A, text: 'La mésothérapie est sans danger.', match: 'sans danger' });
  const a2 = finding({ id: 'a2', url: URL_A, category: 'efficacy.proven', text: 'Résultats garantis dès la première séance.', match: 'Résultats garantis' });
  const b1 = finding({ id: 'b1', url: URL_B, lang: 'en', category: 'training.recognized-diploma', text: 'Our doctors hold a state-recognised mesotherapy diploma.', match: 'state-recognised mesotherapy diploma', pageTitle: 'Mesotherapy' });
  const b2 = finding({ id: 'b2', url: URL_B, lang: 'en', category: 'page.no-risk-disclosure', text: 'Mesotherapy', match: '', matchStart: 0, matchEnd: 0, selector: 'title' });
  return report(
    [pageRecord(URL_A, 2, { title: 'Mésothérapie – Clinique A' }), pageRecord(URL_B, 2, { title: 'Mesotherapy', lang: 'en' }), pageRecord('https://clinique-b.example/gone', 0, { status: 404, error: 'HTTP 404' })],
    [a1, a2, b1, b2],
    {
      targets: ['https://clinique-a.example/', 'https://clinique-b.example/'],
      diff: { since: '2026-11-17T09:00:00.000Z', new: 1, unchanged: 3, resolved: 1, pagesGone: 0, status: { a1: 'new', a2: 'unchanged', b1: 'unchanged', b2: 'unchanged' }, resolvedFindings: [finding({ id: 'old', url: URL_A, text: 'La mésothérapie soigne l’arthrose.', match: 'soigne' })] },
      triage: { a2: { status: 'confirmed', note: 'sent to the clinic', at: '2026-11-20T00:00:00Z' } },
    },
  );
}

/** Everything a page (or a tampered report) can carry, in every field a report shows. */
function hostile(): ScanReport {
  const payload = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;
  const f = finding({
    id: `</script><script>alert(1)</script>`,
    url: 'javascript:alert(1)//',
    text: `=HYPERLINK("http://evil.example","clic") ${payload} la mésothérapie est sans danger`,
    match: 'sans danger',
    headingPath: ['<svg onload=alert(1)>', '"><b>'],
    selector: 'p[onclick="alert(1)"]',
    message: `+cmd|' /C calc'!A0 ${payload}`,
    source: { document: 'HAS', title: `@SUM(1+1) </title>${payload}`, quote: '-2+3 ' + payload, url: 'javascript:alert(2)' },
    pageTitle: `</title><script>alert(3)</script>`,
    ruleId: `"><script>alert(4)</script>`,
  });
  return report([pageRecord(f.url, 1, { title: `</title><script>alert(5)</script>`, screenshot: 'javascript:alert(6)' })], [f], { targets: [`<script>alert(7)</script>`] });
}

describe('escaping helpers', () => {
  it('allows only http(s) links', () => {
    expect(httpUrl('javascript:alert(1)')).toBeUndefined();
    expect(httpUrl('data:text/html,<script>')).toBeUndefined();
    expect(httpUrl('file:///etc/passwd')).toBeUndefined();
    expect(httpUrl('https://a.example/x y')).toBe('https://a.example/x%20y');
  });

  it('builds text fragment links with - , & encoded and the old fragment dropped', () => {
    expect(textFragmentUrl('https://a.example/p#top', 'Prix - 50 %, sûr & garanti')).toBe('https://a.example/p#:~:text=Prix%20%2D%2050%20%25%2C%20s%C3%BBr%20%26%20garanti');
    const long = textFragmentUrl('https://a.example/p', 'Un deux trois quatre cinq six sept huit neuf dix.');
    expect(long).toBe('https://a.example/p#:~:text=Un%20deux%20trois%20quatre,sept%20huit%20neuf%20dix.');
    expect(textFragmentUrl('javascript:alert(1)', 'x')).toBeUndefined();
  });

  it('keeps < out of embedded JSON and screenshots inside the report folder', () => {
    expect(jsonForScript({ a: '</script><!--' })).not.toMatch(/[<>]/);
    expect(JSON.parse(jsonForScript({ a: '</script>\u2028' }))).toEqual({ a: '</script>\u2028' });
    expect(safeScreenshotRef('javascript:alert(1)')).toBeUndefined();
    expect(safeScreenshotRef('../r.evidence/x.png')).toBe('../r.evidence/x.png');
    expect(safeScreenshotRef('//evil.example/x.png')).toBeUndefined();
    expect(safeScreenshotRef('/abs.png')).toBeUndefined();
    expect(safeScreenshotRef('r.evidence/a b.png')).toBe('r.evidence/a%20b.png');
    expect(safeScreenshotRef('data:image/png;base64,iVBORw0KGgo=')).toBe('data:image/png;base64,iVBORw0KGgo=');
  });

  it('neutralises spreadsheet formulas', () => {
    for (const v of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '  =x']) expect(neutraliseCell(v)).toBe(`'${v}`);
    expect(neutraliseCell('La mésothérapie')).toBe('La mésothérapie');
  });
});

describe('UI language', () => {
  it('follows most findings, and --ui-lang overrides it', () => {
    const r = sample();
    expect(uiLanguage(r, undefined)).toBe('fr');
    expect(uiLanguage({ ...r, findings: r.findings.filter((f) => f.lang === 'en') }, undefined)).toBe('en');
    expect(uiLanguage(r, 'en')).toBe('en');
  });
});

describe('HTML report', () => {
  it('is one file with the summary, the data, the diff line and French labels', () => {
    const html = renderHtml(sample(), { uiLang: 'fr' });
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/id="sum-findings">4</);
    expect(html).toContain('1 nouveaux, 3 inchangés, 1 corrigés depuis le 2026-11-17');
    expect(html).toContain('Efficacité présentée comme prouvée ou garantie');
    expect(html).not.toMatch(/<(link|img|iframe)\b|src="http|url\(http/); // nothing loaded from the network
    const en = renderHtml(sample(), { uiLang: 'en' });
    expect(en).toContain('1 new, 3 unchanged, 1 fixed since 2026-11-17');
  });

  it('never writes a page string as markup: only its two own scripts, no handlers, no javascript: links', () => {
    const html = renderHtml(hostile(), { uiLang: 'en' });
    const data = JSON.parse(html.match(/<script type="application\/json" id="claimscan-data">([^]*?)<\/script>/)![1]);
    const markup = html.replace(/(<script type="application\/json" id="claimscan-data">)[^]*?(<\/script>)/, '$1$2'); // the data is text, never parsed as HTML
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(markup).not.toMatch(/<img\b|<svg\b|\sonerror=|\sonload=|\sonclick=/i);
    expect(markup).not.toMatch(/href="javascript:/i);
    expect(html).toContain('&lt;script&gt;alert(7)&lt;/script&gt;'); // the target, shown as text
    expect(data.pages[0]).toMatchObject({ href: '', screenshot: '' });
    expect(data.findings[0].live).toBe('');
    expect(data.sources[0].href).toBe('');
  });

  it('allows only its own script through the Content-Security-Policy', () => {
    const html = renderHtml(sample(), { uiLang: 'en' });
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)![1];
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/unsafe-inline'[^;]*;?\s*$|script-src[^;]*unsafe/);
  });
});

describe('CSV report', () => {
  it('has a BOM, CRLF rows, one finding a row, neutralised cells and a text-fragment link', () => {
    const csv = renderCsv(sample(), { uiLang: 'en' });
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    const rows = csv.slice(1).trimEnd().split('\r\n');
    expect(rows).toHaveLength(1 + 4 + 1); // header, findings, the fixed one
    expect(rows[0]).toMatch(/^"Severity","Category"/);
    expect(csv).toContain('"La mésothérapie est sans danger."');
    expect(csv).toContain('"https://clinique-a.example/mesotherapie#:~:text=La%20m%C3%A9soth%C3%A9rapie%20est%20sans%20danger."');
    expect(rows.at(-1)).toContain('"fixed"');
    expect(csv).toContain('"Review"');
    expect(csv).toContain('"confirmed: sent to the clinic"');
  });

  it('uses ; for a French report (what French Excel expects)', () => {
    const csv = renderCsv(sample(), { uiLang: 'fr' });
    expect(csv.split('\r\n')[0]).toMatch(/^\ufeff"Gravité";"Catégorie";/);
  });

  it('neutralises = + - @ cells and doubles quotes', () => {
    const csv = renderCsv(hostile(), { uiLang: 'en' });
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""clic"") <script>`);
    expect(csv).toContain(`"'+cmd|' /C calc'!A0`);
    expect(csv).toContain(`"'@SUM(1+1) </title>`);
    expect(csv).toContain(`"'-2+3 `);
    const cells = csv.slice(1).split(/[,\r\n]+(?=")/).map((c) => c.replace(/^"|"$/g, ''));
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
  });
});

describe('Markdown report', () => {
  it('lists findings by site and page with the claim in bold, the source and a link to the claim', () => {
    const md = renderMarkdown(sample(), { uiLang: 'en' });
    expect(md).toContain('# Advertising claims report');
    expect(md).toContain('1 new, 3 unchanged, 1 fixed since 2026-11-17');
    expect(md).toContain('## clinique-a.example (2 findings)');
    expect(md).toContain('### [Mésothérapie – Clinique A](<https://clinique-a.example/mesotherapie>)');
    expect(md).toContain('> La mésothérapie est **sans danger**.');
    expect(md).toContain('[Link to the claim](<https://clinique-a.example/mesotherapie#:~:text=');
    expect(md).toContain('## Pages that could not be read (1)');
  });

  it('escapes page text so it cannot become HTML, links or emphasis', () => {
    const md = renderMarkdown(hostile(), { uiLang: 'en' });
    expect(md).not.toMatch(/(?<!\\)<(script|img|svg)/);
    expect(md).not.toMatch(/\]\(<?javascript:/);
    expect(escapeMd('[x](javascript:y) *a* <b>')).toBe('\\[x\\](javascript:y) \\*a\\* \\<b\\>');
  });
});

describe('SARIF report', async () => {
  const schema = JSON.parse(readFileSync(new URL('./fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
  const { validate, engine } = await schemaValidator(schema);

  it(`validates against the SARIF 2.1.0 schema (${engine} validator)`, () => {
    for (const r of [sample(), hostile(), report([], [])]) {
      const sarif = JSON.parse(renderSarif(r, { uiLang: 'en' }));
      expect(validate(sarif)).toEqual([]);
    }
  });

  it('the validator rejects what the schema forbids', () => {
    const sarif = JSON.parse(renderSarif(sample(), { uiLang: 'en' }));
    sarif.runs[0].results[0].level = 'fatal';
    delete sarif.runs[0].results[1].message;
    sarif.runs[0].results[2].locations[0].physicalLocation.region.startLine = 0;
    sarif.runs[0].tool.driver.unknown = true;
    const errors = validate(sarif);
    expect(errors.join('\n')).toMatch(/level|enum|allowed/);
    expect(errors.length).toBeGreaterThanOrEqual(4);
  });

  it('maps findings to results: page URL as artifact, severity as level, id as fingerprint, diff as baseline', () => {
    const sarif = JSON.parse(renderSarif(sample(), { uiLang: 'en' }));
    const run = sarif.runs[0];
    expect(sarif.version).toBe('2.1.0');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['meso-safety-no-risk', 'meso-efficacy-proven', 'meso-training-recognized-diploma', 'meso-page-no-risk-disclosure']);
    const first = run.results[0];
    expect(first.locations[0].physicalLocation.artifactLocation.uri).toBe(URL_A);
    expect(first.level).toBe('error');
    expect(first.partialFingerprints['claimscanFindingId/v1']).toBe('a1');
    expect(first.baselineState).toBe('new');
    expect(run.results[3].level).toBe('note');
    expect(run.artifacts[0].hashes['sha-256']).toBe('a'.repeat(64));
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toContain('gone');
  });
});

describe('claimscan report (CLI)', () => {
  const dir = tempDir();
  const json = join(dir, 'saved.json');
  writeFileSync(json, JSON.stringify(sample()));

  it('renders a saved JSON report beside it, in every format', async () => {
    for (const format of ['html', 'csv', 'md', 'sarif']) {
      const r = await runCli(['report', json, '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(join(dir, `saved.${format}`))).toBe(true);
      expect(r.stderr).toContain(`saved.${format}`);
    }
    expect(readFileSync(join(dir, 'saved.html'), 'utf8')).toContain('<html lang="fr">');
  });

  it('keeps screenshot links working when the rendering goes to another folder', async () => {
    const withShot = sample();
    withShot.pages[0].screenshot = 'shots.evidence/a.png';
    writeFileSync(join(dir, 'shots.json'), JSON.stringify(withShot));
    const r = await runCli(['report', join(dir, 'shots.json'), '-o', join(dir, 'sub/out.html'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, 'sub/out.html'), 'utf8');
    const data = JSON.parse(html.match(/<script type="application\/json" id="claimscan-data">([^]*?)<\/script>/)![1]);
    expect(data.pages[0].screenshot).toBe('../shots.evidence/a.png');
  });

  it('writes to stdout with -o - and follows --ui-lang', async () => {
    const r = await runCli(['report', json, '-f', 'md', '-o', '-', '--ui-lang', 'en']);
    expect(r.stdout).toContain('# Advertising claims report');
  });

  it('rejects a file that is not a report, and a bad --ui-lang, with exit code 2', async () => {
    writeFileSync(join(dir, 'other.json'), '{"hello": 1}');
    const notReport = await runCli(['report', join(dir, 'other.json')]);
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toMatch(/other\.json is not a claimscan JSON report/);
    const missing = await runCli(['report', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.json: no such file/);
    const lang = await runCli(['report', json, '--ui-lang', 'de']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toMatch(/--ui-lang takes fr or en/);
  });
});

describe('scan: where reports go', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'clinique.html'), page({ title: 'Mésothérapie', lang: 'fr', body: '<h1>Mésothérapie</h1><p>La mésothérapie est totalement sans danger.</p>' }));

  it('writes html to reports/<date>_<target>.html and reports/latest.html when no --output is given', async () => {
    const r = await runCli(['scan', 'clinique.html', '--format', 'html'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(join(dir, 'reports')).filter((f) => f.endsWith('.html')).sort(); // reports/ may hold the history database too
    expect(files, files.join(', ')).toHaveLength(2);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}_\d{6}_clinique\.html$/);
    expect(files[1]).toBe('latest.html');
    expect(readFileSync(join(dir, 'reports', files[0]), 'utf8')).toBe(readFileSync(join(dir, 'reports/latest.html'), 'utf8'));
    expect(r.stderr).toContain(`→ ${join('reports', files[0])}`);
    expect(r.stdout).toBe('');
  });

  it('keeps json on stdout, and renders every format from a scan', async () => {
    const r = await runCli(['scan', 'clinique.html', '--format', 'json', '--quiet'], { cwd: dir });
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
    const sarif = await runCli(['scan', 'clinique.html', '--format', 'sarif', '-o', '-', '--quiet'], { cwd: dir });
    expect(JSON.parse(sarif.stdout).runs[0].results.length).toBeGreaterThan(0);
    expect(renderReport(JSON.parse(r.stdout), 'csv').startsWith(CSV_BOM)).toBe(true);
  });

  it('names reports after the target', () => {
    expect(targetSlug(['https://www.clinique.example/soins/meso/'])).toBe('www.clinique.example-soins-meso');
    expect(targetSlug(['http://127.0.0.1:4567/'])).toBe('127.0.0.1-4567');
    expect(targetSlug(['site/', 'other'])).toBe('site+1');
    expect(targetSlug(['-'])).toBe('stdin');
  });
});
