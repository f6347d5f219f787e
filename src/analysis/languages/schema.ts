/**
 * The one schema of a language file (`rules/languages/fr.yaml`, a pack's `languages/es.yaml`,
 * or a pack.yaml `polarity: { fr: … }` section): everything the engine needs to read claims in
 * a language — polarity cues, token repairs, the stemmer. A file for a language already loaded
 * extends it (lists are added to, maps merged, settings replaced); a file for a new language
 * defines it. Words are folded (lower case, no accents); phrases use the rule pattern language.
 */
import { z } from 'zod';

const word = z.string().trim().min(1, 'an empty word');
const words = z.array(word);

export const LanguageFields = z
  .object({
    /** natural's stemmer, by its file name in natural/lib/natural/stemmers/ ("porter_stemmer_fr"), or "none" */
    stemmer: z.string().regex(/^(none|[a-z][a-z0-9_]*)$/, 'a stemmer file name of natural, such as porter_stemmer_fr, or none'),
    /** words that negate what follows them in the same clause */
    negation: words,
    /** words that negate only after one of `negationParticles` (French "plus": "n'est plus") */
    negationAfterNe: words,
    /** the particles `negationAfterNe` words need before them ("ne", "n") */
    negationParticles: words,
    /** negation words that only join negatives inside a negative claim ("ni", "nor") */
    negativeConcord: words,
    /** negations that reverse even a negative claim right after them ("pas" sans risque) */
    doubleNegators: words,
    /** particles and verbs tying an earlier negation to a later negative claim ("n'est sans") */
    verbLinks: words,
    /** coordinating conjunctions: a negation before one does not reach a new predicate after it ("sans danger et ses résultats sont garantis") */
    coordinators: words,
    /** negations written as a prefix of the next word (« non chirurgical », "non-invasive", « non seulement »): they negate that word only */
    prefixNegation: words,
    /** negations that govern the noun phrase after them ("sans", "without"): a coordinator ends their reach (« sans risque et efficace ») */
    privativeNegation: words,
    /** words or phrases that start a new clause ("mais", "but") */
    clauseBreaks: words,
    /** words or phrases that make what follows hypothetical in the same clause ("si", "if") */
    hypothetical: words,
    /** hypothetical words that open a hypothesis only before one of the listed words ("si" + subject) */
    hypotheticalBefore: z.record(word, words),
    /** a conditional mood marked by verb endings (French -rait, -raient), or null for none */
    conditionalMood: z
      .object({
        endings: words.min(1, 'give at least one ending'),
        /** shortest word that can be such a verb */
        minLength: z.number().int().min(1).default(1),
        /** words ending so that are not conditional ("parait") */
        notEndings: words.default([]),
        /** words that are not verbs ("portrait") */
        except: words.default([]),
      })
      .strict()
      .nullable(),
    /** openings that make a sentence a question without a question mark ("est-ce que") */
    questionOpeners: words,
    /** openings of rhetorical questions, which assert ("who needs") */
    rhetorical: words,
    /** phrases that report or attribute what follows ("ses promoteurs affirment") */
    reported: words,
    /** set phrases that hold a reporting word but report nothing ("c'est-à-dire"): no reported match inside them */
    notReported: words,
    /** set phrases that open a wish, not a hypothesis ("if you want", « si vous souhaitez »): the sentence answers it */
    notHypothetical: words,
    /** phrases that refute the sentence wherever they stand ("aucune étude", "no evidence") */
    refuted: words,
    /** phrases that, ending a sentence, deny what came before ("… toujours pas") */
    refutedTail: words,
    /** words of a page title announcing a critical piece ("enquête", "myths") */
    criticalTitles: words,
    /** words cut at an apostrophe: `isn` + `'t` → `is not` */
    contractions: z
      .object({ clitic: word, insert: word, words: z.record(word, word) })
      .strict()
      .nullable(),
    /** words that are two words ("cannot" → [can, not]) */
    splits: z.record(word, z.array(word).min(2, 'a split gives two words or more')),
    /** spelling repairs before stemming ("effet" → "effets") */
    spelling: z.record(word, word),
  })
  .partial()
  .strict();
export type LanguageFields = z.infer<typeof LanguageFields>;

export const LANGUAGE_CODE = z.string().regex(/^[a-z]{2,3}$/, 'a language is a two- or three-letter code such as "fr" or "en"');

/** A language file: its code, a name, and any of the fields above. */
export const LanguageFileSchema = LanguageFields.extend({
  lang: LANGUAGE_CODE,
  name: z.string().min(1).optional(),
}).strict();
export type LanguageFile = z.infer<typeof LanguageFileSchema>;

/** A language with every field present (after defaults and extensions). */
export interface LanguageDefinition extends Required<Omit<LanguageFields, 'conditionalMood' | 'contractions'>> {
  lang: string;
  name: string;
  conditionalMood: NonNullable<LanguageFields['conditionalMood']> | null;
  contractions: NonNullable<LanguageFields['contractions']> | null;
}

/** A new language, all lists empty, no stemmer. */
export function emptyLanguage(lang: string): LanguageDefinition {
  return {
    lang, name: lang, stemmer: 'none', negation: [], negationAfterNe: [], negationParticles: [], negativeConcord: [], doubleNegators: [],
    verbLinks: [], coordinators: [], prefixNegation: [], privativeNegation: [], clauseBreaks: [], hypothetical: [], hypotheticalBefore: {}, conditionalMood: null, questionOpeners: [], rhetorical: [],
    reported: [], notReported: [], notHypothetical: [], refuted: [], refutedTail: [], criticalTitles: [], contractions: null, splits: {}, spelling: {},
  };
}

/** `base` extended by `ext`: lists added to (no duplicates), maps merged, settings replaced. */
export function extendLanguage(base: LanguageDefinition, ext: LanguageFields & { name?: string }): LanguageDefinition {
  const out: LanguageDefinition = { ...base };
  const rec = out as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(ext)) {
    if (value === undefined) continue;
    const had = rec[key];
    if (Array.isArray(value)) rec[key] = [...new Set([...((had as string[]) ?? []), ...value])];
    else if (key === 'hypotheticalBefore' && had && typeof value === 'object') {
      const merged: Record<string, string[]> = { ...(had as Record<string, string[]>) };
      for (const [k, v] of Object.entries(value as Record<string, string[]>)) merged[k] = [...new Set([...(merged[k] ?? []), ...v])];
      rec[key] = merged;
    } else if ((key === 'splits' || key === 'spelling') && had && typeof value === 'object') rec[key] = { ...(had as object), ...(value as object) };
    else rec[key] = value;
  }
  return out;
}
