import { fold } from './normalize.js';
import type { Lang } from './language.js';
import { languages, stemmerNamed } from '../languages/table.js';

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

// Words, numbers, and the symbols that carry meaning in claims ("100 %", "0 risque"). A word
// keeps its combining marks: text in decomposed form (NFD: "e" + U+0301 for "é", as some
// editors and macOS write it) is one word whose offsets cover its accents, so the highlight is
// the whole word and folding finds the folded word in it.
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*|[%€$£+]/gu;

/**
 * Do these two folded words make one, as the tokenizer glues them? Which words glue is the
 * packs' knowledge (a topic's `glued:` prefixes and suffixes, e.g. "skin" + "boosters").
 */
export function glues(first: string, second: string): boolean {
  return languages().glues(first, second);
}

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
  const name = languages().get(lang)?.stemmer ?? 'none';
  const stemmer = stemmerNamed(name);
  if (!stemmer || norm.length < 3 || /^\d/.test(norm)) return norm;
  let cache = stemCache[name];
  if (!cache) cache = stemCache[name] = new Map();
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
  const table = languages();
  const def = table.get(lang);
  const contractions = def?.contractions;
  const splits = def?.splits;
  const spelling = def?.spelling;
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
    if (next && table.glues(norm, next.norm) && next.start - end <= 1) {
      norm += next.norm;
      end = next.end;
      i++;
    } else if (contractions && next && next.norm === contractions.clitic && next.start === end + 1 && text[end] === "'" && Object.hasOwn(contractions.words, norm)) {
      // "doesn't" → "does" "not", stemmed as those words are when written out
      const word = contractions.words[norm];
      out.push({ norm: word, stem: stemWord(word, lang), start, end });
      out.push({ norm: contractions.insert, stem: stemWord(contractions.insert, lang), start: next.start, end: next.end });
      i++;
      continue;
    }
    if (splits && Object.hasOwn(splits, norm)) {
      // "cannot" → "can" "not": the parts share the word's span, in order
      let at = start;
      for (const part of splits[norm]) {
        const to = Math.min(end, at + part.length);
        out.push({ norm: part, stem: stemWord(part, lang), start: at, end: to });
        at = to;
      }
      continue;
    }
    if (spelling && Object.hasOwn(spelling, norm)) norm = spelling[norm];
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
