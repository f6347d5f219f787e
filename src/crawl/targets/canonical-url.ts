/**
 * URL clean-up for crawling. Two forms:
 * - `cleanUrl`: the URL to fetch — fragment, tracking parameters and session ids removed;
 * - `canonicalKey`: the identity used to de-duplicate — the clean URL with its query sorted
 *   and its trailing slash dropped, so `/soins/`, `/soins` and `/soins#tarifs` are one page.
 */

/** Query parameters that only track visitors and never change a page's content. */
const TRACKING_PARAMS = new Set([
  'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'fbclid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  'igshid', 'mc_cid', 'mc_eid', '_ga', '_gl', '_hsenc', '_hsmi', '__hssc', '__hstc', '__hsfp', 'hsctatracking',
  'mkt_tok', 'srsltid', 'oly_anon_id', 'oly_enc_id', 'vero_id', 'wickedid', 'rb_clickid', 's_cid',
  'phpsessid', 'jsessionid', 'sid', 'sessionid',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'matomo_', 'piwik_'];

function isTracking(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

/** Parse an absolute http(s) URL; undefined for anything else. */
export function parseHttpUrl(input: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

function cleaned(url: URL): URL {
  url.hash = '';
  // `;jsessionid=…` path parameters (Java servers) are session ids too.
  if (url.pathname.includes(';')) url.pathname = url.pathname.replace(/;jsessionid=[^/?]*/gi, '');
  if (url.search) {
    const kept = [...url.searchParams].filter(([name]) => !isTracking(name));
    if (kept.length !== [...url.searchParams.keys()].length) url.search = new URLSearchParams(kept).toString();
  }
  return url;
}

/** The URL to fetch: no fragment, no tracking parameters. Undefined when not http(s). */
export function cleanUrl(input: string): string | undefined {
  const url = parseHttpUrl(input);
  return url ? cleaned(url).href : undefined;
}

/** De-duplication key of a URL (see the module comment). Undefined when not http(s). */
export function canonicalKey(input: string): string | undefined {
  const url = parseHttpUrl(input);
  if (!url) return undefined;
  return keyOf(cleaned(url));
}

function keyOf(url: URL): string {
  if (url.search) {
    const params = [...url.searchParams].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
    url.search = new URLSearchParams(params).toString();
  }
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  return url.href;
}

/** Both forms at once (one parse): what the crawler stores for each URL it meets. */
export function normalizeForCrawl(input: string): { url: string; key: string } | undefined {
  const url = parseHttpUrl(input);
  if (!url) return undefined;
  const href = cleaned(url).href;
  return { url: href, key: keyOf(url) };
}
