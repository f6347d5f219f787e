/**
 * Text in images (`--ocr`): banners, slides and before/after captions read with Tesseract, the
 * engine Debian packages (`tesseract-ocr` with `tesseract-ocr-fra` and `-eng`). Tesseract runs as
 * a separate process, one image at a time, single-threaded (the crawl and the analysis share
 * the machine), under a time limit.
 *
 * Bounded before anything is decoded: the image type and size are read from its first bytes, so
 * a file that is not an image, or one of 30,000 × 30,000 pixels, is refused without running the
 * engine. Cached by the image's hash, in memory and on disk: the same banner on every page, or
 * in the next scan, is read once.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import PQueue from 'p-queue';

export interface OcrLimits {
  /** most pixels (width × height) of an image read */
  maxPixels: number;
  /** smallest image read, in pixels */
  minWidth: number;
  minHeight: number;
  /** longest time one image may take */
  timeoutMs: number;
  /** lines read with a lower mean word confidence (0–100) are dropped */
  minConfidence: number;
  /** Tesseract languages, e.g. "fra+eng" */
  languages: string;
}

export const OCR_LIMITS: OcrLimits = { maxPixels: 25_000_000, minWidth: 200, minHeight: 60, timeoutMs: 20_000, minConfidence: 55, languages: 'fra+eng' };

/** A paragraph of text read in an image. */
export interface OcrParagraph {
  text: string;
  /** mean confidence of its words, 0–100 */
  confidence: number;
  box: { x: number; y: number; width: number; height: number };
}

export interface OcrResult {
  width: number;
  height: number;
  paragraphs: OcrParagraph[];
  /** read from the cache */
  cached?: boolean;
}

/** An image that is not read, and why (not an image, too large, too small, unreadable, too slow). */
export class OcrSkip extends Error {}
/** No OCR engine on this machine: OCR is off for the scan. */
export class OcrUnavailable extends Error {}

export const OCR_INSTALL_HINT = 'install Tesseract with its French and English data (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng)';

/** Bump when the way text is read changes: older cache entries are then ignored. */
const CACHE_VERSION = 1;

export function defaultOcrCacheDir(): string {
  if (process.env.CLAIMSCAN_OCR_CACHE) return process.env.CLAIMSCAN_OCR_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'claimscan', 'ocr');
}

export interface ImageInfo {
  type: 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';
  width: number;
  height: number;
}

/** The type and size of an image from its first bytes; undefined when it is not an image Tesseract reads. */
export function imageInfo(b: Uint8Array): ImageInfo | undefined {
  const u32be = (o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  const u16be = (o: number) => (b[o] << 8) | b[o + 1];
  const u16le = (o: number) => b[o] | (b[o + 1] << 8);
  const u32le = (o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return { type: 'png', width: u32be(16), height: u32be(20) };
  if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return { type: 'gif', width: u16le(6), height: u16le(8) };
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) return { type: 'bmp', width: u32le(18), height: Math.abs(u32le(22) | 0) };
  if (b.length >= 30 && String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP') {
    const chunk = String.fromCharCode(...b.subarray(12, 16));
    if (chunk === 'VP8 ') return { type: 'webp', width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
    if (chunk === 'VP8L') return { type: 'webp', width: 1 + (((b[22] & 0x3f) << 8) | b[21]), height: 1 + (((b[24] & 0x0f) << 10) | (b[23] << 2) | ((b[22] & 0xc0) >> 6)) };
    if (chunk === 'VP8X') return { type: 'webp', width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
    return undefined;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // walk the markers to the frame header (SOF0–SOF15 but DHT, JPG, DAC)
    let o = 2;
    while (o + 9 < b.length) {
      if (b[o] !== 0xff) return undefined;
      const marker = b[o + 1];
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        o += 2;
        continue;
      }
      const len = u16be(o + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { type: 'jpeg', height: u16be(o + 5), width: u16be(o + 7) };
      o += 2 + len;
    }
    return undefined;
  }
  return undefined;
}

export class OcrEngine {
  private readonly memory = new Map<string, OcrResult>();
  private readonly queue = new PQueue({ concurrency: 1 });
  private available?: Promise<void>;
  /** images read by the engine (not from the cache) and the time it took */
  readonly stats = { read: 0, cached: 0, ms: 0 };

  constructor(
    readonly limits: OcrLimits = OCR_LIMITS,
    /** folder of the disk cache; false for none */
    private readonly cacheDir: string | false = defaultOcrCacheDir(),
    private readonly command = 'tesseract',
  ) {}

  /** Resolves when Tesseract and its languages are there; rejects with OcrUnavailable otherwise. */
  check(): Promise<void> {
    this.available ??= new Promise<void>((resolve, reject) => {
      execFile(this.command, ['--list-langs'], { timeout: 10_000 }, (err, stdout, stderr) => {
        if (err) return reject(new OcrUnavailable(`OCR off: Tesseract not found (${(err as NodeJS.ErrnoException).code ?? err.message.split('\n')[0]}); ${OCR_INSTALL_HINT}`));
        const have = new Set(`${stdout}\n${stderr}`.split('\n').map((l) => l.trim()));
        const missing = this.limits.languages.split('+').filter((l) => !have.has(l));
        if (missing.length) return reject(new OcrUnavailable(`OCR off: Tesseract has no ${missing.join(', ')} language data; ${OCR_INSTALL_HINT}`));
        resolve();
      });
    });
    return this.available;
  }

  /** Read the text of an image. Throws OcrSkip when the image is not read (with why), OcrUnavailable when there is no engine. */
  async read(bytes: Uint8Array): Promise<OcrResult> {
    const info = imageInfo(bytes);
    if (!info) throw new OcrSkip(bytes.length && /^\s*</.test(Buffer.from(bytes.subarray(0, 64)).toString('latin1')) ? 'not an image (markup: SVG or HTML)' : 'not an image OCR reads (PNG, JPEG, GIF, WebP, BMP)');
    if (!info.width || !info.height) throw new OcrSkip(`broken ${info.type.toUpperCase()} (no size)`);
    const l = this.limits;
    if (info.width * info.height > l.maxPixels) throw new OcrSkip(`image too large to read: ${info.width} × ${info.height} pixels (limit ${Math.round(l.maxPixels / 1e6)} megapixels)`);
    if (info.width < l.minWidth || info.height < l.minHeight) throw new OcrSkip(`image too small to hold a claim: ${info.width} × ${info.height} pixels`);
    const key = createHash('sha256').update(bytes).digest('hex');
    const known = this.memory.get(key) ?? this.fromDisk(key);
    if (known) {
      this.stats.cached++;
      this.memory.set(key, known);
      return { ...known, cached: true };
    }
    await this.check();
    const result = await this.queue.add(() => this.run(bytes, info));
    this.memory.set(key, result!);
    this.toDisk(key, result!);
    return result!;
  }

  private async run(bytes: Uint8Array, info: ImageInfo): Promise<OcrResult> {
    const started = Date.now();
    const tsv = await new Promise<string>((resolve, reject) => {
      const child = spawn(this.command, ['stdin', 'stdout', '-l', this.limits.languages, '--psm', '3', 'tsv'], {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      let err = '';
      let size = 0;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new OcrSkip(`OCR gave up after ${Math.round(this.limits.timeoutMs / 1000)} s`));
      }, this.limits.timeoutMs);
      child.stdout.on('data', (c: Buffer) => {
        size += c.length;
        if (size < 20 * 1024 * 1024) out.push(c);
      });
      child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-2000)));
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new OcrUnavailable(`OCR off: Tesseract did not start (${e.message}); ${OCR_INSTALL_HINT}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
        else reject(new OcrSkip(`unreadable image (${err.trim().split('\n').pop()?.slice(0, 160) || `Tesseract exit ${code}`})`));
      });
      child.stdin.on('error', () => {});
      child.stdin.end(bytes);
    });
    this.stats.read++;
    this.stats.ms += Date.now() - started;
    return { width: info.width, height: info.height, paragraphs: paragraphsOf(tsv, this.limits.minConfidence) };
  }

  private fromDisk(key: string): OcrResult | undefined {
    if (!this.cacheDir) return undefined;
    try {
      const entry = JSON.parse(readFileSync(this.cachePath(key), 'utf8')) as { v: number; languages: string; result: OcrResult };
      if (entry.v !== CACHE_VERSION || entry.languages !== this.limits.languages) return undefined;
      return entry.result;
    } catch {
      return undefined;
    }
  }

  private toDisk(key: string, result: OcrResult): void {
    if (!this.cacheDir) return;
    try {
      const file = this.cachePath(key);
      mkdirSync(join(this.cacheDir, key.slice(0, 2)), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ v: CACHE_VERSION, languages: this.limits.languages, result: { ...result, cached: undefined } }));
      renameSync(tmp, file);
    } catch {
      /* a cache that cannot be written only costs time */
    }
  }

  private cachePath(key: string): string {
    return join(this.cacheDir as string, key.slice(0, 2), `${key}-${this.limits.minConfidence}.json`);
  }
}

interface Word {
  text: string;
  conf: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Tesseract's TSV → paragraphs of words, each with its mean confidence and box. */
export function paragraphsOf(tsv: string, minConfidence: number): OcrParagraph[] {
  const groups = new Map<string, Word[][]>();
  for (const row of tsv.split('\n')) {
    const c = row.split('\t');
    if (c[0] !== '5' || c.length < 12) continue;
    const text = c[11].trim();
    const conf = Number(c[10]);
    if (!text || !(conf >= 0)) continue;
    const par = `${c[2]}.${c[3]}`;
    const line = Number(c[4]);
    const lines = groups.get(par) ?? [];
    groups.set(par, lines);
    (lines[line] ??= []).push({ text, conf, left: Number(c[6]), top: Number(c[7]), width: Number(c[8]), height: Number(c[9]) });
  }
  const out: OcrParagraph[] = [];
  for (const lines of groups.values()) {
    const words = lines.flat().filter(Boolean);
    if (!words.length) continue;
    let text = '';
    for (const line of lines.filter(Boolean)) {
      const t = line.map((w) => w.text).join(' ');
      text = !text ? t : text.endsWith('-') && /^\p{Ll}/u.test(t) ? text.slice(0, -1) + t : `${text} ${t}`;
    }
    const confidence = Math.round((10 * words.reduce((n, w) => n + w.conf, 0)) / words.length) / 10;
    if (confidence < minConfidence || (text.match(/\p{L}/gu)?.length ?? 0) < 4) continue;
    const x = Math.min(...words.map((w) => w.left));
    const y = Math.min(...words.map((w) => w.top));
    const right = Math.max(...words.map((w) => w.left + w.width));
    const bottom = Math.max(...words.map((w) => w.top + w.height));
    out.push({ text, confidence, box: { x, y, width: right - x, height: bottom - y } });
  }
  return out;
}
