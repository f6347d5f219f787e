/**
 * Two static sections of the HTML report: every page scanned with its result (findings, clean,
 * not reached — with why —, failed), so a clean page is visibly clean and a wall is not taken
 * for one; and the claims read in images, each shown cropped to the claim from the image itself.
 */
import { escapeHtml as h, httpUrl } from '../escape.js';
import type { UiLang } from '../i18n.js';
import type { ScanReport } from '../../model/report-model.js';
import { pageResult, type PageResult } from '../summary.js';

const LABELS = {
  en: {
    pages: 'Pages scanned',
    findings: 'findings',
    clean: 'clean',
    'not-reached': 'not reached',
    failed: 'failed',
    skipped: 'skipped',
    steps: 'done first',
    pdf: 'PDF, pages read',
    images: 'images read',
    imagesTitle: 'Claims read in images',
    confidence: 'OCR confidence',
    more: 'and {n} more',
    kinds: { 'consent-wall': 'consent wall', 'age-gate': 'age gate', 'login-wall': 'login wall', 'bot-challenge': 'bot challenge', parked: 'parked domain', empty: 'empty page' },
  },
  fr: {
    pages: 'Pages analysées',
    findings: 'constats',
    clean: 'sans constat',
    'not-reached': 'non atteinte',
    failed: 'échec',
    skipped: 'ignorée',
    steps: 'fait d’abord',
    pdf: 'PDF, pages lues',
    images: 'images lues',
    imagesTitle: 'Allégations lues dans des images',
    confidence: 'confiance OCR',
    more: 'et {n} de plus',
    kinds: { 'consent-wall': 'mur de consentement', 'age-gate': 'contrôle d’âge', 'login-wall': 'page de connexion', 'bot-challenge': 'contrôle anti-robot', parked: 'domaine parqué', empty: 'page vide' },
  },
} as const;

/** Pages listed at most (the JSON report has them all). */
const MAX_PAGES = 2000;
/** Widest crop shown, in CSS pixels. */
const CROP_WIDTH = 560;

export function pagesSection(report: ScanReport, lang: UiLang): string {
  const t = LABELS[lang === 'fr' ? 'fr' : 'en'];
  if (!report.pages.length) return '';
  const counts: Record<PageResult, number> = { findings: 0, clean: 0, 'not-reached': 0, failed: 0, skipped: 0 };
  const rows: string[] = [];
  for (const p of report.pages) {
    const result = pageResult(p);
    counts[result]++;
    if (rows.length >= MAX_PAGES) continue;
    const href = httpUrl(p.finalUrl ?? p.url);
    const link = href ? `<a href="${h(href)}" rel="noopener noreferrer">${h(p.url)}</a>` : h(p.url);
    const what: string[] = [];
    if (result === 'findings') what.push(`${p.findings} ${t.findings}`);
    else what.push(t[result]);
    if (result === 'not-reached' && p.reached?.kind) what.push(`${t.kinds[p.reached.kind]}${p.reached.signals?.length ? ` — ${p.reached.signals.join('; ')}` : ''}`);
    if (result === 'failed') what.push([p.status || '', p.error ?? ''].join(' ').trim());
    if (p.reached?.steps?.length) what.push(`${t.steps}: ${p.reached.steps.join('; ')}`);
    if (p.pdfPages) what.push(`${t.pdf}: ${p.pdfPages.read}/${p.pdfPages.total}`);
    if (p.images) what.push(`${t.images}: ${p.images.read}${p.images.skipped?.length ? ` (${p.images.skipped.join('; ')})` : ''}`);
    if (p.note && result !== 'findings') what.push(p.note);
    rows.push(`<li class="page-${result}" data-result="${result}"><span class="badge">${h(t[result])}</span> ${link}${p.title ? ` — <i>${h(p.title)}</i>` : ''}<br><small>${h(what.slice(result === 'findings' ? 0 : 1).join(' · ') || what[0])}</small></li>`);
  }
  if (report.pages.length > MAX_PAGES) rows.push(`<li>${h(t.more.replace('{n}', String(report.pages.length - MAX_PAGES)))}</li>`);
  const tally = (['findings', 'clean', 'not-reached', 'failed', 'skipped'] as const)
    .filter((k) => counts[k])
    .map((k) => `${counts[k]} ${t[k]}`)
    .join(' · ');
  return `<details id="pages-scanned"${counts['not-reached'] ? ' open' : ''}><summary>${h(t.pages)} (${report.pages.length}: ${h(tally)})</summary><ul>${rows.join('')}</ul></details>`;
}

/** Origins of the images the report shows from their site, having no crop of its own (for its Content-Security-Policy). */
export function imageOrigins(report: ScanReport): string[] {
  const origins = new Set<string>();
  for (const f of report.findings) {
    const url = f.image && !f.image.crop && httpUrl(f.image.url);
    if (url) origins.add(new URL(url).origin);
  }
  return [...origins];
}

export function imageClaimsSection(report: ScanReport, lang: UiLang): string {
  const t = LABELS[lang === 'fr' ? 'fr' : 'en'];
  const items: string[] = [];
  for (const f of report.findings) {
    const img = f.image;
    const src = img && httpUrl(img.url);
    if (!img || !src || !(img.width > 0) || !(img.height > 0)) continue;
    // the claim's box with a margin, scaled to fit the width
    const pad = 12;
    const x = Math.max(0, img.box.x - pad);
    const y = Math.max(0, img.box.y - pad);
    const w = Math.min(img.width - x, img.box.width + 2 * pad);
    const hgt = Math.min(img.height - y, img.box.height + 2 * pad);
    const scale = Math.min(1, CROP_WIDTH / Math.max(1, w));
    const kept = img.crop && /^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(img.crop) ? img.crop : undefined;
    const crop = kept
      ? `<a class="crop" href="${h(src)}" rel="noopener noreferrer"><img src="${h(kept)}" alt="${h(f.text)}" style="max-width:${CROP_WIDTH}px;border:1px solid #ccc"></a>`
      : `<a class="crop" href="${h(src)}" rel="noopener noreferrer" style="display:block;position:relative;overflow:hidden;width:${Math.round(w * scale)}px;height:${Math.round(hgt * scale)}px"><img src="${h(src)}" alt="${h(f.text)}" referrerpolicy="no-referrer" style="position:absolute;max-width:none;left:${-Math.round(x * scale)}px;top:${-Math.round(y * scale)}px;width:${Math.round(img.width * scale)}px;height:${Math.round(img.height * scale)}px"></a>`;
    items.push(`<li data-finding="${h(f.id)}">${crop}<p>« ${h(f.text)} » — ${h(f.ruleId)} (${h(f.severity)}) · ${h(t.confidence)} ${h(img.confidence.toFixed(0))} % · ${h(f.url)}</p></li>`);
  }
  if (!items.length) return '';
  return `<section id="image-claims"><h2>${h(t.imagesTitle)}</h2><ul class="image-claims">${items.join('')}</ul></section>`;
}
