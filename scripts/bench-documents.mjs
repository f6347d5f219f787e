#!/usr/bin/env node
// Documents benchmark (issue 12): how fast PDFs and images are read, on this machine.
//   node scripts/bench-documents.mjs [--pdf-pages 200] [--images 6]     (after npm run build)
// PDF pages/s: a generated brochure of N pages, read with pdfjs-dist and analysed (every rule).
// OCR images/s: distinct banners (Chromium screenshots of styled French text) read by Tesseract,
// one at a time, cache off; then the same images again from the in-memory cache.
import { chromium } from 'playwright';
import { analyzePage } from '../dist/analysis/analyze-page.js';
import { readPdf } from '../dist/crawl/fetch/pdf-text.js';
import { OcrEngine, OCR_LIMITS } from '../dist/analysis/extract/ocr.js';
import { loadRuleSet } from '../dist/analysis/rules/load.js';
import { makePdf } from './make-pdf.mjs';

const argv = process.argv.slice(2);
const opt = (n, d) => (argv.includes(n) ? Number(argv[argv.indexOf(n) + 1]) : d);
const PDF_PAGES = opt('--pdf-pages', 200);
const IMAGES = opt('--images', 6);

const rules = loadRuleSet();
const sentences = [
  'Nos médecins vous reçoivent sur rendez-vous du lundi au samedi.',
  'La mésothérapie donne des résultats garantis, sans aucun danger.',
  'Chaque séance dure environ trente minutes, selon la zone traitée.',
  'Un bilan préalable permet de vérifier les contre-indications.',
];
const pdf = makePdf(Array.from({ length: PDF_PAGES }, (_, i) => ({ lines: [{ text: `Chapitre ${i + 1}`, size: 18 }, ...Array.from({ length: 24 }, (_, j) => ({ text: sentences[(i + j) % sentences.length] }))] })));
await readPdf(pdf, { maxPages: 2, timeoutMs: 60_000 }); // load pdfjs once, outside the timing
let t = performance.now();
const text = await readPdf(pdf, { maxPages: PDF_PAGES, timeoutMs: 600_000 });
const readMs = performance.now() - t;
t = performance.now();
const analysis = analyzePage({ url: 'http://bench.invalid/brochure.pdf', status: 200, fetchedAt: new Date().toISOString(), pdf: text }, rules);
const analyseMs = performance.now() - t;
console.log(`PDF: ${text.pages.length} pages (${(pdf.length / 1024).toFixed(0)} KB), read ${readMs.toFixed(0)} ms + analysed ${analyseMs.toFixed(0)} ms, ${analysis.findings.length} findings`);
console.log(`PDF pages/s ${(text.pages.length / ((readMs + analyseMs) / 1000)).toFixed(1)} (reading alone ${(text.pages.length / (readMs / 1000)).toFixed(1)})`);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const images = [];
try {
  const page = await browser.newPage({ viewport: { width: 960, height: 220 } });
  for (let i = 0; i < IMAGES; i++) {
    await page.setContent(`<body style="margin:0"><div style="width:960px;height:220px;background:linear-gradient(90deg,#0b4f6c,#1d8fb8);color:#fff;font:bold 40px sans-serif;display:flex;align-items:center;padding-left:40px;box-sizing:border-box">Offre n° ${i + 1} : résultats garantis, sans danger</div></body>`);
    images.push(await page.screenshot({ type: 'png' }));
  }
} finally {
  await browser.close();
}
const engine = new OcrEngine(OCR_LIMITS, false); // no disk cache: every image read by Tesseract
await engine.check();
t = performance.now();
let words = 0;
for (const img of images) words += (await engine.read(img)).paragraphs.length;
const ocrMs = performance.now() - t;
t = performance.now();
for (const img of images) await engine.read(img);
const cachedMs = performance.now() - t;
console.log(`OCR: ${images.length} banners 960×220 read in ${ocrMs.toFixed(0)} ms (${words} paragraphs), again from the cache in ${cachedMs.toFixed(1)} ms`);
console.log(`OCR images/s ${(images.length / (ocrMs / 1000)).toFixed(2)} (cached ${(images.length / (cachedMs / 1000)).toFixed(0)})`);
