/**
 * A report that could not be written — its file, or the temporary files it is assembled from
 * (TMPDIR full) — says where and why; the CLI exits with its own code (EXIT.reportNotWritten).
 */

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
