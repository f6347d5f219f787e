/** Helpers for the history, monitoring and review tests: a small site that can change between scans. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import type { ScanReport } from '../src/model/report-model.js';
import { page } from './helpers.js';

export interface TestSite {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** path → HTML; change it between scans; a missing path is a 404 */
  pages: Map<string, string>;
  /** path → status to answer instead of the page (e.g. 500) */
  status: Map<string, number>;
  /** requests per path */
  requests: Map<string, number>;
  /** paths whose requests wait until `release()` */
  hang: Set<string>;
  /** resolves when a request for a hanging path arrives */
  hung: Promise<string>;
  release(): void;
  close(): Promise<void>;
}

export async function startSite(pages: Record<string, string>): Promise<TestSite> {
  const site = {
    pages: new Map(Object.entries(pages)),
    status: new Map<string, number>(),
    requests: new Map<string, number>(),
    hang: new Set<string>(),
  };
  let onHung: (path: string) => void = () => undefined;
  const hung = new Promise<string>((resolve) => (onHung = resolve));
  const waiting: Array<() => void> = [];
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const status = site.status.get(path);
    const body = site.pages.get(path);
    if (status) res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>error</h1>');
    else if (body === undefined) res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>Not found</h1>');
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    site.requests.set(path, (site.requests.get(path) ?? 0) + 1);
    if (site.hang.has(path)) {
      onHung(path);
      waiting.push(() => answer(req, res));
      return;
    }
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    ...site,
    hung,
    release() {
      site.hang.clear();
      for (const go of waiting.splice(0)) go();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A French clinic page with the given paragraphs and links. */
export function clinicPage(title: string, paragraphs: string[], links: string[] = []): string {
  return page({
    title,
    lang: 'fr',
    body: `<h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}<nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</nav>`,
  });
}

/** Read rows from a history database while claimscan may be writing it. */
export function queryDb<T>(file: string, sql: string, ...args: unknown[]): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

export function findingIds(report: ScanReport): string[] {
  return report.findings.map((f) => f.id).sort();
}

/** Wait until `check` is true, polling; fails after `timeoutMs` with `what`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
