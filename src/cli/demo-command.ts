/**
 * `claimscan demo` (what `npm start` runs): serves the bundled fictional clinic site on
 * 127.0.0.1, scans it like any website (crawling, rendering the page that needs JavaScript,
 * screenshots when Chromium is there, its PDF brochure, its banner's text with Tesseract),
 * writes the HTML report to reports/ and prints its path.
 * No network needed.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { chromiumPath, installHint } from '../crawl/render/browser.js';
import { EXIT, UsageError } from './errors.js';
import { defaultReportPath, parseUiLangOption } from './report-output.js';
import { scanCommand } from './scan-command.js';

export interface DemoCliOptions {
  output?: string;
  uiLang?: string;
  /** false with --no-screenshots */
  screenshots?: boolean;
  quiet?: boolean;
}

/** The demo site shipped with claimscan (`demo/site`, beside `dist/` and `src/`). */
export const DEMO_SITE = fileURLToPath(new URL('../../demo/site/', import.meta.url));

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('scan a bundled fictional clinic site (French and English) served on 127.0.0.1, and write its HTML report')
    .option('-o, --output <file>', 'where to write the HTML report (default: reports/<date>_demo.html and reports/latest.html)')
    .option('--ui-lang <lang>', "language of the report's labels: fr or en (default: the pages' language)")
    .option('--no-screenshots', 'no screenshots of the pages (they are taken when Chromium is installed)')
    .option('-q, --quiet', 'no progress lines on stderr')
    .action(async (opts: DemoCliOptions) => {
      process.exitCode = await demoCommand(opts);
    });
}

export async function demoCommand(opts: DemoCliOptions): Promise<number> {
  const uiLang = parseUiLangOption(opts.uiLang);
  const output = opts.output ?? defaultReportPath(['demo'], 'html');
  const site = await serveDirectory(DEMO_SITE);
  // something at once: the first run starts a browser for the JavaScript page and the screenshots
  if (!opts.quiet) process.stderr.write(`demo: serving the bundled Clinique des Tilleuls site on ${site.url} and scanning it (depth 3; a page written by JavaScript is rendered in Chromium)…\n`);
  try {
    const screenshots = opts.screenshots !== false && Boolean(chromiumPath());
    if (process.env.CLAIMSCAN_CHROMIUM && !chromiumPath()) throw new UsageError(installHint());
    const code = await scanCommand([site.url], {
      format: 'html',
      output,
      uiLang,
      quiet: opts.quiet,
      depth: '3',
      render: 'auto',
      history: false,
      // the banner's text is read when Tesseract is installed (a notice says so otherwise)
      ocr: true,
      // the server stops with the demo: links to the pages go to the bundled copies
      liveBase: { from: site.url, to: pathToFileURL(DEMO_SITE).href.replace(/\/?$/, '/') },
      ...(screenshots ? { screenshots: true } : {}),
    });
    if (code !== EXIT.ok && code !== EXIT.findings) return code;
  } finally {
    await site.close();
  }
  if (!opts.output) copyFileSync(output, join(dirname(output), 'latest.html'));
  process.stdout.write(`Demo report: ${output}\nOpen it in a browser: ${pathToFileURL(resolve(output)).href}\n`);
  return EXIT.ok;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ServedSite {
  url: string;
  close(): Promise<void>;
}

/** A static file server for one folder, on 127.0.0.1 and a free port; nothing outside the folder is served. */
export async function serveDirectory(root: string): Promise<ServedSite> {
  const base = resolve(root);
  if (!existsSync(base)) throw new Error(`demo site not found at ${base}`);
  const server: Server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      let file = resolve(base, `.${path}`);
      if (file !== base && !file.startsWith(base + sep)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
