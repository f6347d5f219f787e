import type { Finding } from './finding.js';

/** What became of a page: its text analysed, or it failed (`error`), or it was skipped (`note`); see page-state.ts. */
export const PAGE_STATES = ['analysed', 'failed', 'skipped'] as const;
export type PageState = (typeof PAGE_STATES)[number];

/** One page as the report lists it: every page read or tried, including those that failed. */
export interface PageRecord {
  url: string;
  finalUrl?: string;
  title: string;
  lang: string;
  status: number;
  /** analysed, failed (`error` says why) or skipped (`note` says why); see page-state.ts */
  state?: PageState;
  error?: string;
  fetchedAt?: string;
  sha256?: string;
  rendered?: boolean;
  /** `claimscan-disable-next` comments on the page that were ignored (inline opt-outs not honoured) */
  inlineOptOutsIgnored?: number;
  /** number of findings on the page */
  findings: number;
  /** other information, e.g. "skipped: application/pdf" */
  note?: string;
  /** evidence: screenshot of the page with its claims outlined (path relative to the report, or a data: URI) */
  screenshot?: string;
  /** when the screenshot was taken (ISO) */
  screenshotAt?: string;
  /**
   * Was the page's content reached, or did a wall stand in front of it (consent, age gate,
   * login, bot challenge, parked or empty page)? With the signals that tell, and what the
   * renderer did as a visitor would (accepted the consent banner, confirmed the age gate).
   */
  reached?: Reached;
  /** a PDF: pages in the file and pages read */
  pdfPages?: { total: number; read: number };
  /** images read with --ocr on this page, and those skipped with why */
  images?: { read: number; skipped?: string[] };
}

export const NOT_REACHED_KINDS = ['consent-wall', 'age-gate', 'login-wall', 'bot-challenge', 'parked', 'empty'] as const;
export type NotReachedKind = (typeof NOT_REACHED_KINDS)[number];

export interface Reached {
  ok: boolean;
  /** what stood in front of the content, when not reached */
  kind?: NotReachedKind;
  /** what in the page tells (title, words, form fields, markers of known tools) */
  signals?: string[];
  /** what the renderer did first, as a visitor would */
  steps?: string[];
}

/** How this scan compares with an earlier one of the same targets (filled in when history is kept). */
export interface ReportDiff {
  /** when the earlier scan started (ISO) */
  since: string;
  /** id of the earlier scan in the history database */
  previousScanId?: string | number;
  new: number;
  unchanged: number;
  /** findings of the earlier scan whose page still exists but no longer makes the claim */
  resolved: number;
  /** pages of the earlier scan that are gone (and with them their findings) */
  pagesGone: number;
  /** status of each finding of this report, by finding id */
  status: Record<string, 'new' | 'unchanged'>;
  /** the findings that were fixed, in the report's shape */
  resolvedFindings?: Finding[];
}

/** A reviewer's decision on a finding, carried from scan to scan by finding id. */
export interface TriageDecision {
  status: 'confirmed' | 'false-positive' | 'fixed' | 'ignored';
  note?: string;
  by?: string;
  at: string;
}

/** A site whose scan job kept failing or timed out (distributed scans, `--queue`). */
export interface FailedSite {
  /** the site's origin, e.g. https://clinic.example */
  site: string;
  /** the last error */
  error: string;
  /** attempts made */
  attempts: number;
  /** true when the site's time ran out rather than its attempts */
  timedOut?: boolean;
}

/** The JSON report: the contract every other format and tool reads. */
export interface ScanReport {
  tool: { name: 'claimscan'; version: string };
  startedAt: string;
  finishedAt: string;
  /** what was scanned, as given on the command line or config */
  targets: string[];
  /** packs that produced the findings */
  packs: Array<{ name: string; version: string }>;
  summary: {
    pages: number;
    pagesWithFindings: number;
    pagesFailed: number;
    /** pages whose text was analysed (pages = analysed + failed + skipped) */
    pagesAnalysed?: number;
    /** pages not analysed by design: other content types, redirects to pages scanned under their own URL */
    pagesSkipped?: number;
    /** `claimscan-disable-next` comments in pages, ignored (not --honor-inline-opt-outs) */
    inlineOptOutsIgnored?: number;
    /** pages whose content a wall kept from the scan (consent, age gate, login, challenge, parked, empty) */
    pagesNotReached?: number;
    /** pages read, reached and without findings */
    pagesClean?: number;
    findings: number;
    bySeverity: Record<string, number>;
    byCategory: Record<string, number>;
  };
  /** true when the scan was stopped before the end (Ctrl-C) */
  interrupted?: boolean;
  /** comparison with the previous scan of the same targets, when history is kept */
  diff?: ReportDiff;
  /** triage decisions that apply to findings of this report, by finding id (false positives are left out of `findings`) */
  triage?: Record<string, TriageDecision>;
  /** sites of a distributed scan that could not be scanned in full (they are also among the failed pages) */
  failedSites?: FailedSite[];
  pages: PageRecord[];
  findings: Finding[];
}
