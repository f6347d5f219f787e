/**
 * Which network addresses a scan may reach. A scanned site must not steer the scanner into the
 * machine's own network: loopback, private, link-local and cloud-metadata addresses are
 * refused, unless the user named such a site as a start URL (its origin is then allowed: a
 * scan of one's own intranet page) or gave `--allow-private`. The check runs on the address
 * a name resolves to (so a public name pointing at 127.0.0.1 is caught), on every redirect hop
 * (each hop is a new request) and on every request of a rendered page (Playwright routes).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export type AddressKind = 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

/** Plain data (it crosses to the fetch worker). */
export interface AddressPolicyOptions {
  /** `--allow-private`: reach every address */
  allowPrivate?: boolean;
  /** origins (`http://127.0.0.1:8080`) the user named as start URLs: allowed whatever their address */
  allowedOrigins?: string[];
}

const METADATA = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254', '168.63.129.16']);

function list(entries: Array<[string, number, 'ipv4' | 'ipv6']>): BlockList {
  const b = new BlockList();
  for (const [net, prefix, type] of entries) b.addSubnet(net, prefix, type);
  return b;
}

const KINDS: Array<[AddressKind, BlockList]> = [
  ['unspecified', list([['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']])],
  ['loopback', list([['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']])],
  ['link-local', list([['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']])],
  ['private', list([['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['100.64.0.0', 10, 'ipv4'], ['fc00::', 7, 'ipv6']])],
  ['multicast', list([['224.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']])],
  ['reserved', list([['240.0.0.0', 4, 'ipv4'], ['192.0.0.0', 24, 'ipv4'], ['198.18.0.0', 15, 'ipv4']])],
];

/** What kind of non-public address this is, or undefined for a public one. */
export function addressKind(address: string): AddressKind | undefined {
  let ip = address.replace(/^\[|\]$/g, '').toLowerCase();
  // IPv4 inside IPv6: ::ffff:127.0.0.1, ::ffff:7f00:1, NAT64 64:ff9b::a.b.c.d
  const mapped = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(ip);
  if (mapped) {
    if (mapped[1]) ip = mapped[1];
    else {
      const hi = parseInt(mapped[2], 16);
      const lo = parseInt(mapped[3], 16);
      ip = `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
    }
  }
  const type = isIP(ip);
  if (!type) return undefined;
  if (METADATA.has(ip)) return 'metadata';
  const family = type === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, blocks] of KINDS) if (blocks.check(ip, family)) return kind;
  return undefined;
}

export class AddressRefused extends Error {
  readonly code = 'CLAIMSCAN_ADDRESS_REFUSED';
}

export class AddressPolicy {
  private readonly allowed: Set<string>;
  private readonly resolved = new Map<string, Promise<string[]>>();

  constructor(private readonly options: AddressPolicyOptions = {}) {
    this.allowed = new Set((options.allowedOrigins ?? []).map(originKey).filter((o): o is string => Boolean(o)));
  }

  /** Why `address` (what `url`'s host resolved to) may not be reached, or undefined. */
  refusal(url: URL | string, address: string): string | undefined {
    if (this.options.allowPrivate) return undefined;
    const kind = addressKind(address);
    if (!kind) return undefined;
    if (this.allowed.has(originKey(url) ?? '')) return undefined;
    const u = typeof url === 'string' ? safeUrl(url) : url;
    const host = u?.hostname ?? String(url);
    const shown = host.replace(/^\[|\]$/g, '') === address ? address : `${host} (${address})`;
    return `address refused: ${shown} is a ${kind} address (only reached when a start URL is on it, or with --allow-private)`;
  }

  /** Resolve the URL's host (cached per scan) and check every address it has. */
  async check(url: string): Promise<string | undefined> {
    if (this.options.allowPrivate) return undefined;
    const u = safeUrl(url);
    if (!u) return undefined;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) return this.refusal(u, host);
    let addresses = this.resolved.get(host);
    if (!addresses) {
      addresses = new Promise<string[]>((resolve) => dnsLookup(host, { all: true }, (err, all) => resolve(err ? [] : all.map((a) => a.address))));
      this.resolved.set(host, addresses);
    }
    for (const address of await addresses) {
      const why = this.refusal(u, address);
      if (why) return why;
    }
    return undefined; // unresolvable: the request itself reports it
  }

  /**
   * A `lookup` for node:http(s) requests to `url`: the addresses the connection will use are
   * checked after DNS, so a name that changes its answer between checks is still caught.
   */
  lookupFor(url: URL): LookupFunction {
    return ((hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err, '', 0);
        for (const a of addresses) {
          const why = this.refusal(url, a.address);
          if (why) return callback(new AddressRefused(why), '', 0);
        }
        if ((options as { all?: boolean }).all) return callback(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      });
    }) as LookupFunction;
  }
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** `http://Example.org:80/a` → `http://example.org:80`: scheme, host and port (the default one spelt out). */
function originKey(url: URL | string): string | undefined {
  const u = typeof url === 'string' ? safeUrl(url) : url;
  if (!u) return undefined;
  const port = u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
  return `${u.protocol}//${u.hostname.toLowerCase()}:${port}`;
}
