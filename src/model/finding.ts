import type { ImageText } from './blocks.js';
import type { Category, Severity } from './taxonomy.js';

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
  /**
   * how likely the finding is right, 0–1: its rule's precision measured on real text, moved by
   * where its topic was found; for the learned tier, the precision cross-validated at its score
   */
  confidence?: number;
  /** the PDF page the claim is on (PDF documents; reports link to url#page=N) */
  page?: number;
  /** the image the claim was read from (`--ocr`): its URL, the OCR confidence (0–100) and where in the image */
  image?: ImageText;
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
