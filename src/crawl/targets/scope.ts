/**
 * Where a crawl may go, from the URLs it was asked to scan (its roots):
 * - `page`   the root pages themselves (and their query variants, e.g. `?page=2`);
 * - `host`   the roots' hosts (`www.` or not), the default;
 * - `domain` the roots' registrable domains and all their subdomains (`blog.clinique.fr`);
 * - `prefix` URLs under a root's folder (`https://x.fr/blog/` for `https://x.fr/blog/post`).
 * A scope is the union over its roots: a list of 500 clinics stays on those 500 sites.
 */
import { parseHttpUrl } from './canonical-url.js';

export const SCOPES = ['page', 'host', 'domain', 'prefix'] as const;
export type ScopeMode = (typeof SCOPES)[number];

/** Second-level labels under which a country domain registers names (clinique.co.uk, x.com.au). */
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'gouv', 'edu', 'ac', 'asso', 'nom', 'tm', 'or', 'ne', 'go']);

const stripWww = (host: string) => (host.startsWith('www.') ? host.slice(4) : host);

/**
 * The registrable domain of a host, approximately: its last two labels, or three under a
 * country code's second level (`co.uk`, `com.br`, `gouv.fr`). IP addresses stand for themselves.
 */
export function registrableDomain(host: string): string {
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return host;
  const labels = host.split('.');
  if (labels.length <= 2) return host;
  const tld = labels[labels.length - 1];
  const second = labels[labels.length - 2];
  const n = tld.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-n).join('.');
}

function folderOf(url: URL): string {
  const path = url.pathname.endsWith('/') ? url.pathname : url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1);
  return `${url.host}${path}`;
}

export class Scope {
  private readonly hosts = new Set<string>();
  private readonly domains = new Set<string>();
  private readonly prefixes = new Set<string>();
  private readonly pages = new Set<string>();

  constructor(
    readonly mode: ScopeMode,
    roots: Iterable<string> = [],
  ) {
    for (const root of roots) this.addRoot(root);
  }

  /** Widen the scope with another root (a start URL, or where a start URL redirected to). */
  addRoot(input: string): void {
    const url = parseHttpUrl(input);
    if (!url) return;
    switch (this.mode) {
      case 'page':
        this.pages.add(`${url.host}${url.pathname}`);
        break;
      case 'host':
        this.hosts.add(stripWww(url.hostname));
        break;
      case 'domain':
        this.domains.add(registrableDomain(url.hostname));
        break;
      case 'prefix':
        this.prefixes.add(folderOf(url));
        break;
    }
  }

  /** Is the (absolute, http(s)) URL inside the scope? */
  contains(input: string | URL): boolean {
    const url = typeof input === 'string' ? parseHttpUrl(input) : input;
    if (!url) return false;
    switch (this.mode) {
      case 'page':
        return this.pages.has(`${url.host}${url.pathname}`);
      case 'host':
        return this.hosts.has(stripWww(url.hostname));
      case 'domain': {
        // a subdomain of a root's domain: walk up its labels
        let host = url.hostname;
        for (;;) {
          if (this.domains.has(host)) return true;
          const dot = host.indexOf('.');
          if (dot < 0) return false;
          host = host.slice(dot + 1);
        }
      }
      case 'prefix': {
        // each folder the URL is in, from the top: x.fr/, x.fr/blog/, x.fr/blog/2024/ …
        const path = url.pathname;
        for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
          if (this.prefixes.has(`${url.host}${path.slice(0, i + 1)}`)) return true;
        }
        return false;
      }
    }
  }
}
