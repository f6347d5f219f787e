import { UserError } from '../user-error.js';

/** A mistake in how claimscan was called or configured: exit code 2, message on stderr. */
export class UsageError extends UserError {
  override name = 'UsageError';
}

/**
 * Exit codes, one table for every command (README: "Exit codes"). When several apply, the
 * first of reportNotWritten, internal, partial, historyNotRecorded, findings is used.
 */
export const EXIT = {
  /** done: everything asked was scanned and written */
  ok: 0,
  /** findings at or above --fail-on */
  findings: 1,
  /** usage error: a bad option, config, rule pack, triage file or URL list (nothing was scanned) */
  usage: 2,
  /** internal error: a bug in claimscan (the message has a stack trace) */
  internal: 3,
  /** partial scan: interrupted (Ctrl-C, SIGTERM) or some pages could not be fetched or analysed; the report says which */
  partial: 4,
  /** the report could not be written (disk full, no permission): the message says where and why */
  reportNotWritten: 5,
  /** the report was written, but the scan's history was not recorded (database full, corrupt, read-only) */
  historyNotRecorded: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export { ReportWriteError, describeIoError } from '../report/report-write-error.js';

/** The exit code of a scan whose report was written (EXIT's order: partial, history, findings). */
export function scanExitCode(r: { interrupted: boolean; pagesFailed: number; historyNotRecorded: boolean; findingsAtFailOn: boolean }): number {
  if (r.interrupted || r.pagesFailed > 0) return EXIT.partial;
  if (r.historyNotRecorded) return EXIT.historyNotRecorded;
  return r.findingsAtFailOn ? EXIT.findings : EXIT.ok;
}
