/**
 * What the fetch stage hands to the analysis: one document as it was read. The crawler, local
 * files and stdin all produce this; nothing after this stage knows where a page came from.
 */
export interface PageSnapshot {
  /** the URL the page is reported under (file://… for local files) */
  url: string;
  /** after redirects, when different */
  finalUrl?: string;
  /** HTTP status; 200 for a file that could be read; 0 when nothing was received */
  status: number;
  contentType?: string;
  /** the decoded document, when there is one to analyse */
  html?: string;
  /** ISO time the page was read */
  fetchedAt: string;
  /** sha256 of the raw bytes received */
  sha256?: string;
  /** rendered in a browser rather than read as static HTML */
  rendered?: boolean;
  /** worth knowing but not an error, e.g. "skipped: application/pdf is not HTML", "truncated at 5 MB" */
  note?: string;
  /** what went wrong, when status is not a success or nothing could be analysed */
  error?: string;
  /** link depth from the start targets (crawler) */
  depth?: number;
  /** raw bytes received */
  bytes?: number;
  /** a PDF's text, page by page (then `html` is absent) */
  pdf?: PdfText;
  /** what rendering did as a visitor would, e.g. "clicked the consent button « Tout accepter »" */
  steps?: string[];
  /** large images the rendered page showed (`<img>` and CSS backgrounds), for `--ocr` */
  images?: ImageRef[];
}

/** The text of a PDF as read (see extract/pdf-text.ts). */
export interface PdfText {
  /** pages in the file */
  pageCount: number;
  /** pages read (the first ones, up to the page cap) */
  pages: Array<{ number: number; blocks: Array<{ text: string; heading?: boolean }> }>;
  title?: string;
  lang?: string;
}

/** An image shown on a page, as found in its markup or in the rendered layout. */
export interface ImageRef {
  url: string;
  /** displayed or declared size in CSS pixels, when known */
  width?: number;
  height?: number;
  /** headings the image stands under */
  headingPath?: string[];
  alt?: string;
}
