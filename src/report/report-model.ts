import type { Finding } from '../findings/finding.js';

/** One page as the report lists it: every page read or tried, including those that failed. */
export interface PageRecord {
  url: string;
  finalUrl?: string;
  title: string;
  lang: string;
  status: number;
  error?: string;
  fetchedAt?: string;
  sha256?: string;
  rendered?: boolean;
  /** number of findings on the page */
  findings: number;
  /** other information, e.g. "skipped: application/pdf" */
  note?: string;
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
    findings: number;
    bySeverity: Record<string, number>;
    byCategory: Record<string, number>;
  };
  /** true when the scan was stopped before the end (Ctrl-C) */
  interrupted?: boolean;
  pages: PageRecord[];
  findings: Finding[];
}
