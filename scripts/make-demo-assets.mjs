/**
 * Makes the demo site's brochure (PDF) and banner (PNG): `node scripts/make-demo-assets.mjs`.
 * The files are committed; run this again only to change them. The banner is a Chromium
 * screenshot of styled text, as a site's designer would export it.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { makePdf } from './make-pdf.mjs';

const site = fileURLToPath(new URL('../demo/site/', import.meta.url));

writeFileSync(
  `${site}brochure-mesotherapie.pdf`,
  makePdf(
    [
      {
        lines: [
          { text: 'Clinique des Tilleuls', size: 22 },
          { text: 'Brochure de nos soins de mésothérapie esthétique.' },
          { text: 'Consultation préalable obligatoire avec l’un de nos médecins.' },
          { text: 'Séance de mésolift visage : 120 €.' },
        ],
      },
      {
        lines: [
          { text: 'Silhouette', size: 18 },
          { text: 'La mésothérapie élimine définitivement la cellulite, sans aucun effet secondaire.' },
          { text: 'Cure de six séances : 540 €.' },
        ],
      },
    ],
    { title: 'Brochure mésothérapie - Clinique des Tilleuls' },
  ),
);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: 960, height: 220 } });
  await page.setContent(
    '<body style="margin:0"><div style="width:960px;height:220px;background:linear-gradient(100deg,#7a3b69,#c06c84);color:#fff;font:bold 40px sans-serif;display:flex;flex-direction:column;justify-content:center;padding-left:48px;box-sizing:border-box"><div>Mésolift : résultats visibles garantis,</div><div>sans danger</div><div style="font:24px sans-serif;margin-top:12px">Offre de printemps – Clinique des Tilleuls</div></div></body>',
  );
  writeFileSync(`${site}banniere-mesolift.png`, await page.screenshot({ type: 'png' }));
} finally {
  await browser.close();
}
