/** The languages claimscan ships patterns for. A rule pack may add others. */
export type Lang = string;
export const BUILTIN_LANGS = ['fr', 'en'] as const;

const FR_MARKERS = new Set(
  'le la les des du de un une et est sont pour avec sans dans sur par au aux ce cette ces vos votre nos notre qui que pas ne séance être très plus aucun aucune vous nous'.split(' '),
);
const EN_MARKERS = new Set(
  'the and is are for with of in on by to a an this your our we you it that not be can from at as'.split(' '),
);

/** `<html lang="fr-FR">` → `fr`; empty or unknown → undefined. */
export function langFromAttribute(value: string | undefined): Lang | undefined {
  const m = /^\s*([a-z]{2,3})\b/i.exec(value ?? '');
  return m ? m[1].toLowerCase() : undefined;
}

/** Guess French or English from function words; ties go to `fallback`. */
export function detectLanguage(text: string, fallback: Lang = 'en'): Lang {
  const { fr, en } = languageScores(text);
  if (fr === en) return fallback;
  return fr > en ? 'fr' : 'en';
}

/** How French and how English a text looks (function words, and accents for French). */
export function languageScores(text: string): { fr: number; en: number } {
  let fr = 0;
  let en = 0;
  const words = text.toLowerCase().slice(0, 20_000).split(/[^a-zà-ÿ]+/);
  for (const w of words) {
    if (FR_MARKERS.has(w)) fr++;
    if (EN_MARKERS.has(w)) en++;
  }
  // Accented letters are French evidence too (short texts have few function words).
  const accents = text.slice(0, 20_000).match(/[éèêàçùûôîœ]/gi)?.length ?? 0;
  fr += Math.min(accents, 10) / 2;
  return { fr, en };
}
