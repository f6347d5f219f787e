/**
 * Issue 11: language identification on one short sentence, confidence on findings and
 * --min-confidence, the learned tier's gate and findings (with a model written here), and
 * `claimscan eval` / `eval --rank`. All sentences are written for these tests.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { identifyLanguage } from '../src/analysis/claims/identify-language.js';
import { analyzeBlocks } from '../src/analysis/analyze-page.js';
import { textFeatures, DEFAULT_FEATURES } from '../src/analysis/learned/features.js';
import { MODEL_FORMAT, readModel } from '../src/analysis/learned/model.js';
import { loadRuleSet } from '../src/analysis/rules/load.js';
import { applyConfidence } from '../src/report/confidence-view.js';
import { renderReport } from '../src/report/render.js';
import type { ScanReport } from '../src/model/report-model.js';
import type { TextBlock } from '../src/model/blocks.js';
import { builtinRules, ROOT, runCli } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'claimscan-learned-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('language identification on one short sentence', () => {
  const english = ['Mesotherapy has no side effects.', 'Mesotherapy melts fat.', 'Safe and natural.', 'Mesotherapy is risk-free.', 'Our injections work fast.'];
  const french = ['La mésothérapie est sans danger.', 'Mésothérapie sans risque.', 'La méso fait fondre les graisses.', 'Efficacité prouvée.', 'Zéro effet secondaire.'];

  it('tells short English from short French', () => {
    for (const s of english) expect(identifyLanguage(s, 'fr').lang, s).toBe('en');
    for (const s of french) expect(identifyLanguage(s, 'en').lang, s).toBe('fr');
  });

  it('says when it is unsure, and is sure of a full sentence', () => {
    expect(identifyLanguage('Proven results.').confident).toBe(false);
    expect(identifyLanguage('The mesotherapy sessions that we offer are safe for all of our patients.').confident).toBe(true);
    expect(identifyLanguage('Les séances de mésothérapie que nous proposons sont sans danger pour tous nos patients.').confident).toBe(true);
  });

  it('check finds the claim in one short English and one short French sentence', async () => {
    const en = await runCli(['check', 'Mesotherapy has no side effects.', '--format', 'json']);
    const enOut = JSON.parse(en.stdout) as { lang: string; findings: Array<{ category: string }> };
    expect(enOut.lang).toBe('en');
    expect(enOut.findings.map((f) => f.category)).toContain('safety.no-risk');
    const fr = await runCli(['check', 'La mésothérapie est sans danger.', '--format', 'json']);
    const frOut = JSON.parse(fr.stdout) as { lang: string; findings: Array<{ category: string }> };
    expect(frOut.lang).toBe('fr');
    expect(frOut.findings.map((f) => f.category)).toContain('safety.no-risk');
  });
});

describe('confidence', () => {
  const blocks = (text: string): TextBlock[] => [{ kind: 'text', text, headingPath: [] }];

  it('every finding carries a confidence between 0 and 1', () => {
    const { findings } = analyzeBlocks(blocks('La mésothérapie est sans danger et fait fondre la cellulite.'), 'Mésothérapie', 'fr', 'https://x.test/', builtinRules());
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.confidence).toBeGreaterThan(0);
      expect(f.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('a claim naming the treatment itself is more sure than one that takes its topic from the title', () => {
    const rules = builtinRules();
    const own = analyzeBlocks(blocks('La mésothérapie est sans danger.'), '', 'fr', 'https://x.test/a', rules).findings.find((f) => f.category === 'safety.no-risk');
    const title = analyzeBlocks(blocks('Cette technique est sans danger.'), 'Mésothérapie', 'fr', 'https://x.test/b', rules).findings.find((f) => f.category === 'safety.no-risk');
    expect(own?.confidence).toBeDefined();
    expect(title?.confidence).toBeDefined();
    expect(own!.confidence!).toBeGreaterThan(title!.confidence!);
  });

  const report = (): ScanReport => {
    const f = (id: string, confidence: number, url: string) => ({
      id, ruleId: 'r', category: 'safety.no-risk' as const, severity: 'high' as const, url, text: `sentence ${id}`, match: 'sentence', matchStart: 0, matchEnd: 8,
      headingPath: [], selector: 'p', lang: 'en', message: 'm', source: { document: 'D', title: 'T', quote: 'q' }, pack: { name: 'p', version: '1' }, confidence,
    });
    return {
      tool: { name: 'claimscan', version: '0' }, startedAt: '', finishedAt: '', targets: [], packs: [],
      summary: { pages: 2, pagesWithFindings: 2, pagesFailed: 0, findings: 3, bySeverity: { high: 3 }, byCategory: { 'safety.no-risk': 3 } },
      pages: [{ url: 'https://a.test/', title: 'A', lang: 'en', status: 200, findings: 2 }, { url: 'https://b.test/', title: 'B', lang: 'en', status: 200, findings: 1 }],
      findings: [f('low', 0.41, 'https://a.test/'), f('high', 0.93, 'https://a.test/'), f('mid', 0.7, 'https://b.test/')],
    };
  };

  it('--min-confidence leaves out the findings under it, and the summary follows', () => {
    const r = applyConfidence(report(), 0.6);
    expect(r.findings.map((f) => f.id)).toEqual(['high', 'mid']);
    expect(r.summary.findings).toBe(2);
    expect(r.pages.find((p) => p.url === 'https://a.test/')?.findings).toBe(1);
  });

  it('reports list the most likely right first and show the confidence', () => {
    const text = renderReport(report(), 'text');
    expect(text.indexOf('confidence 0.93')).toBeGreaterThan(-1);
    expect(text.indexOf('confidence 0.93')).toBeLessThan(text.indexOf('confidence 0.41'));
    const csv = renderReport(report(), 'csv', { uiLang: 'en' });
    expect(csv).toContain('"Confidence"');
    expect(csv).toContain('"0.93"');
    const sarif = JSON.parse(renderReport(report(), 'sarif', { uiLang: 'en' })) as { runs: Array<{ results: Array<{ rank: number; properties: { confidence: number } }> }> };
    expect(sarif.runs[0].results.map((r) => r.rank)).toEqual([93, 70, 41]);
    expect(renderReport(report(), 'md', { uiLang: 'fr' })).toContain('Confiance\u00a0: 0.93');
    expect(renderReport(report(), 'html', { uiLang: 'en' })).toContain('"conf":0.93');
  });

  it('the CLI refuses a confidence out of 0–1', async () => {
    const r = await runCli(['check', 'Mesotherapy is safe.', '--min-confidence', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--min-confidence takes a number from 0 to 1');
  });
});

describe('the learned tier (a model written for the test)', () => {
  // A copy of the shipped pack with a model that knows one sentence family no rule covers.
  const pack = join(scratch, 'meso');
  cpSync(join(ROOT, 'rules/mesotherapy'), pack, { recursive: true });
  const taught = 'Our sessions wake up tired skin in a weekend.';
  const { index } = textFeatures(taught, 'en');
  const buckets = Uint32Array.from(index);
  const model = {
    format: MODEL_FORMAT,
    version: 'test',
    topic: 'mesotherapy',
    ruleIdPrefix: 'meso-learned',
    enabled: true,
    features: DEFAULT_FEATURES,
    buckets: Buffer.from(buckets.buffer).toString('base64'),
    categories: {
      'efficacy.treats': { bias: -40, scale: 0.1, threshold: 0.8, precision: 0.92, weights: Buffer.from(new Int8Array(buckets.length).fill(127).buffer).toString('base64') },
    },
  };
  writeFileSync(join(pack, 'model.json'), JSON.stringify(model));
  const rules = loadRuleSet({ dirs: [pack], builtin: false });
  const run = (text: string, title = 'Mesotherapy in Lyon', heading: string[] = []) => {
    const r = analyzeBlocks([{ kind: 'text', text, headingPath: heading }], title, 'en', 'https://x.test/', rules, true);
    // the page-level rule (no word on risks) is not what these tests are about
    return { ...r, findings: r.findings.filter((f) => f.category !== 'page.no-risk-disclosure') };
  };

  it('flags a sentence no rule matched, under its own rule id, with the category and a confidence', () => {
    const { findings, explanation } = run(taught);
    expect(findings).toHaveLength(1);
    expect(findings[0].ruleId).toBe('meso-learned-efficacy-treats');
    expect(findings[0].category).toBe('efficacy.treats');
    expect(findings[0].confidence).toBeGreaterThanOrEqual(0.92);
    expect(findings[0].message.length).toBeGreaterThan(0);
    expect(explanation?.[0].rules.some((r) => r.outcome === 'flagged' && r.detail.startsWith('learned tier: score'))).toBe(true);
  });

  it('reads only what the topic and polarity logic accept', () => {
    expect(run(taught, 'Botox in Lyon').findings, 'off topic').toHaveLength(0);
    expect(run('Our sessions wake up tired skin in a weekend?').findings, 'a question').toHaveLength(0);
    expect(run('Some clinics claim our sessions wake up tired skin in a weekend.').findings, 'reported speech').toHaveLength(0);
    expect(run('Unrelated words about the weather and parking.').findings, 'low score').toHaveLength(0);
  });

  it('leaves sentences that a rule matched to the rules', () => {
    const { findings } = run('Mesotherapy is completely safe and our sessions wake up tired skin in a weekend.');
    expect(findings.some((f) => f.ruleId.startsWith('meso-learned'))).toBe(false);
    expect(findings.some((f) => f.category === 'safety.no-risk')).toBe(true);
  });

  it('a disabled model flags nothing', () => {
    writeFileSync(join(scratch, 'off.json'), JSON.stringify({ ...model, enabled: false }));
    const off = readModel(join(scratch, 'off.json'), rules.packs[0], rules.rules);
    expect(off.flags(taught, 'en')).toEqual([]);
    expect(off.score(taught, 'en')[0].p).toBeGreaterThan(0.8);
  });

  it('a model file that is not one is named in the error', () => {
    writeFileSync(join(scratch, 'bad.json'), '{"format":"something-else"}');
    expect(() => readModel(join(scratch, 'bad.json'), rules.packs[0], rules.rules)).toThrow(/bad\.json: not a claimscan learned model/);
  });

  it('the shipped model holds numbers only: no word of its training text', async () => {
    const { readFileSync } = await import('node:fs');
    const shipped = JSON.parse(readFileSync(join(ROOT, 'rules/mesotherapy/model.json'), 'utf8')) as Record<string, unknown>;
    const { buckets: _b, categories, training, ...rest } = shipped as { buckets: string; categories: Record<string, { weights: string }>; training: unknown };
    const words = JSON.stringify({ rest, training, categories: Object.fromEntries(Object.entries(categories).map(([k, v]) => [k, { ...v, weights: '' }])) });
    expect(words).not.toMatch(/mésothérapie|mesotherapy is|sans danger|side effects/i);
  });
});

describe('claimscan eval', () => {
  const set = join(scratch, 'set.jsonl');
  const items = [
    { id: 'a1', lang: 'en', title: 'Mesotherapy clinic', heading: '', text: 'Mesotherapy is completely safe.', labels: ['safety.no-risk'] },
    { id: 'a2', lang: 'fr', title: 'Mésothérapie', heading: '', text: 'La mésothérapie est sans danger.', labels: ['safety.no-risk'] },
    { id: 'a3', lang: 'en', title: 'Mesotherapy clinic', heading: '', text: 'Our front desk opens at nine every morning.', labels: [] },
    { id: 'a4', lang: 'en', title: 'Mesotherapy clinic', heading: '', text: 'Our front desk opens at nine every morning.', labels: ['approval.authorized'] },
    { id: 'a5', lang: 'en', title: 'Mesotherapy clinic', heading: '', text: 'Mesotherapy is completely safe.', labels: [] },
  ];
  writeFileSync(set, items.map((i) => JSON.stringify(i)).join('\n') + '\n');

  it('gives per-category precision, recall, F1 and false alarms, with each miss and false alarm traced', async () => {
    const r = await runCli(['eval', set, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      items: number;
      byCategory: Record<string, { tp: number; fp: number; fn: number; precision: number; recall: number }>;
      falseAlarms: { items: number; of: number };
      misses: Array<{ id: string; categories: string[]; trace: unknown[] }>;
      falseAlarmItems: Array<{ id: string; rules: string[] }>;
    };
    expect(out.items).toBe(5);
    expect(out.byCategory['safety.no-risk']).toMatchObject({ tp: 2, fp: 1, fn: 0, recall: 1 });
    expect(out.byCategory['safety.no-risk'].precision).toBeCloseTo(0.667, 2);
    expect(out.byCategory['approval.authorized']).toMatchObject({ tp: 0, fn: 1 });
    expect(out.falseAlarms).toEqual({ items: 1, of: 2, rate: 0.5 });
    expect(out.misses.map((m) => m.id)).toEqual(['a4']);
    expect(out.misses[0].trace.length).toBeGreaterThan(0);
    expect(out.falseAlarmItems.map((m) => m.id)).toEqual(['a5']);
    expect(out.falseAlarmItems[0].rules.length).toBeGreaterThan(0);
  });

  it('prints the table and the traces as text, and --min-f1 sets the exit code', async () => {
    const r = await runCli(['eval', set, '--min-f1', '0.99']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/safety\.no-risk\s+2\s+1\s+0/);
    expect(r.stdout).toContain('false alarms: 1 of 2 passages without a claim');
    expect(r.stdout).toContain('a4 [en] missed: approval.authorized');
    expect(r.stdout).toContain('a5 [en] flagged wrongly: safety.no-risk');
    expect(r.stdout).toContain('topic mesotherapy: yes');
  });

  it('a bad set is a usage error naming the line', async () => {
    const bad = join(scratch, 'bad.jsonl');
    writeFileSync(bad, '{"id":"x","lang":"en","text":"fine","labels":[]}\nnot json\n');
    const r = await runCli(['eval', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.jsonl:2: not JSON');
  });

  it('--rank lists unlabeled sentences no rule matched, best model score first', async () => {
    const unlabeled = join(scratch, 'pages');
    cpSync(join(ROOT, 'tests/fixtures/eval'), unlabeled, { recursive: true });
    writeFileSync(
      join(unlabeled, 'page.html'),
      '<!doctype html><html lang="en"><head><title>Mesotherapy</title></head><body><h1>Mesotherapy</h1><p>Mesotherapy is completely safe. Our sessions leave skin visibly brighter within days. Parking is behind the building.</p></body></html>',
    );
    const r = await runCli(['eval', '--rank', unlabeled, '--top', '5', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { ranked: Array<{ text: string; score: number; category: string }>; read: number };
    expect(out.read).toBeGreaterThan(1);
    expect(out.ranked.length).toBe(5);
    const scores = out.ranked.map((x) => x.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // a sentence a rule flags is never offered for labeling
    expect(out.ranked.some((x) => x.text === 'Mesotherapy is completely safe.')).toBe(false);
  });
});
