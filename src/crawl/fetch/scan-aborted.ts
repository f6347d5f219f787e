/** Thrown by fetching and rendering when the scan is stopped (Ctrl-C): not a page failure. */
export class ScanAborted extends Error {
  override name = 'AbortError';
}
