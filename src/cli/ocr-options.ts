/**
 * `--ocr` and the config's `ocr:` turned into the scan's OCR settings (extract/ocr.ts,
 * pipeline/image-text.ts), and `--fail-on`'s `not-reached`.
 */
import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import { OcrSchema } from '../config/schema.js';
import { defaultOcrCacheDir, OCR_LIMITS, OcrEngine } from '../analysis/extract/ocr.js';
import { OCR_PAGE_DEFAULTS, type OcrSettings } from '../scan/image-text.js';
import type { Severity } from '../model/taxonomy.js';
import { parseSeverity } from './common.js';
import { UsageError } from './errors.js';
import { parseDuration, parseSize } from './web-options.js';

/** The OCR settings of a scan, or undefined when OCR is off (the default). */
export function ocrSettings(flag: boolean | undefined, config: LoadedConfig | undefined, log: (line: string) => void): OcrSettings | undefined {
  const raw = config?.config.ocr;
  const fromConfig = raw === undefined || raw === false ? undefined : raw === true ? OcrSchema.parse({}) : raw;
  if (flag === false || (!flag && !fromConfig?.enabled)) return undefined;
  const c = fromConfig ?? OcrSchema.parse({});
  const cacheDir = c.cache === false ? false : c.cache ? resolve(config?.dir ?? '.', c.cache) : defaultOcrCacheDir();
  const engine = new OcrEngine(
    {
      ...OCR_LIMITS,
      maxPixels: c.maxPixels,
      minConfidence: c.minConfidence,
      languages: c.languages,
      ...(c.timeout !== undefined ? { timeoutMs: typeof c.timeout === 'number' ? c.timeout * 1000 : parseDuration(c.timeout, 'ocr.timeout')! } : {}),
    },
    cacheDir,
  );
  return {
    engine,
    maxImagesPerPage: c.maxImagesPerPage,
    maxImageBytes: c.maxImageSize !== undefined ? (typeof c.maxImageSize === 'number' ? c.maxImageSize : parseSize(c.maxImageSize, 'ocr.maxImageSize')!) : OCR_PAGE_DEFAULTS.maxImageBytes,
    log,
  };
}

/** `--fail-on high`, `--fail-on not-reached`, `--fail-on medium,not-reached`. */
export function parseFailOn(value: string | undefined): { severity?: Severity; notReached: boolean } {
  if (value === undefined) return { notReached: false };
  let severity: Severity | undefined;
  let notReached = false;
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (part === 'not-reached') notReached = true;
    else if (severity) throw new UsageError(`--fail-on takes one severity (low, medium, high), and/or not-reached: "${value}"`);
    else severity = parseSeverity(part, '--fail-on');
  }
  if (!severity && !notReached) throw new UsageError(`--fail-on takes low, medium, high and/or not-reached, not "${value}"`);
  return { severity, notReached };
}
