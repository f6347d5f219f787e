import { createHash } from 'node:crypto';
import { foldedWords } from '../claims/tokens.js';
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
  /**
   * The document and its sentence, verbatim. `translation`: the quote in the page's language when
   * it is written in another one (a translation carried by the rule pack, not the source's words).
   */
  source: { document: string; title: string; quote: string; url?: string; translation?: { lang: string; text: string } };
  pack: { name: string; version: string };
  /** title of the page, for reports */
  pageTitle?: string;
  /** a page-level finding's evidence: what was looked for and not found, and where the page's claims are */
  pageEvidence?: PageEvidence;
}

/** Why a page-scope rule fired: the words it looked for in vain, and what made the page promotional. */
export interface PageEvidence {
  /** the rule's patterns for the page's language: none of them is asserted anywhere on the page */
  lookedFor: string[];
  /** sentences checked for them */
  sentencesChecked: number;
  /** the page's claims (findings of the same pack), one entry per sentence, where they stand */
  claims: Array<{ text: string; selector: string; categories: string[]; headingPath: string[] }>;
  /** claims left out of `claims` (at most 10 are listed) */
  moreClaims?: number;
  /** when the page made no claim: the title or main heading that names the topic */
  namedIn?: string;
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

