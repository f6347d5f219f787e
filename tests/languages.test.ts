/**
 * Languages are data: a pack adds a language (here Spanish) or extends one with YAML only, and
 * a bad language file is refused with its file, line and field.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeBlocks } from '../src/analysis/analyze-page.js';
import { loadRuleSet } from '../src/analysis/rules/load.js';
import type { RuleSet } from '../src/analysis/rules/rule-set.js';
import { builtinRules } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'claimscan-languages-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writePack(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function flagged(ruleSet: RuleSet, text: string, lang: string): string[] {
  return analyzeBlocks([{ kind: 'text', text, headingPath: [] }], '', lang, 'https://example.test/', ruleSet).findings.map((f) => f.ruleId);
}

const SPANISH = `lang: es
name: Spanish
stemmer: porter_stemmer_es
negation: ["no", nunca, jamas, sin, ningun, ninguna, nada]
doubleNegators: ["no", nunca]
verbLinks: [es, son, esta]
clauseBreaks: [pero, sino, aunque]
hypothetical: [si, podria, podrian]
reported: [segun sus promotores, dicen que, afirman que]
refuted: [ningun estudio, no esta demostrad*, sin pruebas]
criticalTitles: [mitos, la verdad sobre]
`;

const SPANISH_PACK = {
  'pack.yaml': `name: hilos
version: 1.0.0
languages: [es]
sources: { DOC: { title: "Un documento" } }
categories:
  safety.no-risk: { title: { es: Presentado como sin riesgo }, severity: high, sources: [DOC] }
defaultTopic: hilos
topics:
  hilos:
    aliases: { es: [hilos tensores, hilo tensor] }
`,
  'languages/es.yaml': SPANISH,
  'rules.yaml': `rules:
  - id: hilos-sin-riesgo
    category: safety.no-risk
    message: { es: "Toda técnica invasiva conlleva riesgos." }
    source: { document: DOC, quote: "Toda técnica invasiva conlleva riesgos para el paciente." }
    patterns:
      es: ["sin riesgo*", "totalmente segur*"]
    examples:
      flag: ["Los hilos tensores son totalmente seguros."]
      pass: ["Los hilos tensores no son totalmente seguros."]
`,
};

describe('a language added by a pack, as data', () => {
  const ruleSet = loadRuleSet({ builtin: false, dirs: [writePack('hilos', SPANISH_PACK)] });

  it('flags a Spanish claim, and holds back its negation and its question', () => {
    expect(flagged(ruleSet, 'Los hilos tensores son totalmente seguros.', 'es')).toEqual(['hilos-sin-riesgo']);
    expect(flagged(ruleSet, 'Los hilos tensores no son totalmente seguros.', 'es')).toEqual([]);
    expect(flagged(ruleSet, '¿Los hilos tensores son totalmente seguros?', 'es')).toEqual([]);
    // the Spanish stemmer makes inflections match: "segura" like "seguros"
    expect(flagged(ruleSet, 'El hilo tensor es una técnica totalmente segura.', 'es')).toEqual(['hilos-sin-riesgo']);
    expect(flagged(ruleSet, 'Según sus promotores, los hilos tensores son totalmente seguros.', 'es')).toEqual([]);
  });

  it('refuses a language file with a wrong field, naming the file, the line and the field', () => {
    const dir = writePack('bad-lang', { ...SPANISH_PACK, 'pack.yaml': SPANISH_PACK['pack.yaml'].replace('hilos', 'bad-lang'), 'languages/es.yaml': SPANISH.replace('clauseBreaks: [pero, sino, aunque]', 'clauseBreaks: pero') });
    expect(() => loadRuleSet({ builtin: false, dirs: [dir] })).toThrow(/languages\/es\.yaml:7: field "clauseBreaks": /);
    const stemmer = writePack('bad-stemmer', { ...SPANISH_PACK, 'languages/es.yaml': SPANISH.replace('porter_stemmer_es', 'porter_stemmer_xx') });
    expect(() => loadRuleSet({ builtin: false, dirs: [stemmer] })).toThrow(/es\.yaml:3: field "stemmer": no stemmer "porter_stemmer_xx"/);
    const typo = writePack('typo-lang', { ...SPANISH_PACK, 'languages/es.yaml': `${SPANISH}negations: [nunca]\n` });
    expect(() => loadRuleSet({ builtin: false, dirs: [typo] })).toThrow(/es\.yaml.*negations/);    const tagged = writePack('tag-lang', { ...SPANISH_PACK, 'languages/es.yaml': SPANISH.replace('clauseBreaks: [pero, sino, aunque]', 'clauseBreaks: !!js/function "function () {}"') });
    expect(() => loadRuleSet({ builtin: false, dirs: [tagged] })).toThrow(/es\.yaml:\d+: .*YAML tags are not allowed/);
  });

  it('refuses a pack whose language has no language file', () => {
    const { 'languages/es.yaml': _omitted, ...rest } = SPANISH_PACK;
    void _omitted;
    expect(() => loadRuleSet({ builtin: false, dirs: [writePack('no-lang', rest)] })).toThrow(/no language file for "es"/);
  });
});

describe('a pack extends a shipped language', () => {
  const text = "D'après la plaquette, la mésothérapie est sans risque.";

  it("reads the pack's polarity.fr cues, for its own rules and the others", () => {
    expect(flagged(builtinRules(), text, 'fr')).toContain('meso-safety-no-risk');
    const dir = writePack('extends-fr', {
      'pack.yaml': `name: extends-fr
version: 1.0.0
languages: [fr]
polarity:
  fr:
    reported: [d apres la plaquette]
`,
    });
    const extended = loadRuleSet({ dirs: [dir] });
    expect(flagged(extended, text, 'fr')).not.toContain('meso-safety-no-risk');
    // the shipped rule set is unchanged: each rule set reads with its own languages
    expect(flagged(builtinRules(), text, 'fr')).toContain('meso-safety-no-risk');
  });

  it('refuses an unknown polarity field instead of ignoring it', () => {
    const dir = writePack('typo-fr', { 'pack.yaml': 'name: typo-fr\nversion: 1.0.0\nlanguages: [fr]\npolarity:\n  fr:\n    negations: [guere]\n' });
    expect(() => loadRuleSet({ dirs: [dir] })).toThrow(/pack\.yaml:\d+: field "polarity\.fr": unknown field "negations"/);
  });
});

describe('French set phrases', () => {
  it("« c'est-à-dire » is not reported speech", () => {
    expect(flagged(builtinRules(), "La mésothérapie est, c'est-à-dire pour nos patients, sans risque.", 'fr')).toContain('meso-safety-no-risk');
    expect(flagged(builtinRules(), "C'est-à-dire que la mésothérapie est sans risque.", 'fr')).toContain('meso-safety-no-risk');
    // a real reporting word still holds the claim back
    expect(flagged(builtinRules(), "Ses promoteurs disent que la mésothérapie est sans risque, c'est-à-dire sans effet.", 'fr')).toEqual([]);
  });
});
