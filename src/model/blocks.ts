import type { Element } from 'domhandler';
import type { ImageRef } from './page-snapshot.js';

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
  /** the PDF page the text is on (PDF documents) */
  page?: number;
  /** the image the text was read from (`--ocr`) */
  image?: ImageText;
}

/** Where text read from an image came from, and how sure the OCR engine was. */
export interface ImageText {
  url: string;
  /** mean word confidence of the OCR engine, 0–100 */
  confidence: number;
  /** box of the text in the image, in image pixels */
  box: { x: number; y: number; width: number; height: number };
  /** size of the image, in pixels */
  width: number;
  height: number;
  /** the claim's part of the image, as a PNG data: URI (PNG and JPEG images), for reports */
  crop?: string;
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
  /** images of the page (`collectImages`), for `--ocr` */
  images?: ImageRef[];
}
