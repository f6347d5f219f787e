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
}
