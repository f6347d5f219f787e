import { createHash } from 'node:crypto';
import { foldedWords } from '../claims/tokens.js';
import type { ImageText } from '../extract/blocks.js';
import type { Category, Severity } from '../rules/taxonomy.js';

/** One flagged claim: the public shape every report format renders. */
export interface Finding {
  /** stable: the same claim on the same page has the same id in every scan */
  id: string;
  ruleId: string;
  category: Category;
  severity: Severity;
  url: string;
  /** the whole sentence that makes the claim */
  text: string;
  /** the span of `text` that triggered the rule */
  match: string;
  /** where `match` starts and ends in `text` */
  matchStart: number;
  matchEnd: number;
  headingPath: string[];
  /** CSS selector of the element holding the sentence */
  selector: string;
  lang: string;
  message: string;
  source: { document: string; title: string; quote: string; url?: string };
  pack: { name: string; version: string };
  /** title of the page, for reports */
  pageTitle?: string;
  /** the PDF page the claim is on (PDF documents; reports link to url#page=N) */
  page?: number;
  /** the image the claim was read from (`--ocr`): its URL, the OCR confidence (0–100) and where in the image */
  image?: ImageText;
}

/**
 * The id of a finding: a hash of the page URL (without its fragment), the rule and the sentence
 * in folded form, so whitespace, case or accent changes do not make a claim look new.
 */
export function findingId(url: string, ruleId: string, text: string, words = foldedWords(text)): string {
  const page = url.replace(/#.*$/, '');
  const sentence = words;
  return createHash('sha256').update(`${page}\n${ruleId}\n${sentence}`).digest('hex').slice(0, 16);
}

