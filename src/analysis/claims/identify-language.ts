/**
 * Language identification that holds on one short sentence. Two views are combined: function
 * words and French accents (claims/language.ts), which are decisive on long text but see
 * nothing in "Mesotherapy has no side effects.", and franc-min's character trigram profiles,
 * which tell "has no side effects" from French but are unsteady on two words. When the two
 * together are still unsure, the caller is told so (`check` then runs both languages' rules).
 */
import { francAll } from 'franc-min';
import { languageScores, type Lang } from '../claims/language.js';

const ISO3: Record<string, string> = { fr: 'fra', en: 'eng' };
/** weight of franc's margin (0–1) against one function word */
const TRIGRAM_WEIGHT = 4;
/** a combined margin from which the answer is taken as sure */
const SURE = 2;

export interface LanguageGuess {
  lang: Lang;
  /** false: short or mixed text that could be either language */
  confident: boolean;
  /** > 0 leans French, < 0 English */
  margin: number;
}

/** French or English? `fallback` breaks an exact tie. */
export function identifyLanguage(text: string, fallback: Lang = 'en'): LanguageGuess {
  const sample = text.slice(0, 4000);
  const { fr, en } = languageScores(sample);
  let trigram = 0;
  if (/\p{L}{2}/u.test(sample)) {
    const ranked = francAll(sample, { only: [ISO3.fr, ISO3.en], minLength: 1 });
    const [best, second] = ranked;
    if (best && best[0] !== 'und') trigram = (best[0] === ISO3.fr ? 1 : -1) * (1 - (second?.[1] ?? 0));
  }
  const margin = fr - en + TRIGRAM_WEIGHT * trigram;
  const lang = margin > 0 ? 'fr' : margin < 0 ? 'en' : fallback;
  return { lang, confident: Math.abs(margin) >= SURE, margin: Math.round(margin * 100) / 100 };
}
