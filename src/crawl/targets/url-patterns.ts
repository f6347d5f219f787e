/**
 * `--include` / `--exclude` URL patterns. A pattern matches anywhere in the URL, `*` standing
 * for any run of characters (`/blog/`, `*.pdf`, `?replytocom=`); `/…/` with optional flags is a
 * regular expression (`/\/20\d\d\//`), refused when it could backtrack catastrophically.
 */
import safeRegex from 'safe-regex2';

export class PatternError extends Error {
  override name = 'PatternError';
}

export function compileUrlPattern(pattern: string): RegExp {
  const re = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (re) {
    let regex: RegExp;
    try {
      // g and y would make test() stateful
      regex = new RegExp(re[1], re[2].replace(/[gy]/g, ''));
    } catch (e) {
      throw new PatternError(`invalid regular expression ${pattern}: ${(e as Error).message}`);
    }
    if (!safeRegex(regex)) throw new PatternError(`regular expression ${pattern} could take exponential time; simplify it`);
    return regex;
  }
  if (!pattern) throw new PatternError('empty URL pattern');
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(body, 'i');
}

/** Include patterns (a URL must match one, when any are given) and exclude patterns (none may match). */
export class UrlFilter {
  private readonly include: RegExp[];
  private readonly exclude: RegExp[];

  constructor(include: string[] = [], exclude: string[] = []) {
    this.include = include.map(compileUrlPattern);
    this.exclude = exclude.map(compileUrlPattern);
  }

  accepts(url: string): boolean {
    if (this.include.length && !this.include.some((re) => re.test(url))) return false;
    return !this.exclude.some((re) => re.test(url));
  }
}
