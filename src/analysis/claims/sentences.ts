/**
 * Sentence splitting. natural's SentenceTokenizer was measured at ~4 MB/s of text (it rebuilds
 * a regular expression of every delimiter on each call), a quarter of the whole analysis
 * budget, so claimscan splits in one linear pass with the abbreviation rules French and English
 * clinic pages need ("Dr.", "env.", "p. ex.", initials, decimals).
 */

/** Words that end with a period without ending a sentence (folded, without the period). */
const ABBREVIATIONS = new Set([
  'dr', 'drs', 'pr', 'prof', 'mr', 'mrs', 'ms', 'mme', 'mmes', 'mlle', 'm', 'st', 'ste', 'sr',
  'env', 'etc', 'cf', 'ex', 'p', 'vs', 'no', 'n', 'nb', 'approx', 'av', 'bd', 'tel', 'tél',
  'e.g', 'i.e', 'eg', 'ie', 'inc', 'ltd', 'co', 'fig', 'vol', 'min', 'max', 'jr', 'dept',
]);

export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

// A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space.
const BOUNDARY = /([.!?…]+)["'»”’)\]]*(\s+|$)|\n+|\s[•·▪◦]\s/g;

/** Split a text block into trimmed sentences, keeping their offsets in the block. */
export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let from = 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text)) {
    const cut = m.index + m[0].length;
    if (m[1] === '.' && !endsSentence(text, m.index, cut)) continue;
    push(out, text, from, cut);
    from = cut;
  }
  push(out, text, from, text.length);
  return out;
}

function endsSentence(text: string, dot: number, after: number): boolean {
  // The word right before the period.
  let i = dot;
  while (i > 0 && /[\p{L}.]/u.test(text[i - 1])) i--;
  const word = text.slice(i, dot).toLowerCase();
  if (ABBREVIATIONS.has(word)) return false;
  if (/^\p{Lu}$/u.test(text.slice(i, dot))) return false; // an initial: "J. Martin"
  // The next sentence starts with a capital, a digit, a quote or a bracket; lower case means
  // the period was not a full stop ("3 mm. de profondeur" is rare, "voir p. 12" is not).
  const next = text.slice(after, after + 1);
  return next === '' || !/\p{Ll}/u.test(next);
}

function push(out: SentenceSpan[], text: string, start: number, end: number): void {
  const raw = text.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (!trimmed || !/[\p{L}\p{N}]/u.test(trimmed)) return;
  out.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
}

/** Longest sentence analysed, in characters; a longer run of text is cut into pieces. */
export const MAX_SENTENCE_CHARS = 2_000;

/** The sentences of a block as plain strings, long runs cut to MAX_SENTENCE_CHARS. */
export function sentenceTexts(text: string): string[] {
  const out: string[] = [];
  for (const span of splitSentences(text)) {
    if (span.text.length <= MAX_SENTENCE_CHARS) out.push(span.text);
    else for (let from = 0; from < span.text.length; from += MAX_SENTENCE_CHARS) out.push(span.text.slice(from, from + MAX_SENTENCE_CHARS));
  }
  return out;
}
