import type { TextBlock } from '../../model/blocks.js';
import type { Lang } from './language.js';
import { tokenize, type Token } from './tokens.js';

/** A sentence of a page, tokenised and ready for rules. */
export interface Sentence {
  text: string;
  lang: Lang;
  tokens: Token[];
  /** " stem1/word1 stem2/word2 … " — what phrase patterns run on (stems for words, folded words for prefixes) */
  line: string;
  /** where each token starts in `line` */
  lineOffsets: number[];
  block: TextBlock;
  /** position of the sentence in the page, from 0 */
  index: number;
}

/** Tokens joined into a sentence line, with each token's offset in it. */
export function stemLine(tokens: Token[]): { line: string; lineOffsets: number[] } {
  const lineOffsets: number[] = new Array(tokens.length);
  let line = ' ';
  for (let i = 0; i < tokens.length; i++) {
    lineOffsets[i] = line.length;
    line += `${tokens[i].stem}/${tokens[i].norm} `;
  }
  return { line, lineOffsets };
}

/** Make one analysed sentence from a piece of text. */
export function makeSentence(text: string, lang: Lang, block: TextBlock, index: number): Sentence {
  const tokens = tokenize(text, lang);
  return { text, lang, tokens, ...stemLine(tokens), block, index };
}

/** Index of the token that starts at or covers `lineOffset` in the stem line. */
export function tokenAtLineOffset(sentence: Sentence, lineOffset: number): number {
  return indexAtOffset(sentence.lineOffsets, lineOffset);
}

/** In sorted token start offsets, the last token starting at or before `offset` (binary search). */
export function indexAtOffset(offsets: number[], offset: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
