/**
 * `*` wildcard patterns (robots.txt rules, `--include`/`--exclude`) matched in linear time.
 * A pattern is cut at its stars into literal segments; each segment is searched once, left to
 * right, from where the previous one ended (KMP, so a segment never rescans text): the
 * leftmost match of each segment is always a right choice for `*`-only patterns, so there is
 * no backtracking. Time: O(pattern + text) whatever the site puts in either.
 */

export interface WildcardOptions {
  /** the pattern must match from the first character (robots.txt); else anywhere */
  anchorStart?: boolean;
  /** a trailing `$` anchors the end (robots.txt) */
  dollarEnd?: boolean;
  /** compare case-insensitively (ASCII and Unicode lower case) */
  ignoreCase?: boolean;
}

export class Wildcard {
  private readonly segments: string[];
  private readonly tables: Int32Array[];
  private readonly anchorStart: boolean;
  private readonly anchorEnd: boolean;
  private readonly ignoreCase: boolean;

  constructor(
    readonly pattern: string,
    options: WildcardOptions = {},
  ) {
    let body = options.ignoreCase ? pattern.toLowerCase() : pattern;
    this.anchorEnd = Boolean(options.dollarEnd) && body.endsWith('$');
    if (this.anchorEnd) body = body.slice(0, -1);
    this.anchorStart = Boolean(options.anchorStart);
    this.ignoreCase = Boolean(options.ignoreCase);
    // runs of stars are one star
    this.segments = body.split(/\*+/);
    this.tables = this.segments.map(failureTable);
  }

  matches(input: string): boolean {
    const text = this.ignoreCase ? input.toLowerCase() : input;
    const segs = this.segments;
    if (segs.length === 1) {
      const s = segs[0];
      if (this.anchorStart && this.anchorEnd) return text === s;
      if (this.anchorStart) return text.startsWith(s);
      if (this.anchorEnd) return text.endsWith(s);
      return search(text, s, this.tables[0], 0) >= 0;
    }
    let pos = 0;
    let first = 0;
    let last = segs.length - 1;
    let end = text.length;
    if (this.anchorStart) {
      if (!text.startsWith(segs[0])) return false;
      pos = segs[0].length;
      first = 1;
    }
    if (this.anchorEnd) {
      const s = segs[last];
      if (!text.endsWith(s) || text.length - s.length < pos) return false;
      end = text.length - s.length;
      last--;
    }
    for (let i = first; i <= last; i++) {
      const s = segs[i];
      if (!s) continue;
      const at = search(text, s, this.tables[i], pos);
      if (at < 0 || at + s.length > end) return false;
      pos = at + s.length;
    }
    return true;
  }
}

/** KMP failure function of a segment. */
function failureTable(s: string): Int32Array {
  const t = new Int32Array(s.length);
  let k = 0;
  for (let i = 1; i < s.length; i++) {
    while (k > 0 && s.charCodeAt(i) !== s.charCodeAt(k)) k = t[k - 1];
    if (s.charCodeAt(i) === s.charCodeAt(k)) k++;
    t[i] = k;
  }
  return t;
}

/** First index ≥ from where `s` occurs in `text`, or -1; O(text - from + s). */
function search(text: string, s: string, table: Int32Array, from: number): number {
  if (!s.length) return from <= text.length ? from : -1;
  let k = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    while (k > 0 && c !== s.charCodeAt(k)) k = table[k - 1];
    if (c === s.charCodeAt(k)) k++;
    if (k === s.length) return i - s.length + 1;
  }
  return -1;
}
