import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { analyzeBlocks } from '../src/analysis/analyze-page.js';
import { RuleLoadErrors, type RuleLoadError } from '../src/analysis/rules/errors.js';
import { BUILTIN_RULES_DIR, loadRuleSet, type LoadOptions } from '../src/analysis/rules/load.js';
import type { RuleSet } from '../src/analysis/rules/rule-set.js';
import { compileUserRegex, linearEngineAvailable } from '../src/analysis/rules/user-regex.js';
import { runCli, tempDir } from './helpers.js';

const SOURCE = { document: 'DOC', quote: 'the sentence that refutes the claim' };

function rule(id: string, more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    category: 'efficacy.proven',
    message: 'Not proven.',
    source: SOURCE,
    patterns: { en: ['miracle cure'] },
    examples: { flag: ['Mesotherapy is a miracle cure.'] },
    ...more,
  };
}

/** Write a pack folder: its manifest (merged over a minimal one) and rule files. */
function writePack(dir: string, manifest: Record<string, unknown>, files: Record<string, unknown[] | string>): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pack.yaml'), stringify({ version: '1.0.0', languages: ['en'], sources: { DOC: { title: 'A document' } }, ...manifest }));
  for (const [name, rules] of Object.entries(files)) writeFileSync(join(dir, name), typeof rules === 'string' ? rules : stringify({ rules }));
  return dir;
}

function loadErrors(options: LoadOptions): RuleLoadError[] {
  try {
    loadRuleSet(options);
  } catch (e) {
    if (e instanceof RuleLoadErrors) return e.errors;
    throw e;
  }
  throw new Error('expected the packs not to load');
}

function flags(set: RuleSet, text: string, lang = 'en', title = ''): string[] {
  const blocks = [...(title ? [{ kind: 'title' as const, text: title, headingPath: [] }] : []), { kind: 'text' as const, text, headingPath: [] }];
  // sentence findings only: page-level rules (no risk disclosure) are not what these tests are about
  return analyzeBlocks(blocks, title, lang, 'test:', set).findings.filter((f) => f.match).map((f) => f.ruleId);
}

describe('invalid packs: every error names the file, the rule and the field', () => {
  const dir = tempDir('claimscan-invalid-');
  const bad = writePack(join(dir, 'bad'), { name: 'bad' }, {
    'rules.yaml': [
      rule('bad-category', { category: 'efficacy.magic' }),
      rule('no-source', { source: undefined }),
      rule('bad-severity', { severity: 'critical' }),
      rule('meso-safety-no-risk'),
      rule('typo-field', { patterns: undefined, pattern: { en: ['x'] } }),
      rule('unknown-document', { source: { document: 'NOPE', quote: SOURCE.quote } }),
    ],
  });
  const other = writePack(join(dir, 'other'), { name: 'other' }, { 'a.yaml': [rule('shared-id')] });
  const another = writePack(join(dir, 'another'), { name: 'another' }, { 'b.yaml': [rule('shared-id')] });

  it('reports all problems at once, each with file:line, rule id and field', () => {
    const errors = loadErrors({ dirs: [bad] });
    const byRule = Object.fromEntries(errors.map((e) => [e.ruleId, e]));
    const file = join(bad, 'rules.yaml');
    expect(byRule['bad-category']).toMatchObject({ file, field: 'category', problem: expect.stringMatching(/unknown category "efficacy\.magic".*loaded: efficacy\.proven, /) });
    expect(byRule['no-source']).toMatchObject({ file, field: 'source', problem: expect.stringMatching(/^missing: cite the document and the sentence that refutes the claim/) });
    expect(byRule['bad-severity']).toMatchObject({ file, field: 'severity', problem: '"critical" is not a severity; use one of: low, medium, high' });
    expect(byRule['meso-safety-no-risk']).toMatchObject({ file, field: 'id', problem: expect.stringMatching(/duplicate rule id, already defined in .*rules\/mesotherapy\/safety\.yaml/) });
    expect(byRule['typo-field'].problem).toMatch(/unknown field "pattern" \(did you mean "patterns"\?\)/);
    expect(byRule['unknown-document']).toMatchObject({ field: 'source.document', problem: 'unknown document "NOPE" (this pack cites: DOC)' });
    // lines point into the file: the rules are written one after another
    const lines = errors.map((e) => e.line ?? 0);
    expect(lines.every((l) => l > 1)).toBe(true);
    expect(byRule['bad-category'].message).toMatch(new RegExp(`^${file}:\\d+: rule "bad-category": field "category": `));
  });

  it('refuses the same rule id in two packs, naming both files', () => {
    const errors = loadErrors({ dirs: [other, another] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: join(another, 'b.yaml'), ruleId: 'shared-id', field: 'id', problem: expect.stringContaining(join(other, 'a.yaml')) });
  });

  it('refuses a topic id another pack already defines', () => {
    const mine = writePack(join(dir, 'topic-clash'), { name: 'topic-clash', topics: { mesotherapy: { aliases: { en: ['meso'] } } } }, { 'r.yaml': [rule('clash-rule')] });
    const errors = loadErrors({ dirs: [mine] });
    expect(errors[0]).toMatchObject({ field: 'topics.mesotherapy', problem: expect.stringMatching(/already defined by pack "mesotherapy"/) });
  });

  it('the CLI prints them and exits 2', async () => {
    const r = await runCli(['rules', 'list', '--rules', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid rules:');
    expect(r.stderr).toMatch(/rules\.yaml:\d+: rule "bad-severity": field "severity": "critical" is not a severity/);
  });
});

describe('a pathological regular expression cannot hang a scan', () => {
  const dir = tempDir('claimscan-regex-');
  const nested = writePack(join(dir, 'nested'), { name: 'nested' }, { 'r.yaml': [rule('nested-regex', { patterns: { en: [{ regex: '(a+)+$' }] } })] });

  it('refuses (a+)+$ when the pack loads, naming the rule and the field', () => {
    const [e] = loadErrors({ dirs: [nested] });
    expect(e).toMatchObject({ ruleId: 'nested-regex', field: 'patterns.en[0]', file: join(nested, 'r.yaml') });
    expect(e.problem).toMatch(/can backtrack catastrophically/);
  });

  it('a scan with that pack stops at once with exit 2 instead of running', async () => {
    const html = `<html lang="en"><title>Mesotherapy</title><p>${'a'.repeat(5000)}!</p></html>`;
    const r = await runCli(['scan', '-', '--rules', nested, '--format', 'json', '--no-history'], { input: html, timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rule "nested-regex": field "patterns\.en\[0\]": regular expression \/\(a\+\)\+\$\/ can backtrack catastrophically/);
  });

  it('what the star-height check cannot see, (a|a)+$, runs on the linear-time engine', async () => {
    expect(linearEngineAvailable()).toBe(true);
    expect(compileUserRegex('(a|a)+$').flags).toContain('l');
    const alternation = writePack(join(dir, 'alternation'), { name: 'alternation' }, {
      'r.yaml': [rule('alternation-regex', { patterns: { en: [{ regex: '(a|a)+$' }] }, examples: { flag: ['aaaa'] } })],
    });
    // On a backtracking engine this input takes longer than the age of the universe.
    const text = `${'a'.repeat(3000)} b`;
    const r = await runCli(['check', '--lang', 'en', '--rules', alternation, text], { timeoutMs: 30_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no finding/);
  });

  it('refuses what the linear-time engine cannot run, with a hint', () => {
    expect(() => compileUserRegex('(?<=no )risk')).toThrow(/linear-time engine .*lookarounds/);
    expect(() => compileUserRegex('risk(?= free)')).toThrow(/linear-time engine .*lookarounds/);
    expect(() => compileUserRegex('(\\w)\\1')).toThrow(/backreference/);
    expect(() => compileUserRegex('Risk', 'i')).toThrow(/lower case/);
    expect(compileUserRegex('risk', 'i').test(' no risk ')).toBe(true);
  });
});

describe('opt-in packs', () => {
  it('the shipped iv-drips pack is not loaded by default', () => {
    const set = loadRuleSet();
    expect(set.packs.map((p) => p.name)).toEqual(['mesotherapy']);
    expect(set.rules.some((r) => r.id.startsWith('iv-'))).toBe(false);
  });

  it('loads when named: by its shipped name or by its folder', () => {
    for (const spec of ['iv-drips', join(BUILTIN_RULES_DIR, 'iv-drips')]) {
      const set = loadRuleSet({ dirs: [spec] });
      expect(set.packs.map((p) => p.name)).toEqual(['mesotherapy', 'iv-drips']);
      expect(flags(set, 'Nos perfusions de vitamines sont sans aucun risque.', 'fr')).toEqual(['iv-safety-no-risk']);
    }
  });

  it('a folder of packs skips its opt-in packs until one is named', () => {
    const dir = tempDir('claimscan-optin-');
    writePack(join(dir, 'packs/always'), { name: 'always' }, { 'r.yaml': [rule('always-rule')] });
    writePack(join(dir, 'packs/later'), { name: 'later', optIn: true }, { 'r.yaml': [rule('later-rule', { patterns: { en: ['wonder drug'] } })] });
    expect(loadRuleSet({ dirs: [join(dir, 'packs')] }).packs.map((p) => p.name)).toEqual(['mesotherapy', 'always']);
    expect(loadRuleSet({ dirs: [join(dir, 'packs'), join(dir, 'packs/later')] }).packs.map((p) => p.name)).toEqual(['mesotherapy', 'always', 'later']);
  });

  it('rules list says which opt-in packs exist and how to load them', async () => {
    const r = await runCli(['rules', 'list']);
    expect(r.stdout).toMatch(/opt-in pack not loaded: iv-drips .*\(add --rules iv-drips\)/);
    const withIt = await runCli(['rules', 'list', '--rules', 'iv-drips']);
    expect(withIt.stdout).toMatch(/^iv-safety-no-risk +safety\.no-risk +high +fr,en +iv-drips@1\.0\.0 \/ HAS$/m);
  });
});

describe('packs from npm packages', () => {
  const project = tempDir('claimscan-npm-');
  const modules = join(project, 'node_modules');
  const packRule = (id: string) => [rule(id, { patterns: { en: ['wonder drug'] }, examples: { flag: ['Mesotherapy is a wonder drug.'] } })];
  writePack(join(modules, 'claimscan-pack-clinic/pack'), { name: 'clinic-policy', version: '2.1.0' }, { 'r.yaml': packRule('clinic-wonder') });
  writeFileSync(join(modules, 'claimscan-pack-clinic/package.json'), JSON.stringify({ name: 'claimscan-pack-clinic', version: '2.1.0', claimscan: { pack: './pack' } }));
  writePack(join(modules, '@acme/claimscan-rules'), { name: 'acme' }, { 'r.yaml': [rule('acme-miracle')] });
  writeFileSync(join(modules, '@acme/claimscan-rules/package.json'), JSON.stringify({ name: '@acme/claimscan-rules', version: '1.0.0' }));
  mkdirSync(join(modules, 'left-pad'));
  writeFileSync(join(modules, 'left-pad/package.json'), JSON.stringify({ name: 'left-pad', version: '1.0.0' }));
  mkdirSync(join(modules, 'sneaky/pack'), { recursive: true });
  writeFileSync(join(modules, 'sneaky/package.json'), JSON.stringify({ name: 'sneaky', claimscan: { pack: '../claimscan-pack-clinic/pack' } }));
  mkdirSync(join(project, 'src/deep'), { recursive: true });

  it('loads the pack a package declares in package.json ("claimscan": {"pack": …}), looked up like Node does', () => {
    const set = loadRuleSet({ dirs: ['npm:claimscan-pack-clinic'], cwd: join(project, 'src/deep') });
    expect(set.rule('clinic-wonder')?.pack).toMatchObject({ name: 'clinic-policy', version: '2.1.0' });
  });

  it('loads a (scoped) package whose own folder is the pack', () => {
    const set = loadRuleSet({ dirs: ['npm:@acme/claimscan-rules'], cwd: project });
    expect(set.rule('acme-miracle')?.pack.name).toBe('acme');
  });

  it('says what is wrong with a package that is missing, ships no pack, or points outside itself', () => {
    const problems = loadErrors({ dirs: ['npm:claimscan-pack-nope', 'npm:left-pad', 'npm:sneaky'], cwd: project }).map((e) => e.message);
    expect(problems[0]).toMatch(/npm:claimscan-pack-nope: package not found in node_modules from .*: install it first/);
    expect(problems[1]).toMatch(/left-pad\/package\.json: field "claimscan\.pack": package "left-pad" does not ship a claimscan pack/);
    expect(problems[2]).toMatch(/sneaky\/package\.json: field "claimscan\.pack": "\.\.\/claimscan-pack-clinic\/pack" is outside the package/);
  });

  it('a project config can name packs the same ways, and the rules commands apply it', async () => {
    writeFileSync(
      join(project, 'claimscan.config.yaml'),
      stringify({ rules: { packs: ['npm:claimscan-pack-clinic', 'iv-drips'], disable: ['meso-safety-natural'], severity: { 'clinic-wonder': 'high' } } }),
    );
    const r = await runCli(['rules', 'list', '--json'], { cwd: project });
    expect(r.stderr).toBe('');
    const rows = JSON.parse(r.stdout) as Array<{ id: string; severity: string; pack: string }>;
    expect(rows.find((x) => x.id === 'clinic-wonder')).toMatchObject({ severity: 'high', pack: 'clinic-policy@2.1.0' });
    expect(rows.some((x) => x.id === 'iv-safety-no-risk')).toBe(true);
    expect(rows.some((x) => x.id === 'meso-safety-natural')).toBe(false);
  });

  it('a scan with --rules npm:<package> reports the package pack’s name and version', async () => {
    const html = '<html lang="en"><title>Mesotherapy – Clinic</title><p>Our mesotherapy is a wonder drug.</p></html>';
    const r = await runCli(['scan', '-', '--rules', 'npm:claimscan-pack-clinic', '--format', 'json', '--quiet', '--no-history'], { input: html, cwd: join(project, 'src/deep') });
    const report = JSON.parse(r.stdout);
    expect(report.findings.find((f: { ruleId: string }) => f.ruleId === 'clinic-wonder')?.pack).toEqual({ name: 'clinic-policy', version: '2.1.0' });
  });
});

describe('overrides, term lists, per-language patterns', () => {
  const dir = tempDir('claimscan-overrides-');

  it('a config can disable a rule, change its severity and extend its patterns', () => {
    const set = loadRuleSet({
      overrides: {
        disable: ['meso-safety-natural'],
        severity: { 'meso-safety-no-risk': 'low' },
        extend: { 'meso-safety-no-risk': { patterns: { en: ['feather light'] } } },
      },
    });
    expect(set.rule('meso-safety-natural')).toBeUndefined();
    expect(set.rule('meso-safety-no-risk')?.severity).toBe('low');
    expect(flags(set, 'Our mesotherapy is feather light.')).toEqual(['meso-safety-no-risk']);
    expect(flags(loadRuleSet(), 'Our mesotherapy is feather light.')).toEqual([]);
  });

  it('an override naming no rule is an error with a suggestion', () => {
    const [e] = loadErrors({ overrides: { disable: ['meso-safety-no-risks'] } });
    expect(e).toMatchObject({ file: 'config', ruleId: 'meso-safety-no-risks', problem: expect.stringMatching(/did you mean "meso-safety-no-risk"/) });
  });

  it("a pack's term list never changes another pack's rules, and a pack can use the shipped pack's lists", () => {
    const pack = writePack(join(dir, 'lists'), { name: 'lists', defaultTopic: 'mesotherapy', terms: { harmless: { en: ['sparkly'] } } }, {
      'r.yaml': [rule('lists-sparkly', { patterns: { en: ['@harmless'] }, examples: { flag: ['Mesotherapy is sparkly.'] } }), rule('lists-meso', { patterns: { en: ['@meso-names ~2 wonder'] }, examples: { flag: ['Mesotherapy wonder.'] } })],
    });
    const set = loadRuleSet({ dirs: [pack] });
    expect(flags(set, 'Our mesotherapy is sparkly.')).toEqual(['lists-sparkly']); // not meso-safety-no-risk
    expect(flags(set, 'Our mesotherapy is harmless.')).toEqual(['meso-safety-no-risk']); // its list is untouched
    expect(flags(set, 'Fat dissolving injections work wonders.')).toContain('lists-meso');
  });

  it('patterns are per language: a rule only runs in the languages it has patterns for', () => {
    const pack = writePack(join(dir, 'langs'), { name: 'langs', languages: ['fr', 'en'], defaultTopic: 'mesotherapy' }, {
      'r.yaml': [rule('langs-miracle', { patterns: { fr: ['remede miracle'], en: ['miracle cure'] }, examples: { flag: ['La mésothérapie, un remède miracle.'] } }), rule('langs-fr-only', { languages: ['fr'], patterns: { fr: ['cure'] }, examples: { flag: ['La mésothérapie est une cure.'] } })],
    });
    const set = loadRuleSet({ dirs: [pack] });
    expect(flags(set, 'La mésothérapie est un remède miracle.', 'fr')).toEqual(['langs-miracle']);
    expect(flags(set, 'Mesotherapy is a miracle cure.', 'en')).toEqual(['langs-miracle']);
    expect(flags(set, 'La mésothérapie est une cure.', 'fr')).toEqual(['langs-fr-only']);
    expect(flags(set, 'Mesotherapy is a cure.', 'en')).toEqual([]);
  });

  it('an exception holds back what it governs; refutedBy takes the claim back from anywhere in the sentence', () => {
    const pack = writePack(join(dir, 'scopes'), { name: 'scopes', defaultTopic: 'mesotherapy' }, {
      'r.yaml': [
        rule('scopes-unless', { patterns: { en: ['miracle cure'] }, unless: { en: ['for some'] }, examples: { flag: ['Mesotherapy is a miracle cure.'] } }),
        rule('scopes-refuted', { patterns: { en: ['wonder cure'] }, refutedBy: { en: ['but ~2 risk* remain*'] }, examples: { flag: ['Mesotherapy is a wonder cure.'] } }),
      ],
    });
    const set = loadRuleSet({ dirs: [pack] });
    expect(flags(set, 'For some, mesotherapy is a miracle cure.')).not.toContain('scopes-unless'); // before the match: governs it
    expect(flags(set, 'Mesotherapy is a miracle cure, and it works for some.')).toContain('scopes-unless'); // a later clause: a claim stands
    expect(flags(set, 'Mesotherapy is a wonder cure.')).toContain('scopes-refuted');
    expect(flags(set, 'Mesotherapy is a wonder cure, but the risks remain.')).not.toContain('scopes-refuted');
  });
});
