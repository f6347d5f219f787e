import { Prefilter } from '../src/analysis/claims/prefilter.js';
import { useLanguages } from '../src/analysis/languages/table.js';
import { builtinRules } from './helpers.js';
import { describe, expect, it } from 'vitest';
import { fold, tidy } from '../src/analysis/claims/normalize.js';
import { splitSentences } from '../src/analysis/claims/sentences.js';
import { tokenize } from '../src/analysis/claims/tokens.js';
import { detectLanguage } from '../src/analysis/claims/language.js';

const texts = (t: string) => splitSentences(t).map((s) => s.text);

describe('sentence splitting', () => {
  it('splits on . ! ? and keeps French and English abbreviations whole', () => {
    expect(texts("Le Dr. Martin injecte env. 2 ml. C'est garanti ! Vraiment ? Oui.")).toEqual([
      'Le Dr. Martin injecte env. 2 ml.',
      "C'est garanti !",
      'Vraiment ?',
      'Oui.',
    ]);
    expect(texts('Dr. Castellan is board-certified, e.g. in Paris. It works!')).toEqual(['Dr. Castellan is board-certified, e.g. in Paris.', 'It works!']);
  });

  it('does not split decimals, initials or lower-case continuations', () => {
    expect(texts('Une dose de 0.5 ml par J. Dupont. voir p. 12 du guide.')).toEqual(['Une dose de 0.5 ml par J. Dupont. voir p. 12 du guide.']);
  });

  it('splits at line breaks and keeps offsets into the block', () => {
    const spans = splitSentences('Premier\nSecond point.');
    expect(spans.map((s) => s.text)).toEqual(['Premier', 'Second point.']);
    expect(spans[1].start).toBe(8);
  });

  it('drops pieces without letters or digits', () => {
    expect(texts('… — !')).toEqual([]);
  });
});

describe('normalisation', () => {
  it('folds case, accents and ligatures', () => {
    expect(fold('Mésothérapie ŒDÈME Ça')).toBe('mesotherapie oedeme ca');
  });

  it('unifies apostrophes, dashes and spaces', () => {
    expect(tidy('l’efficacité — prouvée\u00a0 !')).toBe("l'efficacité - prouvée !");
  });

  it('repairs common spellings: glued or split aliases, misspellings, contractions', () => {
    // glued words and the treatment's misspellings are the shipped pack's (its topic), contractions the language's
    useLanguages(builtinRules().languages);
    const norms = (t: string, lang = 'fr') => tokenize(t, lang).map((tok) => tok.norm);
    expect(norms('méso-lift meso lift mésolift')).toEqual(['mesolift', 'mesolift', 'mesolift']);
    expect(norms('mesoterapie effet secondaires')).toEqual(['mesotherapie', 'effets', 'secondaires']);
    expect(norms("It doesn't hurt and cannot spread", 'en')).toEqual(['it', 'does', 'not', 'hurt', 'and', 'can', 'not', 'spread']);
  });

  it('stems a contraction and a split word as the words written out', () => {
    useLanguages(builtinRules().languages);
    const stems = (t: string) => tokenize(t, 'en').map((tok) => tok.stem);
    expect(stems("It doesn't hurt and cannot spread")).toEqual(stems('It does not hurt and can not spread'));
  });

  it('stems so that inflections match', () => {
    const stems = (t: string, lang: string) => tokenize(t, lang).map((tok) => tok.stem);
    expect(new Set(stems('garanti garantis garantie', 'fr')).size).toBe(1);
    expect(new Set(stems('guarantee guaranteed', 'en')).size).toBe(1);
  });

  it('keeps offsets into the original sentence', () => {
    const text = "L'efficacité est prouvée";
    const t = tokenize(text, 'fr');
    expect(t.map((x) => text.slice(x.start, x.end))).toEqual(['L', 'efficacité', 'est', 'prouvée']);
  });
});

describe('language detection', () => {
  it('tells French from English by function words', () => {
    expect(detectLanguage('La mésothérapie est une technique de soin pour le visage')).toBe('fr');
    expect(detectLanguage('Mesotherapy is a treatment for the face and the body')).toBe('en');
  });
});

describe('the prefilter', () => {
  it('goes by each word’s stem, even when the same word came earlier with another one', () => {
    const prefilter = new Prefilter<string>();
    prefilter.add('does not …', [{ exact: new Set(['doe']), prefixes: new Set(), any: false }]);
    const token = (norm: string, stem: string) => ({ norm, stem, start: 0, end: norm.length });
    expect(prefilter.candidates([token('does', 'does')])).toEqual([]);
    expect(prefilter.candidates([token('does', 'doe')])).toEqual(['does not …']);
  });
});
