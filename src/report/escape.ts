/**
 * Escaping for every report format. Everything a report shows that came from a scanned page
 * (text, title, URL, selector…) is untrusted: it goes through one of these before it is written.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content or a quoted attribute value. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON that is safe inside `<script type="application/json">`: no `<` (so no `</script>` or
 * `<!--`), `>` and `&` escaped too, and the two line separators JavaScript once rejected.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The URL when it is an absolute http(s) URL (normalised), else undefined: never `javascript:`, `data:`… */
export function httpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

/** Encode a piece of text for a text directive: `-`, `,` and `&` are syntax there and must be escaped too. */
function encodeTextDirective(text: string): string {
  return encodeURIComponent(text).replace(/-/g, '%2D').replace(/,/g, '%2C');
}

/** Words of `text`, trimmed to a prefix or suffix of at most `max` words. */
function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/**
 * A link to the live page that makes the browser scroll to and highlight the sentence
 * (`#:~:text=start,end` text fragment); undefined when the page URL is not http(s).
 * Long sentences use a start and an end of a few words each, which browsers match more reliably.
 */
export function textFragmentUrl(pageUrl: string, sentence: string): string | undefined {
  const base = httpUrl(pageUrl);
  if (!base) return undefined;
  const url = base.replace(/#.*$/, '');
  const w = words(sentence.replace(/[\u00a0\u202f]/g, ' '));
  if (!w.length) return url;
  const directive =
    w.length <= 8
      ? encodeTextDirective(w.join(' '))
      : `${encodeTextDirective(w.slice(0, 4).join(' '))},${encodeTextDirective(w.slice(-4).join(' '))}`;
  return `${url}#:~:text=${directive}`;
}

/**
 * A relative path (from the report's folder), or an image data: URI — the only screenshot
 * references a report may point at: no scheme, no absolute path, so a tampered report cannot
 * make the HTML load anything from the network or run anything.
 */
export function safeScreenshotRef(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^data:image\/(?:png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(value)) return value;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) || value.startsWith('/') || value.startsWith('\\')) return undefined;
  return value.split('/').map((part) => encodeURIComponent(part)).join('/');
}
