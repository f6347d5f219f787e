import { describe, expect, it } from 'vitest';
import { compilePhrase, literalTrie } from '../src/analysis/claims/phrase.js';

describe('term lists of many word forms compile to one trie', () => {
  it('factors common prefixes and matches exactly the listed words', () => {
    const re = new RegExp(`^${literalTrie(['ameliore', 'amelioree', 'ameliorent', 'stimule'])}$`);
    for (const w of ['ameliore', 'amelioree', 'ameliorent', 'stimule']) expect(re.test(w)).toBe(true);
    for (const w of ['amelior', 'amelioreee', 'stimul', 'stimules', '']) expect(re.test(w)).toBe(false);
    expect(literalTrie(['ab', 'ac'])).toBe('a(?:b|c)');
  });

  it('a long term list matches the same sentences as its entries one by one', () => {
    const words = ['=ameliore', '=amelioree', '=repulpe', '=raffermit', '=stimule', '=densifie', '=lisse', '=illumine', '=tonifie', 'hydrat*', 'peau'];
    const lists = (name: string) => (name === 'verbs' ? words : undefined);
    const big = new RegExp(compilePhrase('@verbs', 'fr', lists).regex);
    const line = (text: string) => ` ${text.split(' ').map((w) => `${w}/${w}`).join(' ')} `;
    for (const w of ['ameliore', 'repulpe', 'hydratation', 'hydrate', 'densifie']) expect(big.test(line(`la mesotherapie ${w} tout`))).toBe(true);
    for (const w of ['amelioration', 'repulpant', 'densite', 'lissage']) expect(big.test(line(`la mesotherapie ${w} tout`))).toBe(false);
  });
});
