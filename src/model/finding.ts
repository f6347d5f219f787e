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
  source: { document: string; title: string; quote: string; url?: string };
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
}
