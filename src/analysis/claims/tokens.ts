import { createRequire } from 'node:module';
import { fold } from './normalize.js';
import type { Lang } from './language.js';

// Deep imports: natural's index pulls in database drivers and prints dotenv lines to stdout.
const require = createRequire(import.meta.url);
type Stemmer = { stem(word: string): string };
const STEMMERS: Record<string, Stemmer> = {
  fr: require('natural/lib/natural/stemmers/porter_stemmer_fr.js') as Stemmer,
  en: require('natural/lib/natural/stemmers/porter_stemmer.js') as Stemmer,
};

/** One word of a sentence: where it stands in the text, its folded form and its stem. */
export interface Token {
  /** folded form: lower case, no accents */
  norm: string;
  /** language stem of `norm`, the unit rule patterns match on */
  stem: string;
  /** character offsets in the sentence text */
  start: number;
  end: number;
}

// Words, numbers, and the symbols that carry meaning in claims ("100 %", "0 risque").
const TOKEN = /[\p{L}\p{N}]+|[%€$£+]/gu;

// English contractions split by the tokenizer at the apostrophe: "isn't" → "isn" + "t".
const NT_CONTRACTIONS: Record<string, string> = {
  isn: 'is', aren: 'are', wasn: 'was', weren: 'were', doesn: 'does', don: 'do', didn: 'did',
  hasn: 'has', haven: 'have', hadn: 'had', can: 'can', won: 'will', wouldn: 'would',
  shouldn: 'should', couldn: 'could', mustn: 'must', ain: 'is', needn: 'need',
};

// Words glued to a prefix by some writers and split by others: "méso-lift", "meso lift", "mésolift".
const GLUE_PREFIXES = new Set(['meso', 'lipo', 'skin']);
const GLUE_SUFFIXES = /^(lift|therap\w*|dissolution|drain|pecie|booster\w*|dissolve|dissolving|lyse|lysis)$/;

/** Do these two folded words make one, as the tokenizer glues them ("skin" "boosters")? */
export function glues(first: string, second: string): boolean {
  return GLUE_PREFIXES.has(first) && GLUE_SUFFIXES.test(second);
}

// Frequent misspellings of the vocabulary claims are written in.
const SPELLING: Record<string, string> = {
  mesoterapie: 'mesotherapie', mezotherapie: 'mesotherapie', mesotherapies: 'mesotherapie',
  mesoterapy: 'mesotherapy', mezotherapy: 'mesotherapy', mesotheraphy: 'mesotherapy',
  secondaire: 'secondaires', effet: 'effets', indesirable: 'indesirables',
};

const stemCache: Record<string, Map<string, string>> = {};
const foldCache = new Map<string, string>();

/** fold() with a cache: pages repeat a small vocabulary. */
function foldWord(word: string): string {
  let norm = foldCache.get(word);
  if (norm === undefined) {
    norm = fold(word);
    if (foldCache.size > 200_000) foldCache.clear();
    foldCache.set(word, norm);
  }
  return norm;
}

/** Stem a folded word in `lang` (cached: a page repeats a small vocabulary). */
export function stemWord(norm: string, lang: Lang): string {
  const stemmer = STEMMERS[lang];
  if (!stemmer || norm.length < 3 || /^\d/.test(norm)) return norm;
  let cache = stemCache[lang];
  if (!cache) cache = stemCache[lang] = new Map();
  let stem = cache.get(norm);
  if (stem === undefined) {
    stem = fold(stemmer.stem(norm));
    if (cache.size > 200_000) cache.clear();
    cache.set(norm, stem);
  }
  return stem;
}

/** Split a sentence into tokens with offsets, folded, repaired and stemmed for `lang`. */
export function tokenize(text: string, lang: Lang): Token[] {
  const raw: Array<{ norm: string; start: number; end: number }> = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    raw.push({ norm: foldWord(m[0]), start: m.index, end: m.index + m[0].length });
  }
  const out: Token[] = [];
  for (let i = 0; i < raw.length; i++) {
    let { norm, end } = raw[i];
    const { start } = raw[i];
    const next = raw[i + 1];
    if (next && glues(norm, next.norm) && next.start - end <= 1) {
      norm += next.norm;
      end = next.end;
      i++;
    } else if (next && next.norm === 't' && next.start === end + 1 && text[end] === "'" && norm in NT_CONTRACTIONS) {
      // "doesn't" → "does" "not"
      out.push({ norm: NT_CONTRACTIONS[norm], stem: NT_CONTRACTIONS[norm], start, end });
      out.push({ norm: 'not', stem: 'not', start: next.start, end: next.end });
      i++;
      continue;
    }
    if (norm === 'cannot') {
      out.push({ norm: 'can', stem: 'can', start, end: start + 3 });
      out.push({ norm: 'not', stem: 'not', start: start + 3, end });
      continue;
    }
    norm = SPELLING[norm] ?? norm;
    out.push({ norm, stem: stemWord(norm, lang), start, end });
  }
  return out;
}

/** The words of `text`, folded, joined by single spaces (no stemming, no repairs): a stable key. */
export function foldedWords(text: string): string {
  const words: string[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) words.push(foldWord(m[0]));
  return words.join(' ');
}
