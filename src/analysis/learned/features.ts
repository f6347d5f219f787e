/**
 * Features of the learned recall tier: hashed word unigrams, word bigrams and character
 * n-grams (3–5, inside words) of a sentence in folded form. Only the hashes are kept, so a
 * model file holds numbers, not the text it was trained on. The training script
 * (scripts/train-model.mjs) imports this very module from dist, so training and scanning hash
 * alike.
 */
import { fold } from '../claims/normalize.js';

export interface FeatureSpec {
  /** the hash space is 2^bits */
  bits: number;
  /** smallest and largest character n-gram length */
  charMin: number;
  charMax: number;
}

export const DEFAULT_FEATURES: FeatureSpec = { bits: 18, charMin: 3, charMax: 5 };

/** FNV-1a, 32 bits, over UTF-16 code units. */
function fnv(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Folded words of a text: lower case, no accents, elisions split ("l'efficacité" → "l", "efficacite"). */
export function featureWords(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+|%/gu) ?? [];
}

/**
 * The hashed features of a text: sorted distinct bucket indexes, each of weight 1/√n (the
 * vector has unit length, so long and short sentences weigh alike).
 */
export function textFeatures(text: string, lang: string, spec: FeatureSpec = DEFAULT_FEATURES): { index: Uint32Array; value: number } {
  const mask = (1 << spec.bits) - 1;
  const set = new Set<number>();
  const words = featureWords(text);
  set.add(fnv(`L:${lang}`) & mask);
  let prev = '^';
  for (const w of words) {
    set.add(fnv(`W:${w}`) & mask);
    set.add(fnv(`B:${prev} ${w}`) & mask);
    prev = w;
    const padded = ` ${w} `;
    for (let n = spec.charMin; n <= spec.charMax; n++) {
      if (padded.length < n) break;
      for (let i = 0; i + n <= padded.length; i++) set.add(fnv(`C:${padded.slice(i, i + n)}`) & mask);
    }
  }
  set.add(fnv(`B:${prev} $`) & mask);
  const index = Uint32Array.from(set).sort();
  return { index, value: 1 / Math.sqrt(index.length) };
}
