/**
 * robots.txt as RFC 9309 reads it: the group for our product token (else `*`), Allow and
 * Disallow rules with `*` and `$`, the longest matching rule wins and Allow wins a tie;
 * Crawl-delay and Sitemap lines are read too. `/robots.txt` itself is always allowed.
 */

interface Rule {
  allow: boolean;
  /** length of the pattern, for longest-match */
  length: number;
  regex: RegExp;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelaySeconds?: number;
}

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

  static parse(text: string, token: string): RobotsTxt {
    const groups: Group[] = [];
    const sitemaps: string[] = [];
    let current: Group | undefined;
    let lastWasAgent = false;
    for (const raw of text.split(/\r\n|\r|\n/)) {
      const line = raw.replace(/#.*$/, '').trim();
      const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
      if (!m) continue;
      const key = m[1].toLowerCase();
      const value = m[2].trim();
      if (key === 'sitemap') {
        if (value) sitemaps.push(value);
        continue;
      }
      if (key === 'user-agent') {
        if (!current || !lastWasAgent) {
          current = { agents: [], rules: [] };
          groups.push(current);
        }
        current.agents.push(value.toLowerCase());
        lastWasAgent = true;
        continue;
      }
      lastWasAgent = false;
      if (!current) continue;
      if (key === 'allow' || key === 'disallow') {
        if (!value) continue; // an empty Disallow allows everything: no rule
        current.rules.push({ allow: key === 'allow', length: value.length, regex: patternRegex(value) });
      } else if (key === 'crawl-delay') {
        const seconds = Number(value);
        if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelaySeconds = seconds;
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
      if (!rule.regex.test(path)) continue;
      if (!best || rule.length > best.length || (rule.length === best.length && rule.allow && !best.allow)) best = rule;
    }
    return best ? best.allow : true;
  }
}

/** `/a*b$` → /^\/a.*b$/ ; non-ASCII characters are percent-encoded as in URLs. */
function patternRegex(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((part) => encodeNonAscii(part).replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}

function encodeNonAscii(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(s) ? s.replace(/[^\x00-\x7f]+/g, (c) => encodeURIComponent(c)) : s;
}
