/**
 * robots.txt as RFC 9309 reads it: the group for our product token (else `*`), Allow and
 * Disallow rules with `*` and `$`, the longest matching rule wins and Allow wins a tie;
 * Crawl-delay and Sitemap lines are read too. `/robots.txt` itself is always allowed.
 */
import { Wildcard } from '../targets/wildcard.js';

interface Rule {
  allow: boolean;
  /** length of the pattern (percent-encoded), for longest-match */
  length: number;
  pattern: Wildcard;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelaySeconds?: number;
}

/** Keys that start, fill or stand beside a group; anything else is an unknown line, ignored. */
type Key = 'user-agent' | 'allow' | 'disallow' | 'crawl-delay' | 'sitemap';
const KEYS = new Set<string>(['user-agent', 'allow', 'disallow', 'crawl-delay', 'sitemap']);

export class RobotsTxt {
  private constructor(
    private readonly rules: Rule[],
    /** Crawl-delay of the group that applies to us, in seconds */
    readonly crawlDelaySeconds: number | undefined,
    /** Sitemap URLs it lists */
    readonly sitemaps: string[],
    /** a reason every URL is refused (robots.txt unreachable), else undefined */
    readonly refusesAll?: string,
  ) {}

  static allowAll(): RobotsTxt {
    return new RobotsTxt([], undefined, []);
  }

  /** RFC 9309 §2.3.1.4: an unreachable robots.txt (5xx, network error) means nothing may be crawled. */
  static disallowAll(reason: string): RobotsTxt {
    return new RobotsTxt([], undefined, [], reason);
  }

  /**
   * Linear in the size of the file: lines are split once and read without backtracking
   * regular expressions; patterns are compiled to linear-time wildcards.
   */
  static parse(text: string, token: string): RobotsTxt {
    const groups: Group[] = [];
    const sitemaps: string[] = [];
    let current: Group | undefined;
    // RFC 9309 §2.1: a group's user-agent lines end at its first rule; other lines (Sitemap,
    // unknown keys, Crawl-delay, blank lines) do not end the run of user-agent lines
    let ruleSeen = true;
    for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
      const line = readLine(raw);
      if (!line) continue;
      const { key, value } = line;
      if (key === 'sitemap') {
        if (value) sitemaps.push(value);
        continue;
      }
      if (key === 'user-agent') {
        if (!current || ruleSeen) {
          current = { agents: [], rules: [] };
          groups.push(current);
          ruleSeen = false;
        }
        current.agents.push(productToken(value));
        continue;
      }
      if (!current) continue; // rules before any user-agent belong to no group
      if (key === 'allow' || key === 'disallow') {
        ruleSeen = true;
        if (!value) continue; // an empty Disallow allows everything: no rule
        const pattern = normalizePattern(value);
        current.rules.push({ allow: key === 'allow', length: pattern.length, pattern: new Wildcard(pattern, { anchorStart: true, dollarEnd: true }) });
      } else if (key === 'crawl-delay') {
        const seconds = Number(value);
        if (value && Number.isFinite(seconds) && seconds >= 0) current.crawlDelaySeconds = seconds;
      }
    }
    const me = token.toLowerCase();
    let mine = groups.filter((g) => g.agents.some((a) => a === me));
    if (!mine.length) mine = groups.filter((g) => g.agents.includes('*'));
    const rules = mine.flatMap((g) => g.rules);
    const delay = mine.map((g) => g.crawlDelaySeconds).find((d) => d !== undefined);
    return new RobotsTxt(rules, delay, sitemaps);
  }

  /** May the URL (absolute) be fetched? */
  isAllowed(url: string | URL): boolean {
    if (this.refusesAll) return false;
    if (!this.rules.length) return true;
    const u = typeof url === 'string' ? new URL(url) : url;
    const path = u.pathname + u.search;
    if (u.pathname === '/robots.txt') return true;
    let best: Rule | undefined;
    for (const rule of this.rules) {
      if (!rule.pattern.matches(path)) continue;
      if (!best || rule.length > best.length || (rule.length === best.length && rule.allow && !best.allow)) best = rule;
    }
    return best ? best.allow : true;
  }
}

/**
 * One line → its key (lower case, known keys only) and value, comments and spaces removed.
 * `key: value`, and also `key value` without the colon for known keys (Google reads those).
 */
function readLine(raw: string): { key: Key; value: string } | undefined {
  const hash = raw.indexOf('#');
  const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
  let i = 0;
  while (i < line.length && /[A-Za-z_-]/.test(line[i])) i++;
  if (!i) return undefined;
  const key = line.slice(0, i).toLowerCase();
  if (!KEYS.has(key)) return undefined;
  let rest = line.slice(i);
  const trimmed = rest.trimStart();
  if (trimmed.startsWith(':')) rest = trimmed.slice(1);
  else if (trimmed.length === rest.length && rest.length) return undefined; // `disallowx`
  return { key: key as Key, value: rest.trim() };
}

/** `FooBot/1.2 (+https://…)` → `foobot`; `*` stays `*`. */
function productToken(value: string): string {
  if (value.startsWith('*')) return '*';
  const m = /^[A-Za-z_-]+/.exec(value);
  return (m ? m[0] : value).toLowerCase();
}

/** Non-ASCII characters percent-encoded as in URLs, and `%xx` escapes in upper case, as URLs have them. */
function normalizePattern(pattern: string): string {
  return encodeNonAscii(pattern).replace(/%[0-9a-f]{2}/gi, (e) => e.toUpperCase());
}

function encodeNonAscii(s: string): string {
  return /[^\x00-\x7f]/.test(s) ? s.replace(/[^\x00-\x7f]+/g, (c) => encodeURIComponent(c)) : s;
}
