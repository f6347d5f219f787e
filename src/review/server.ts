/**
 * `claimscan review`: a local web page over the history database. Binds to 127.0.0.1 unless
 * told otherwise; refuses requests whose Host is not the address it serves (DNS rebinding);
 * every triage form carries a per-server token and must come from its own origin (no other
 * site can triage through the reviewer's browser); pages carry a strict CSP and no script.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import type { Db } from '../store/database.js';
import { isTriageStatus, recentDecisions, recordDecision } from '../store/triage.js';
import type { UiLang } from '../report/i18n.js';
import { reviewLabels, requestLang, fill } from './i18n.js';
import { findingPage, messagePage, scanPage, scansPage, type PageContext } from './pages.js';
import { findingView, scanRows, scanView, trends, type ScanFilters } from './queries.js';

export interface ReviewOptions {
  db: Db;
  dbPath: string;
  host?: string;
  /** 0 picks a free port */
  port?: number;
  /** default name in triage forms */
  reviewer?: string;
  /** language of the pages when the browser does not pick one (`?lang=`, cookie) */
  uiLang?: UiLang;
  /** more names this server answers to (e.g. a DNS name pointing at it) */
  allowedHosts?: string[];
  log?: (line: string) => void;
}

export interface ReviewServer {
  /** the address to open; on a wildcard host (0.0.0.0, ::), one of the machine's own */
  url: string;
  /** every address it can be opened at */
  urls: string[];
  server: Server;
  close(): Promise<void>;
}

const PAGE_SIZE = 50;
const MAX_BODY = 16 * 1024;

export async function startReviewServer(options: ReviewOptions): Promise<ReviewServer> {
  const host = options.host ?? '127.0.0.1';
  const token = randomBytes(18).toString('base64url');
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      options.log?.(`review: ${req.method} ${req.url}: ${(e as Error).message}`);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error (see the terminal running claimscan review)');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/`;
  const allowedHosts = new Set([`${shownHost}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
  // Listening on every interface: requests name one of this machine's addresses or its name.
  const addresses = wildcard(host) ? machineAddresses(host !== '0.0.0.0') : [];
  for (const a of [...addresses, ...(options.allowedHosts ?? [])]) allowedHosts.add(`${a.includes(':') ? `[${a}]` : a}:${port}`.toLowerCase());

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      send(res, 421, 'text/plain; charset=utf-8', 'wrong Host for this server');
      return;
    }
    const nonce = randomBytes(12).toString('base64');
    const u = new URL(req.url ?? '/', url);
    const path = u.pathname;
    const asked = u.searchParams.get('lang');
    const lang = requestLang(asked, req.headers.cookie, options.uiLang, req.headers['accept-language']);
    const t = reviewLabels(lang);
    u.searchParams.delete('lang');
    const ctx: PageContext = { nonce, token, reviewer: options.reviewer ?? '', dbPath: options.dbPath, lang, t, here: `${path}${u.search}` };
    // the language picked on the page is remembered
    if (asked === 'fr' || asked === 'en') res.setHeader('set-cookie', `claimscan_lang=${asked}; Path=/; SameSite=Strict; Max-Age=31536000`);
    const page = (status: number, body: string) => sendPage(res, status, body, nonce);

    if (req.method === 'POST' && path === '/triage') {
      const origin = req.headers.origin;
      if (origin && origin !== url.slice(0, -1) && !allowedHosts.has(origin.replace(/^https?:\/\//, ''))) {
        page(403, messagePage(ctx, t.refused, t.notFromPage));
        return;
      }
      const form = new URLSearchParams(await readBody(req));
      if (form.get('token') !== token) {
        page(403, messagePage(ctx, t.refused, t.outOfDate));
        return;
      }
      const id = form.get('id') ?? '';
      const status = form.get('status') ?? '';
      if (!/^[0-9a-f]{16}$/.test(id) || !isTriageStatus(status)) {
        page(400, messagePage(ctx, t.notRecorded, t.needsIdStatus));
        return;
      }
      const note = (form.get('note') ?? '').trim().slice(0, 2000);
      const by = (form.get('by') ?? '').trim().slice(0, 100);
      recordDecision(options.db, id, { status, ...(note ? { note } : {}), ...(by ? { by } : {}), at: new Date().toISOString() }, 'review');
      options.log?.(`review: ${id} → ${status}${by ? ` by ${by}` : ''}`);
      const back = form.get('back') ?? '';
      // only a path on this server, never another site
      const target = /^\/(?![/\\])[^\s]*$/.test(back) ? back : `/findings/${id}`;
      res.writeHead(303, { location: target, 'cache-control': 'no-store' }).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD, POST' }).end();
      return;
    }
    if (path === '/') {
      const offset = Math.max(0, Number(u.searchParams.get('offset')) || 0);
      const { rows, total } = scanRows(options.db, PAGE_SIZE, offset);
      page(200, scansPage(ctx, { rows, total, offset, limit: PAGE_SIZE, trends: offset ? [] : trends(options.db), recent: offset ? [] : recentDecisions(options.db, 10) }));
      return;
    }
    const scanMatch = /^\/scans\/(\d+)$/.exec(path);
    if (scanMatch) {
      const filters: ScanFilters = {
        status: u.searchParams.get('status') ?? undefined,
        severity: u.searchParams.get('severity') ?? undefined,
        category: u.searchParams.get('category') ?? undefined,
        triage: u.searchParams.get('triage') ?? undefined,
        q: u.searchParams.get('q') ?? undefined,
      };
      const view = scanView(options.db, Number(scanMatch[1]), filters);
      if (!view) page(404, messagePage(ctx, t.noSuchScan, fill(t.noSuchScanText, { id: scanMatch[1] })));
      else page(200, scanPage(ctx, view, filters, `${path}${u.search}`));
      return;
    }
    const findingMatch = /^\/findings\/([0-9a-f]{16})$/.exec(path);
    if (findingMatch) {
      page(200, findingPage(ctx, findingView(options.db, findingMatch[1])));
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    page(404, messagePage(ctx, t.notFound, t.notFoundText));
  }

  // the addresses to print: numeric ones (a name may not resolve where the reader is)
  const numeric = addresses.filter((a) => /^[\d.]+$|:/.test(a));
  const urls = numeric.length ? numeric.map((a) => `http://${a.includes(':') ? `[${a}]` : a}:${port}/`) : [url];
  return {
    url: urls.find((x) => !/\/\/(localhost|127\.|\[::1\])/.test(x)) ?? urls[0],
    urls,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function securityHeaders(nonce: string): Record<string, string> {
  return {
    'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  };
}

function sendPage(res: ServerResponse, status: number, body: string, nonce: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...securityHeaders(nonce) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff' }).end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('form too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** 0.0.0.0 or :: — every interface. */
function wildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** This machine's addresses (IPv4 first) and its host name: what a request to a wildcard listener names. */
function machineAddresses(ipv6: boolean): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4') v4.push(a.address);
      else if (ipv6 && !a.address.startsWith('fe80')) v6.push(a.address);
    }
  }
  const name = hostname().toLowerCase();
  return [...new Set([...v4.filter((a) => !a.startsWith('127.')), ...v6.filter((a) => a !== '::1'), ...v4.filter((a) => a.startsWith('127.')), name, `${name}.local`])];
}
