/**
 * Reaching what a patient sees (issue 12): a PDF brochure's claims with their page number, the
 * text of a banner image read with --ocr (image URL and confidence), pages that were not
 * reached (consent wall, age gate, login, bot challenge) told apart from clean ones, a page
 * behind a consent button reached by clicking it, and bad input (corrupt PDF, 200-page PDF,
 * huge image, a "PNG" that is HTML) reported without stopping the scan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../scripts/make-pdf.mjs';
import { launchBrowser } from '../src/crawl/render/browser.js';
import type { ScanReport } from '../src/model/report-model.js';
import { ROOT, runCli, tempDir } from './helpers.js';
import { html, startServer } from './support/test-server.js';

const CLAIM = 'La mésothérapie donne des résultats garantis, sans aucun danger.';

/** A banner: styled French text on a gradient, screenshot by Chromium (as a site's designer would export it). */
async function bannerPng(): Promise<Buffer> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 200 } });
    await page.setContent(
      '<body style="margin:0"><div style="width:900px;height:200px;background:linear-gradient(90deg,#0b4f6c,#1d8fb8);color:#fff;font:bold 42px sans-serif;display:flex;align-items:center;padding-left:40px;box-sizing:border-box">Mésothérapie : résultats garantis, sans danger</div></body>',
    );
    return await page.screenshot({ type: 'png' });
  } finally {
    await browser.close();
  }
}

/** A PNG header that claims 30,000 × 30,000 pixels (the rest of the file does not matter: it must never be decoded). */
function hugePng(): Buffer {
  const b = Buffer.alloc(64);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(b);
  b.writeUInt32BE(30_000, 16);
  b.writeUInt32BE(30_000, 20);
  return b;
}

const consentWall = html(
  '<div id="cookie-wall" role="dialog"><h2>Vos choix en matière de cookies</h2><p>Nous utilisons des cookies et traceurs pour mesurer l’audience. Acceptez-vous leur dépôt ?</p><button>Tout accepter</button> <button>Refuser</button></div>',
  { title: 'Clinique du Parc' },
);

describe('PDF brochures, text in images and pages not reached', async () => {
  const cache = tempDir('claimscan-ocr-');
  const out = tempDir();
  let banner: Buffer = Buffer.alloc(0);
  const server = await startServer({
    '/': html(`<h1>Mésothérapie à la clinique</h1><p>Découvrez nos soins.</p><p><a href="/brochure.pdf">Brochure</a> · <a href="/casse.pdf">Tarifs</a> · <a href="/catalogue.pdf">Catalogue</a></p>`, { title: 'Mésothérapie' }),
    '/brochure.pdf': {
      type: 'application/pdf',
      body: makePdf(
        [
          { lines: [{ text: 'Nos soins', size: 20 }, { text: 'La clinique vous accueille du lundi au samedi.' }] },
          { lines: [{ text: 'Mésothérapie', size: 20 }, { text: CLAIM }] },
        ],
        { title: 'Brochure de la clinique' },
      ),
    },
    '/casse.pdf': { type: 'application/pdf', body: '%PDF-1.7\n1 0 obj << /Type /Catalog garbage' },
    '/catalogue.pdf': { type: 'application/pdf', body: makePdf(Array.from({ length: 200 }, (_, i) => ({ lines: [{ text: `Page ${i + 1} du catalogue de la clinique.` }] }))) },
    '/offre': html(
      '<h1>Offre mésothérapie</h1><p>Une séance de mésothérapie dure environ trente minutes.</p><img src="/banner.png" width="900" height="200" alt=""><img src="/huge.png" width="1200" height="400"><img src="/fake.png" width="800" height="300">',
      { title: 'Offre mésothérapie' },
    ),
    '/banner.png': (_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end(banner),
    '/huge.png': { type: 'image/png', body: hugePng() },
    '/fake.png': { type: 'image/png', body: html('<p>Pas une image</p>') },
    '/cookies': consentWall,
    '/age': html('<h1>Bienvenue</h1><p>Ce site est réservé aux personnes majeures. Avez-vous plus de 18 ans ?</p><button>Oui, j’ai 18 ans</button> <button>Non</button>', { title: 'Vérification de l’âge' }),
    '/espace-patient': html('<h1>Espace patient</h1><form><label>Identifiant <input name="u"></label><label>Mot de passe <input type="password" name="p"></label><button>Se connecter</button></form>', { title: 'Connexion' }),
    '/protege': html('<p>Checking if the site connection is secure</p><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script>', { title: 'Just a moment...' }),
    '/derriere': html(
      `<div id="wall" role="dialog"><p>Nous utilisons des cookies. Acceptez-vous les cookies ?</p><button onclick="document.getElementById('wall').remove();document.getElementById('content').hidden=false">Tout accepter</button></div><main id="content" hidden><h1>Mésothérapie du visage</h1><p>${CLAIM}</p></main>`,
      { title: 'Clinique' },
    ),
  });
  const u = server.url;
  let report: ScanReport;
  let code: number | null;

  beforeAll(async () => {
    banner = await bannerPng();
    const file = join(out, 'scan.json');
    const r = await runCli(
      ['scan', u('/'), u('/offre'), u('/cookies'), u('/age'), u('/espace-patient'), u('/protege'), '--render', 'never', '--ocr', '--fail-on', 'not-reached', '--format', 'json', '--output', file, '--no-history', '-q'],
      { env: { CLAIMSCAN_OCR_CACHE: cache } },
    );
    code = r.code;
    expect(r.stderr).toBe('');
    report = JSON.parse(readFileSync(file, 'utf8')) as ScanReport;
  }, 120_000);

  const pageOf = (path: string) => report.pages.find((p) => p.url === u(path));

  it('reads a PDF linked from a scanned page: the claim on page 2 is found with its page number', () => {
    // sentence findings (the page-level one, no word about risks, stands on the title)
    const findings = report.findings.filter((f) => f.url === u('/brochure.pdf') && f.match);
    expect(findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['meso-efficacy-proven', 'meso-safety-no-risk']));
    for (const f of findings) expect(f).toMatchObject({ page: 2, text: CLAIM });
    expect(pageOf('/brochure.pdf')).toMatchObject({ title: 'Brochure de la clinique', pdfPages: { total: 2, read: 2 }, reached: { ok: true } });
  });

  it('reads a local PDF named on the command line too, and the text report gives the page', async () => {
    const r = await runCli(['scan', join(ROOT, 'demo/site/brochure-mesotherapie.pdf'), '--format', 'text', '--no-history']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/« La mésothérapie élimine définitivement la cellulite, sans aucun effet secondaire\. »\n[^]*?PDF page 2/);
  });

  it('reports a corrupt PDF and reads only the first pages of a 200-page one, and goes on', () => {
    expect(pageOf('/casse.pdf')).toMatchObject({ status: 200, error: expect.stringMatching(/not a readable PDF/) });
    expect(pageOf('/catalogue.pdf')).toMatchObject({ pdfPages: { total: 200, read: 50 }, note: expect.stringMatching(/PDF of 200 pages: the first 50 read/) });
    expect(report.summary.pagesFailed).toBe(1);
  });

  it('reads the text of a banner image with --ocr: the finding carries the image URL and the OCR confidence', () => {
    const fromImage = report.findings.filter((f) => f.url === u('/offre') && f.image);
    expect(fromImage.map((f) => f.ruleId).sort()).toEqual(expect.arrayContaining(['meso-efficacy-proven', 'meso-safety-no-risk']));
    for (const f of fromImage) {
      expect(f.image!.url).toBe(u('/banner.png'));
      expect(f.image!.confidence).toBeGreaterThan(55);
      expect(f.image!.box.width).toBeGreaterThan(100);
      expect(f.image!.crop).toMatch(/^data:image\/png;base64,/); // the claim's part of the banner, kept as evidence
      expect(f.text).toMatch(/résultats garantis/);
    }
  });

  it('refuses a huge image and a file that is not an image, saying why, without stopping', () => {
    const images = pageOf('/offre')!.images!;
    expect(images.read).toBe(1);
    expect(images.skipped).toEqual(
      expect.arrayContaining([expect.stringMatching(/huge\.png: image too large to read: 30000 × 30000 pixels/), expect.stringMatching(/fake\.png: not an image/)]),
    );
  });

  it('reads an image once: the next scan takes its text from the cache (by image hash)', async () => {
    const r = await runCli(['scan', u('/offre'), '--render', 'never', '--ocr', '--format', 'json', '--output', join(out, 'again.json'), '--no-history'], { env: { CLAIMSCAN_OCR_CACHE: cache } });
    expect(r.stderr).toContain('OCR: 0 image(s) read, 1 from the cache');
    const again = JSON.parse(readFileSync(join(out, 'again.json'), 'utf8')) as ScanReport;
    expect(again.findings.filter((f) => f.image).length).toBe(report.findings.filter((f) => f.url === u('/offre') && f.image).length);
  });

  it('tells consent walls, age gates, login walls and bot challenges apart from clean pages', () => {
    expect(pageOf('/cookies')!.reached).toMatchObject({ ok: false, kind: 'consent-wall' });
    expect(pageOf('/age')!.reached).toMatchObject({ ok: false, kind: 'age-gate' });
    expect(pageOf('/espace-patient')!.reached).toMatchObject({ ok: false, kind: 'login-wall', signals: expect.arrayContaining(['password field']) });
    expect(pageOf('/protege')!.reached).toMatchObject({ ok: false, kind: 'bot-challenge', signals: expect.arrayContaining(['challenge title']) });
    expect(pageOf('/')!.reached).toEqual({ ok: true });
    expect(report.summary).toMatchObject({ pagesNotReached: 4 });
    expect(report.summary.pagesClean).toBeGreaterThanOrEqual(1);
    // the site also serves a corrupt PDF (a failed page): a partial scan's exit 4 comes first
    expect(code).toBe(4);
  });

  it('--fail-on not-reached exits 1 on a page still behind its wall', async () => {
    const r = await runCli(['scan', u('/espace-patient'), '--fail-on', 'not-reached', '--format', 'json', '--output', join(out, 'wall.json'), '--no-history', '-q']);
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, 'wall.json'), 'utf8')) as ScanReport;
    expect(report.summary.pagesNotReached).toBe(1);
  });

  it('lists every page with its result in the HTML report, links PDF findings to their page and crops image claims', async () => {
    const file = join(out, 'scan.json');
    const r = await runCli(['report', file, '--format', 'html', '--output', join(out, 'scan.html'), '-q']);
    expect(r.code).toBe(0);
    const page = readFileSync(join(out, 'scan.html'), 'utf8');
    expect(page).toContain('id="pages-scanned"');
    for (const result of ['findings', 'clean', 'not-reached', 'failed']) expect(page).toContain(`data-result="${result}"`);
    expect(page).toContain('mur de consentement');
    expect(page).toContain(`${u('/brochure.pdf')}#page=2`);
    expect(page).toMatch(/id="image-claims"[\s\S]*<a class="crop" href="http:\/\/127\.0\.0\.1:\d+\/banner\.png"[^>]*><img src="data:image\/png;base64,/);
  });

  it('renders a page behind a consent button: clicks accept, records it, and finds the claims behind', async () => {
    const file = join(out, 'behind.json');
    const r = await runCli(['scan', u('/derriere'), '--format', 'json', '--output', file, '--no-history', '-q']);
    expect(r.code).toBe(0);
    const behind = JSON.parse(readFileSync(file, 'utf8')) as ScanReport;
    expect(behind.pages[0]).toMatchObject({ rendered: true, reached: { ok: true, steps: [expect.stringMatching(/accepted the consent banner \(clicked « Tout accepter »\)/)] } });
    expect(behind.findings.map((f) => f.text)).toContain(CLAIM);
  }, 90_000);
});
