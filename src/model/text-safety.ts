/**
 * Two tiny pure helpers every layer may need for text a site wrote: control characters out
 * (ESC sequences that rewrite a terminal, NUL, bidi overrides that make a text read
 * backwards), credentials out of URLs. The extraction strips page text with the first; every
 * report string goes through both (report/sanitize.ts).
 */

// C0 controls but tab and newline, DEL, C1 controls, and the bidi embedding/override/isolate marks
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Text with control and bidi-control characters removed. */
export function stripControls(text: string): string {
  return text.replace(CONTROLS, '');
}

/** `https://user:secret@x.fr/a` → `https://x.fr/a`; anything that is not a URL with credentials stays as it is. */
export function withoutCredentials(url: string): string {
  if (!url.includes('@')) return url;
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return url;
  }
}

