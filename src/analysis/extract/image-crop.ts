/**
 * The part of an image that holds a claim, as a small PNG `data:` URI the report shows: the
 * evidence stays readable when the site has changed or is gone. PNG and JPEG are cropped here
 * (pngjs, jpeg-js: pure JavaScript); other types return undefined and the report crops the
 * image from its URL instead.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { imageInfo } from './ocr.js';

/** Widest crop kept, in pixels (wider ones are scaled down). */
const MAX_WIDTH = 640;
/** Margin around the claim's box, in pixels. */
const PAD = 10;
/** Largest image decoded for a crop (pixels): OCR's own cap is higher, a crop is not worth more. */
const MAX_DECODE_PIXELS = 16_000_000;

export function cropToDataUri(bytes: Uint8Array, box: { x: number; y: number; width: number; height: number }): string | undefined {
  const info = imageInfo(bytes);
  if (!info || (info.type !== 'png' && info.type !== 'jpeg') || info.width * info.height > MAX_DECODE_PIXELS) return undefined;
  let src: { width: number; height: number; data: Uint8Array };
  try {
    src = info.type === 'png' ? PNG.sync.read(Buffer.from(bytes)) : jpeg.decode(bytes, { useTArray: true, maxMemoryUsageInMB: 256 });
  } catch {
    return undefined;
  }
  const x0 = Math.max(0, Math.floor(box.x - PAD));
  const y0 = Math.max(0, Math.floor(box.y - PAD));
  const x1 = Math.min(src.width, Math.ceil(box.x + box.width + PAD));
  const y1 = Math.min(src.height, Math.ceil(box.y + box.height + PAD));
  if (x1 <= x0 || y1 <= y0) return undefined;
  const step = Math.max(1, (x1 - x0) / MAX_WIDTH);
  const w = Math.max(1, Math.round((x1 - x0) / step));
  const h = Math.max(1, Math.round((y1 - y0) / step));
  const out = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    const sy = Math.min(src.height - 1, y0 + Math.floor(y * step));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(src.width - 1, x0 + Math.floor(x * step));
      const s = (sy * src.width + sx) * 4;
      const d = (y * w + x) * 4;
      out.data[d] = src.data[s];
      out.data[d + 1] = src.data[s + 1];
      out.data[d + 2] = src.data[s + 2];
      out.data[d + 3] = src.data[s + 3];
    }
  }
  return `data:image/png;base64,${PNG.sync.write(out, { colorType: 6 }).toString('base64')}`;
}
