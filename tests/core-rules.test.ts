import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRuleExamples } from '../src/authoring/test-examples.js';
import { loadRuleSet } from '../src/analysis/rules/load.js';
import { RuleLoadErrors } from '../src/analysis/rules/errors.js';
import { builtinRules, page, runCli, TAXONOMY_IDS, tempDir } from './helpers.js';

describe('the shipped mesotherapy pack', () => {
  const set = builtinRules();
  const meso = set.rules.filter((r) => r.pack.name === 'mesotherapy');

  it('covers all 12 categories of the taxonomy, in French and English, each rule citing its source', () => {
    expect(new Set(meso.map((r) => r.category))).toEqual(new Set(TAXONOMY_IDS));
    // the pack declares them, with titles in both languages and a source each
    expect([...set.categories.values()].filter((c) => c.pack === 'mesotherapy').map((c) => c.id)).toEqual(TAXONOMY_IDS);
    for (const c of set.categories.values()) expect(Object.keys(c.title).sort()).toEqual(['en', 'fr']);
    for (const rule of meso) {
      expect(rule.languages.sort()).toEqual(['en', 'fr']);
      expect(['FICHE', 'HAS']).toContain(rule.source.document);
      expect(rule.source.quote.length).toBeGreaterThan(20);
    }
  });

  const results = runRuleExamples(set, meso);
  it.each(results.map((r) => [`${r.ruleId} ${r.kind}: ${r.text}`, r] as const))('%s', (_name, r) => {
    expect(r.got, `${r.kind === 'flag' ? 'should flag' : 'should pass'}`).toSatisfy(() => r.ok);
  });
});

/** Write a one-rule pack with `rule` (YAML text of one list item) and try to load it. */
function loadBroken(dir: string, name: string, rule: string, manifestExtra = ''): string {
  const pack = join(dir, name);
  mkdirSync(pack, { recursive: true });
  writeFileSync(join(pack, 'pack.yaml'), `name: ${name}\nversion: 1.0.0\nlanguages: [fr]\nsources:\n  DOC: { title: "A document" }\ncategories:\n  safety.no-risk: { title: { fr: Sans risque }, severity: high, sources: [DOC] }\n${manifestExtra}`);
  writeFileSync(join(pack, 'rules.yaml'), `rules:\n${rule}`);
  try {
    loadRuleSet({ builtin: false, dirs: [pack] });
    return '';
  } catch (e) {
    expect(e).toBeInstanceOf(RuleLoadErrors);
    return (e as Error).message;
  }
}

const GOOD = `  - id: my-rule
    category: safety.no-risk
    message: "Pas de promesse de sécurité."
    source: { document: DOC, quote: "Toute injection comporte un risque." }
    patterns:
      fr: ["sans danger"]
    examples:
      flag: ["Un soin sans danger."]
`;

describe('rule validation', () => {
  const dir = tempDir();

  it('accepts a well-formed pack', () => {
    expect(loadBroken(dir, 'ok-pack', GOOD)).toBe('');
  });

  it.each([
    ['an unknown category', GOOD.replace('safety.no-risk', 'safety.magic'), /rules\.yaml:\d+: rule "my-rule": field "category": unknown category "safety\.magic": declare it under categories: in a pack\.yaml, or load the pack that does \(loaded: safety\.no-risk\)/],
    ['a bad severity', GOOD.replace('    message:', '    severity: extreme\n    message:'), /rule "my-rule": field "severity"/],
    ['a missing source', GOOD.replace(/    source:.*\n/, ''), /rule "my-rule": field "source"/],
    ['an unknown source document', GOOD.replace('document: DOC', 'document: NOPE'), /rule "my-rule": field "source.document": unknown document "NOPE"/],
    ['an unknown field', GOOD.replace('    message:', '    colour: red\n    message:'), /rule "my-rule": unknown field "colour"/],
    ['a pattern that is not a word', GOOD.replace('"sans danger"', '"sans <danger>"'), /field "patterns.fr\[0\]": "<danger>" is not a word/],
    ['an unknown term list', GOOD.replace('"sans danger"', '"sans @dangers"'), /field "patterns.fr\[0\]": unknown term list @dangers/],
    ['no example to flag', GOOD.replace('flag: ["Un soin sans danger."]', 'flag: []'), /field "examples.flag": give at least one example/],
    ['invalid YAML', GOOD.replace('patterns:', 'patterns: [\n'), /rules\.yaml:\d+: not valid YAML/],
  ])('names the file, the rule and the field for %s', (_what, rule, expected) => {
    expect(loadBroken(dir, `pack-${Math.random().toString(36).slice(2, 8)}`, rule)).toMatch(expected);
  });

  it('refuses a duplicate rule id across packs, naming both files', () => {
    const a = join(dir, 'dup-a');
    const b = join(dir, 'dup-b');
    loadBroken(dir, 'dup-a', GOOD);
    loadBroken(dir, 'dup-b', GOOD);
    expect(() => loadRuleSet({ builtin: false, dirs: [a, b] })).toThrow(/dup-b\/rules\.yaml:\d+: rule "my-rule": field "id": duplicate rule id, already defined in .*dup-a\/rules\.yaml/);
  });

  it('makes a scan with a broken rule pack exit 2 with the error on stderr', async () => {
    loadBroken(dir, 'broken-cli', GOOD.replace('safety.no-risk', 'safety.magic'));
    const r = await runCli(['scan', '-', '--rules', join(dir, 'broken-cli'), '--format', 'json'], { input: page({ body: '<p>x</p>' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid rules:[\s\S]*broken-cli\/rules\.yaml:\d+: rule "my-rule": field "category"/);
    expect(r.stdout).toBe('');
  });
});
