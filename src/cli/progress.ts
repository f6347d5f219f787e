/**
 * Feedback on stderr while a scan runs: on a terminal, one status line redrawn in place (pages
 * done and queued, findings, errors, rate); otherwise a plain progress line now and then. Log
 * lines go through here so they never tear the status line. `--quiet` silences it all.
 */
import type { PageRecord } from '../model/report-model.js';

export interface QueueStats {
  /** URLs waiting to be fetched */
  waiting: number;
  /** pages being fetched or analysed */
  active: number;
  /** of which being rendered in the browser */
  rendering?: number;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  quiet?: boolean;
  /** draw a status line (default: when the stream is a terminal) */
  tty?: boolean;
  /** the crawl's queue, when there is one */
  queue?: () => QueueStats | undefined;
  /** more to say first, e.g. the sites of a scan through a queue */
  detail?: () => string | undefined;
  /** plain mode: a progress line this often */
  plainEveryMs?: number;
}

const TTY_REDRAW_MS = 120;
const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

export class Progress {
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private readonly quiet: boolean;
  private readonly started = Date.now();
  private timer?: NodeJS.Timeout;
  private drawn = false;
  private frame = 0;
  pages = 0;
  findings = 0;
  errors = 0;

  constructor(private readonly options: ProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.quiet = Boolean(options.quiet);
    this.tty = options.tty ?? Boolean(this.stream.isTTY);
  }

  start(): void {
    if (this.quiet || this.timer) return;
    const every = this.tty ? TTY_REDRAW_MS : (this.options.plainEveryMs ?? 10_000);
    this.timer = setInterval(() => (this.tty ? this.draw() : this.stream.write(`progress: ${this.status()}\n`)), every);
    this.timer.unref();
    // at once, not after the first interval: a slow start (a browser launching) is not silence
    if (this.tty) this.draw();
  }

  /** Count a scanned page; a failed one is also logged. */
  page(page: PageRecord, findings: number): void {
    this.pages++;
    this.findings += findings;
    const failed = isFailure(page);
    if (failed) this.errors++;
    if (failed || page.error) this.log(`${page.url}: ${page.error ?? `HTTP ${page.status}`}`);
  }

  /** A log line, above the status line on a terminal. */
  log(line: string): void {
    if (this.quiet) return;
    if (this.tty) this.clear();
    this.stream.write(line + '\n');
    if (this.tty && this.timer) this.draw();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.tty) this.clear();
  }

  /** `120 pages · 340 queued · 45 findings · 3 errors · 12.3 pages/s` */
  status(): string {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.pages / seconds : 0;
    const q = this.options.queue?.();
    const detail = this.options.detail?.();
    const parts = [
      ...(detail ? [detail] : []),
      `${this.pages} page${this.pages === 1 ? '' : 's'}`,
      ...(q ? [`${q.waiting + q.active} queued`] : []),
      ...(q?.rendering ? [`${q.rendering} rendering in Chromium`] : []),
      `${this.findings} finding${this.findings === 1 ? '' : 's'}`,
      `${this.errors} error${this.errors === 1 ? '' : 's'}`,
      `${rate.toFixed(rate < 10 ? 1 : 0)} pages/s`,
    ];
    return parts.join(' · ');
  }

  private draw(): void {
    const width = this.stream.columns || 80;
    const line = `${SPINNER[this.frame++ % SPINNER.length]} ${this.status()}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, width - 1)}`);
    this.drawn = true;
  }

  private clear(): void {
    if (!this.drawn) return;
    this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

/** The summary's rule: no answer, an HTTP error, or an error on a page that was not a success. */
function isFailure(page: PageRecord): boolean {
  if (page.status === 0 || page.status >= 400) return true;
  return Boolean(page.error) && !(page.status >= 200 && page.status < 300);
}
