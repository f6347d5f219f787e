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

/** A report (or other output file) could not be written: exit 5. */
export class ReportWriteError extends Error {
  override name = 'ReportWriteError';
  constructor(
    readonly path: string,
    override readonly cause: Error,
  ) {
    super(`report not written to ${path}: ${describeIoError(cause)}`);
  }
}

/** `ENOSPC` → "no space left on the device", with the system's words as a fallback. */
export function describeIoError(e: Error & { code?: string }): string {
  switch (e.code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a parent of it is not a folder';
    case 'EDQUOT':
      return 'disk quota exceeded';
    default:
      return e.message;
  }
}
