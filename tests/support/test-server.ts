/**
 * Local HTTP servers for the crawler tests, on 127.0.0.1 only: a table of routes, a log of
 * what was requested (path, user agent, time), and the peak number of requests in flight.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { atFileEnd } from './file-end.js';

export type Route =
  | string
  | { status?: number; type?: string; headers?: Record<string, string>; body?: string | Buffer; gzip?: boolean; delayMs?: number }
  | ((req: IncomingMessage, res: ServerResponse, hit: number) => void | Promise<void>);

export interface Hit {
  path: string;
  userAgent: string;
  at: number;
}

export interface TestServer {
  /** `http://127.0.0.1:PORT` (no trailing slash) */
  origin: string;
  url(path: string): string;
  hits: Hit[];
  /** how many times each path (with its query) was requested */
  count(path: string): number;
  /** most requests being answered at the same time */
  peakInFlight: number;
  close(): Promise<void>;
}

/** A page with a title, a language and a body (UTF-8). */
export function html(body: string, opts: { title?: string; lang?: string; head?: string } = {}): string {
  return `<!doctype html><html lang="${opts.lang ?? 'fr'}"><head><meta charset="utf-8"><title>${opts.title ?? 'Clinique'}</title>${opts.head ?? ''}</head><body>${body}</body></html>`;
}

/** Start a server for this test file; it is closed after the file's tests. */
export async function startServer(routes: Record<string, Route>, fallback?: Route): Promise<TestServer> {
  const hits: Hit[] = [];
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  let inFlight = 0;
  const state = { peak: 0 };
  const server = createServer(async (req, res) => {
    const path = req.url ?? '/';
    hits.push({ path, userAgent: String(req.headers['user-agent'] ?? ''), at: Date.now() });
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    inFlight++;
    state.peak = Math.max(state.peak, inFlight);
    res.on('close', () => inFlight--);
    const route = routes[path] ?? routes[path.split('?')[0]] ?? fallback ?? { status: 404, body: 'not found', type: 'text/plain' };
    try {
      await serve(route, req, res, n);
    } catch {
      res.destroy();
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  atFileEnd(close);
  return {
    origin,
    url: (path) => origin + path,
    hits,
    count: (path) => counts.get(path) ?? 0,
    get peakInFlight() {
      return state.peak;
    },
    close,
  };
}

async function serve(route: Route, req: IncomingMessage, res: ServerResponse, hit: number): Promise<void> {
  if (typeof route === 'function') return route(req, res, hit);
  const r = typeof route === 'string' ? { body: route } : route;
  if (r.delayMs) await new Promise((resolve) => setTimeout(resolve, r.delayMs));
  let body = r.body ?? '';
  const headers: Record<string, string> = { 'content-type': r.type ?? 'text/html; charset=utf-8', ...r.headers };
  if (r.gzip) {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
  }
  res.writeHead(r.status ?? 200, headers).end(body);
}
