/**
 * What a visitor does before reading a page, done in the rendered page and recorded: accept the
 * consent banner, confirm an age gate. Each step says what was clicked, so the report shows how
 * the content was reached. Also lists the large images the page shows (`<img>` and CSS
 * backgrounds), for `--ocr`. Called from the render pool.
 */
import type { Page } from 'playwright';
import type { ImageRef } from '../../model/page-snapshot.js';

/** Accept buttons of the consent tools French and English sites use most. */
const CONSENT_SELECTORS = [
  '#onetrust-accept-btn-handler',
  '#didomi-notice-agree-button',
  '#axeptio_btn_acceptAll',
  '#tarteaucitronPersonalize2',
  '#tarteaucitronAllAllowed',
  '#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll',
  '#CybotCookiebotDialogBodyButtonAccept',
  '.cmplz-accept',
  '.cc-allow',
  '.iubenda-cs-accept-btn',
  '#cookie_action_close_header',
  '[data-cookiefirst-action="accept"]',
];

const CONSENT_WORDS =
  "^(tout accepter|accepter tout|accepter et fermer|accepter et continuer|accepter les cookies|accepter|j['’]accepte|ok pour moi|d['’]accord|accept all( cookies)?|accept( cookies)?|allow all( cookies)?|i agree|agree|got it)$";
/** Buttons that confirm an age gate, on a page that asks the visitor's age. */
const AGE_WORDS =
  "^(oui|yes|entrer|enter|j['’]ai (plus de )?(18|21) ans|oui,? j['’]ai (plus de )?(18|21) ans|je suis majeur(e)?|je confirme|confirmer|i am (over )?(18|21)|i['’]m (over )?(18|21)|yes,? i am (over )?(18|21)|i am of legal age|continuer|continue)$";
const AGE_QUESTION = "(18|21) (ans|years)|âge légal|legal age|confirm(ez)? (your|votre) (age|âge)|age verification|vérification (de l'|d')âge|majeur";

/** Longest wait for the network to go quiet after a click. */
const SETTLE_MS = 2500;

/** Accept the consent banner, then confirm an age gate, when the page shows them. Returns what was done. */
export async function actAsVisitor(page: Page): Promise<string[]> {
  const steps: string[] = [];
  const consent = await clickFirst(page, CONSENT_SELECTORS, CONSENT_WORDS, undefined);
  if (consent) {
    steps.push(`accepted the consent banner (clicked « ${consent} »)`);
    await settle(page);
  }
  const age = await clickFirst(page, [], AGE_WORDS, AGE_QUESTION);
  if (age) {
    steps.push(`confirmed the age gate (clicked « ${age} »)`);
    await settle(page);
  }
  return steps;
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load', { timeout: SETTLE_MS }).catch(() => {});
  await page.waitForLoadState('networkidle', { timeout: SETTLE_MS }).catch(() => {});
}

/** Click the first visible element matching a selector, else a button whose words match; its label, or ''. */
function clickFirst(page: Page, selectors: string[], words: string, question: string | undefined): Promise<string> {
  return page
    .evaluate(
      ({ selectors, words, question }) => {
        const visible = (el: Element) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).position === 'fixed';
        const label = (el: Element) => ((el as HTMLElement).innerText || (el as HTMLInputElement).value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ');
        if (question && !new RegExp(question, 'i').test(document.body?.innerText ?? '')) return '';
        for (const sel of selectors) {
          const el = document.querySelector(sel);
          if (el && visible(el)) {
            const text = label(el) || sel;
            (el as HTMLElement).click();
            return text.slice(0, 60);
          }
        }
        const re = new RegExp(words, 'i');
        for (const el of Array.from(document.querySelectorAll('button, [role="button"], a, input[type="button"], input[type="submit"]'))) {
          const text = label(el);
          if (text.length <= 40 && re.test(text) && visible(el)) {
            (el as HTMLElement).click();
            return text;
          }
        }
        return '';
      },
      { selectors, words, question },
    )
    .catch(() => '');
}

/** Images shown at least this large (CSS pixels) are worth reading. */
export const MIN_IMAGE_WIDTH = 200;
export const MIN_IMAGE_HEIGHT = 60;

/** The large images of a rendered page: `<img>` (declared or laid-out size) and CSS background images. */
export function largeImages(page: Page, limit = 40): Promise<ImageRef[]> {
  return page
    .evaluate(
      ({ minW, minH, limit }) => {
        const out: Array<{ url: string; width: number; height: number; alt?: string }> = [];
        const seen = new Set<string>();
        const add = (raw: string, width: number, height: number, alt?: string) => {
          if (out.length >= limit || !raw || raw.startsWith('data:') || width < minW || height < minH) return;
          let url: string;
          try {
            url = new URL(raw, document.baseURI).href;
          } catch {
            return;
          }
          if (!/^https?:/.test(url) || seen.has(url)) return;
          seen.add(url);
          out.push({ url, width: Math.round(width), height: Math.round(height), ...(alt ? { alt } : {}) });
        };
        const all = document.body ? Array.from(document.body.querySelectorAll('*')).slice(0, 5000) : [];
        for (const el of all) {
          const rect = el.getBoundingClientRect();
          if (el instanceof HTMLImageElement) {
            const w = Math.max(rect.width, Number(el.getAttribute('width')) || 0);
            const h = Math.max(rect.height, Number(el.getAttribute('height')) || 0);
            add(el.currentSrc || el.src, w, h, el.alt || undefined);
            continue;
          }
          const bg = getComputedStyle(el).backgroundImage;
          if (bg && bg !== 'none') {
            const m = /url\(["']?([^"')]+)["']?\)/.exec(bg);
            if (m) add(m[1], rect.width, rect.height);
          }
        }
        return out;
      },
      { minW: MIN_IMAGE_WIDTH, minH: MIN_IMAGE_HEIGHT, limit },
    )
    .catch(() => []);
}
