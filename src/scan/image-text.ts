/**
 * `--ocr`: the text of a page's large images (banners, slides, captions) analysed with the
 * page's own text. Only on pages about a topic of the rules (they made a claim, or their title
 * or a heading names the treatment), at most `maxImagesPerPage` images, largest first; each
 * image fetched politely (robots.txt, per-host limits) and capped in bytes, then read by the
 * OCR engine (extract/ocr.ts), which caps pixels and time and caches by image hash.
 */
import type { ExtractedPage, TextBlock } from '../model/blocks.js';
import { cropToDataUri } from '../analysis/extract/image-crop.js';
import { OcrSkip, type OcrEngine } from '../analysis/extract/ocr.js';
import type { ImageRef, PageSnapshot } from '../model/page-snapshot.js';
import { newTopicContext } from '../analysis/claims/topic.js';
import type { Lang } from '../analysis/claims/language.js';
import type { Finding } from '../model/finding.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import type { ResourceFetch } from '../crawl/page-source.js';

export interface OcrSettings {
  engine: OcrEngine;
  /** images read per page at most */
  maxImagesPerPage: number;
  /** bytes of one image at most */
  maxImageBytes: number;
  log?: (line: string) => void;
}

export const OCR_PAGE_DEFAULTS = { maxImagesPerPage: 5, maxImageBytes: 10 * 1024 * 1024 };

/** Skipped images listed on a page at most. */
const MAX_SKIPS_LISTED = 10;

export interface PageImages {
  blocks: TextBlock[];
  /** the bytes of the images read, by URL (to crop the claims found in them) */
  bytes: Map<string, Uint8Array>;
  read: number;
  skipped: string[];
}

/** Is the page about a topic of the rules: it made a claim, or its title or a heading names it. */
export function pageIsAboutTopic(extracted: ExtractedPage, lang: Lang, ruleSet: RuleSet, findings: Finding[]): boolean {
  if (findings.length) return true;
  const ctx = newTopicContext(extracted.title, lang);
  const headings = extracted.blocks.filter((b) => b.kind === 'heading').map((b) => b.text);
  for (const topic of ruleSet.topics.values()) if (topic.pageIsAbout(headings, ctx)) return true;
  return false;
}

/** The images worth reading: rendered layout and markup together, largest first (unknown sizes after). */
export function imageCandidates(snapshot: PageSnapshot, extracted: ExtractedPage, max: number): { pick: ImageRef[]; more: number } {
  const byUrl = new Map<string, ImageRef>();
  for (const img of [...(snapshot.images ?? []), ...(extracted.images ?? [])]) {
    const known = byUrl.get(img.url);
    byUrl.set(img.url, known ? { ...img, ...known, headingPath: known.headingPath ?? img.headingPath } : img);
  }
  const area = (i: ImageRef) => (i.width && i.height ? i.width * i.height : 0);
  const all = [...byUrl.values()].sort((a, b) => area(b) - area(a));
  return { pick: all.slice(0, max), more: Math.max(0, all.length - max) };
}

export async function readPageImages(snapshot: PageSnapshot, extracted: ExtractedPage, fetch: ResourceFetch, settings: OcrSettings, signal: AbortSignal): Promise<PageImages> {
  const { pick, more } = imageCandidates(snapshot, extracted, settings.maxImagesPerPage);
  const out: PageImages = { blocks: [], bytes: new Map(), read: 0, skipped: [] };
  const skip = (url: string, why: string) => {
    if (out.skipped.length < MAX_SKIPS_LISTED) out.skipped.push(`${url}: ${why}`);
  };
  for (const img of pick) {
    if (signal.aborted) break;
    const got = await fetch(img.url, signal);
    if (!got.body) {
      skip(img.url, got.error ?? got.note ?? `HTTP ${got.status}`);
      continue;
    }
    if (got.body.byteLength > settings.maxImageBytes || got.truncated) {
      skip(img.url, `image larger than ${Math.round(settings.maxImageBytes / 1024 / 1024)} MB`);
      continue;
    }
    try {
      const result = await settings.engine.read(got.body);
      out.read++;
      if (result.paragraphs.length) out.bytes.set(img.url, got.body);
      for (const p of result.paragraphs) {
        out.blocks.push({
          kind: 'text',
          text: p.text,
          headingPath: img.headingPath ?? [],
          selector: imageSelector(img.url),
          image: { url: img.url, confidence: p.confidence, box: p.box, width: result.width, height: result.height },
        });
      }
    } catch (e) {
      if (!(e instanceof OcrSkip)) throw e;
      skip(img.url, e.message);
    }
  }
  if (more) out.skipped.push(`${more} more image(s) not read (at most ${settings.maxImagesPerPage} a page)`);
  return out;
}

/** Findings read in images get the claim's part of the image (see extract/image-crop.ts). */
export function addCrops(findings: Finding[], bytes: Map<string, Uint8Array>): Finding[] {
  return findings.map((f) => {
    const image = f.image;
    const data = image && bytes.get(image.url);
    if (!image || !data) return f;
    const crop = cropToDataUri(data, image.box);
    return crop ? { ...f, image: { ...image, crop } } : f;
  });
}

/** A CSS selector for an `<img>` showing this URL (by the end of its src: relative or absolute); a CSS background has none. */
function imageSelector(url: string): string {
  try {
    const u = new URL(url);
    return `img[src$="${(u.pathname + u.search).replace(/["\\]/g, '\\$&')}"]`;
  } catch {
    return '';
  }
}
