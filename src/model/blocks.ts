import type { Element } from 'domhandler';

/** What kind of place a piece of visible text came from. */
export type BlockKind = 'title' | 'meta' | 'heading' | 'text' | 'list-item' | 'cell' | 'alt';

/** A run of visible text from one element of a page, with where to find it again. */
export interface TextBlock {
  kind: BlockKind;
  text: string;
  /** texts of the headings this block stands under, outermost first (h1 > h2 > …) */
  headingPath: string[];
  /** the element the text came from; the CSS selector is computed from it on demand */
  element?: Element;
  /** the CSS selector, when known without the element (pages read back from the history database) */
  selector?: string;
  /** rule ids silenced for this block by a `claimscan-disable-next` comment */
  disabledRules?: string[];
}

/** Everything the later stages need from one HTML document. */
export interface ExtractedPage {
  title: string;
  /** language declared by `<html lang>` (two-letter code), if any */
  declaredLang?: string;
  description?: string;
  blocks: TextBlock[];
  /** absolute http(s) links found in `<a href>` (for the crawler), de-duplicated */
  links: string[];
  /** number of `<script>` elements (a hint that the page is rendered client-side) */
  scriptCount: number;
  /** total length of visible text, in characters */
  textLength: number;
  /** `<meta name="robots">` asks crawlers not to follow links */
  noFollow: boolean;
  /** elements nested deeper than browsers build (512 levels) whose tags were left out, their text kept */
  flattened?: number;
}
