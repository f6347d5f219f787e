/**
 * Text normalisation shared by page sentences and rule patterns, so both sides of a match
 * agree: lower case, accents folded, typographic apostrophes, dashes and spaces unified.
 * Word-level repairs (elisions, "n't", glued words) live in tokens.ts.
 */

const APOSTROPHES = /[\u2018\u2019\u02BC\u02B9\u0060\u00B4\u2032]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;
const SPACES = /[\s\u00A0\u202F\u2007\u200B\u00AD]+/g;

/** Fold case and accents: "Thérapie" → "therapie", "œ" → "oe". */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Fast path: plain ASCII needs no Unicode decomposition.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7F]*$/.test(lower)) return lower;
  return lower.normalize('NFD').replace(/\p{M}+/gu, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae');
}

/** Typographic clean-up that keeps the text readable (the `text` shown in reports). */
export function tidy(text: string): string {
  return text.replace(APOSTROPHES, "'").replace(DASHES, '-').replace(SPACES, ' ').trim();
}
