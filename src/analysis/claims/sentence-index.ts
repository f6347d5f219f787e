/**
 * A sentence's words as sets, to tell in a few look-ups whether a pattern could match it at
 * all, before any regular expression runs (the same idea as a search engine's prefilter).
 */
import type { Anchors } from './phrase.js';
import type { Sentence } from './sentence.js';

interface WordIndex {
  stems: Set<string>;
  /** folded words, sorted, for prefix look-ups by binary search */
  norms: string[];
}

const indexes = new WeakMap<Sentence, WordIndex>();

function indexOf(s: Sentence): WordIndex {
  let idx = indexes.get(s);
  if (!idx) {
    const stems = new Set<string>();
    const norms: string[] = [];
    for (const t of s.tokens) {
      stems.add(t.stem);
      norms.push(t.norm);
    }
    norms.sort();
    idx = { stems, norms };
    indexes.set(s, idx);
  }
  return idx;
}

function hasPrefix(sorted: string[], prefix: string): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo].startsWith(prefix);
}

/** Does the sentence hold a word of `anchors`? */
export function hits(s: Sentence, anchors: Anchors): boolean {
  if (anchors.any) return true;
  const idx = indexOf(s);
  for (const e of anchors.exact) if (idx.stems.has(e)) return true;
  for (const p of anchors.prefixes) if (hasPrefix(idx.norms, p)) return true;
  return false;
}

/** Does the sentence hold a word of every one of `required`? */
export function meetsAll(s: Sentence, required: Anchors[]): boolean {
  for (const a of required) if (!hits(s, a)) return false;
  return true;
}
