/**
 * What a reviewer reads in a finding: the highlight is exactly the words that matched (accented
 * text in either Unicode form, repeated words, `regex:` patterns), and a claim coordinated after
 * a negated one is still a claim (the README's first `check` example).
 */
import { describe, expect, it } from 'vitest';
import { analyzeBlocks } from '../src/analysis/analyze-page.js';
import { tokenize } from '../src/analysis/claims/tokens.js';
import type { Lang } from '../src/analysis/claims/language.js';
import { loadRuleSet } from '../src/analysis/rules/load.js';
import { builtinRules, runCli } from './helpers.js';

function findings(text: string, lang: Lang = 'fr', ruleSet = builtinRules()) {
  return analyzeBlocks([{ kind: 'text', text, headingPath: [] }], '', lang, 'https://clinique.example/', ruleSet).findings.filter((f) => f.match);
}

describe('the highlighted span is the matched words', () => {
  it('covers whole accented words in composed (NFC) and decomposed (NFD) text', () => {
    const nfc = 'La mésothérapie du cabinet est sans danger, son efficacité prouvée.';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    for (const text of [nfc, nfd]) {
      const got = findings(text);
      expect(got.map((f) => f.ruleId).sort()).toEqual(['meso-efficacy-proven', 'meso-safety-no-risk']);
      for (const f of got) {
        expect(text.slice(f.matchStart, f.matchEnd)).toBe(f.match);
        // never a combining accent left outside the mark, never half a word
        expect(/^\p{M}/u.test(text.slice(f.matchEnd))).toBe(false);
        expect(/[\p{L}\p{M}]/u.test(text.charAt(f.matchEnd))).toBe(false);
      }
      const proven = got.find((f) => f.ruleId === 'meso-efficacy-proven')!;
      expect(proven.match.normalize('NFC')).toBe('efficacité prouvée');
    }
  });

  it('tokens of decomposed text keep their accents and fold like composed text', () => {
    const nfd = 'Mésothérapie garantie'.normalize('NFD');
    const tokens = tokenize(nfd, 'fr');
    expect(tokens.map((t) => t.norm)).toEqual(['mesotherapie', 'garantie']);
    expect(tokens[0].end).toBe(nfd.indexOf(' '));
  });

  it('points at the occurrence that matched when words repeat', () => {
    // "sans danger" first appears negated; the claim is the second one
    const text = "La mésothérapie n'est pas sans danger ailleurs, mais ici c'est sans danger.";
    const [f] = findings(text);
    expect(f.ruleId).toBe('meso-safety-no-risk');
    expect(f.matchStart).toBe(text.lastIndexOf('sans danger'));
    expect(text.slice(f.matchStart, f.matchEnd)).toBe('sans danger');
  });

  it('starts a regex pattern’s span at its first word, not at the space before it', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'claimscan-regex-pack-'));
    writeFileSync(join(dir, 'pack.yaml'), 'name: regex-pack\nversion: 1.0.0\nlanguages: [fr]\nsources:\n  DOC: { title: "A document" }\n');
    writeFileSync(
      join(dir, 'rules.yaml'),
      `rules:
  - id: rx-zero-douleur
    category: safety.no-risk
    message: "Test."
    source: { document: DOC, quote: "Toute injection comporte un risque." }
    patterns:
      fr: [{ regex: " zero douleur" }]
    examples:
      flag: ["Mésothérapie zéro douleur."]
      pass: ["Mésothérapie sans chirurgie."]
`,
    );
    const ruleSet = loadRuleSet({ builtin: false, dirs: [dir] });
    const text = 'Mésothérapie : zéro douleur, zéro douleur.';
    const got = findings(text, 'fr', ruleSet).filter((f) => f.ruleId === 'rx-zero-douleur');
    expect(got).toHaveLength(1);
    expect(got[0].match).toBe('zéro douleur');
    expect(got[0].matchStart).toBe(text.indexOf('zéro'));
  });
});

describe('a negation does not reach a new predicate after "et" / "and"', () => {
  it('flags « résultats garantis » in the README’s first check example, and still holds back « n’est pas sûre et efficace »', async () => {
    const text = 'La mésothérapie est sans danger et ses résultats sont garantis.';
    expect(findings(text).map((f) => f.ruleId).sort()).toEqual(['meso-efficacy-proven', 'meso-safety-no-risk']);
    expect(findings("Mesotherapy doesn't hurt and is 100% risk-free.", 'en').map((f) => f.ruleId)).toEqual(['meso-safety-no-risk']);
    expect(findings("La mésothérapie n'est pas sans danger et n'est pas garantie.")).toEqual([]);
    const cli = await runCli(['check', text]);
    expect(cli.stdout).toContain('efficacy.proven');
    expect(cli.stdout).toContain('safety.no-risk');
  });
});
