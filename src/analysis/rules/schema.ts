/**
 * The shape of rule packs on disk, validated with zod when a pack loads. Everything read from
 * a rule file passes through these schemas once; the rest of the code trusts the result.
 */
import { z } from 'zod';
import { SEVERITIES } from '../../model/taxonomy.js';
import { LanguageFields } from '../languages/schema.js';

/** a category id: lower-case words joined by dots or dashes ("safety.no-risk") */
export const CategoryId = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'a category id is lower-case letters, digits, "." or "-", such as safety.no-risk');

const lang = z.string().regex(/^[a-z]{2,3}$/, 'a language is a two- or three-letter code such as "fr" or "en"');
const phrase = z.string().trim().min(1, 'a pattern cannot be empty');

/** Text in one or several languages: a plain string, or `{ fr: "...", en: "..." }`. */
export const LocalizedText = z.union([z.string().min(1), z.record(lang, z.string().min(1))]);

const NearPattern = z
  .object({
    near: z.array(phrase).length(2, 'near takes exactly two phrases: [A, B]'),
    within: z.number().int().min(0).max(12).default(6),
  })
  .strict();
const AllPattern = z.object({ all: z.array(phrase).min(2, 'all takes two phrases or more') }).strict();
const RegexPattern = z
  .object({
    regex: z.string().min(1),
    flags: z.string().regex(/^[imsu]*$/, 'regex flags may be i, m, s and u').optional(),
  })
  .strict();
/** The object pattern kinds, by the key that names them (for precise error messages). */
export const PATTERN_KINDS = { near: NearPattern, all: AllPattern, regex: RegexPattern } as const;

/** A pattern: a phrase, or a proximity/conjunction of phrases, or a (checked) regular expression. */
export const Pattern = z.union([phrase, NearPattern, AllPattern, RegexPattern]);
export type Pattern = z.infer<typeof Pattern>;

/** Patterns by language: `{ fr: [...], en: [...] }`. */
const PatternsByLang = z.record(lang, z.array(Pattern).min(1, 'give at least one pattern'));

const Example = z.union([
  z.string().min(1),
  z
    .object({
      text: z.string().min(1),
      lang: lang.optional(),
      title: z.string().optional(),
      heading: z.string().optional(),
    })
    .strict(),
]);
export type Example = z.infer<typeof Example>;

export const RuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'an id is lower-case letters, digits, ".", "_" or "-"'),
    /** a category a loaded pack declares (pack.yaml `categories:`) */
    category: CategoryId,
    severity: z.enum(SEVERITIES).optional(),
    languages: z.array(lang).min(1).optional(),
    /** topic the sentence must be about; default: the pack's default topic */
    topic: z.string().optional(),
    /** "sentence" rules match sentences; a "page" rule fires when none of its patterns is asserted */
    scope: z.enum(['sentence', 'page']).default('sentence'),
    /** the kinds of text the rule reads (default: all): a broad rule may skip titles and headings */
    reads: z.array(z.enum(['title', 'meta', 'heading', 'subheading', 'text', 'list-item', 'cell', 'alt'])).min(1).optional(),
    description: z.string().optional(),
    message: LocalizedText,
    source: z
      .object({
        document: z.string().min(1),
        quote: z.string().min(10, 'quote the sentence of the source that refutes the claim'),
        section: z.string().optional(),
        /** the quote translated into other languages, shown (marked as a translation) on pages in those languages */
        translation: z.record(lang, z.string().min(1)).optional(),
      })
      .strict(),
    patterns: PatternsByLang,
    /** exceptions: a match one of these governs (before it, or in its clause) is not flagged by this rule */
    unless: PatternsByLang.optional(),
    /** counter-statements: anywhere in the sentence, they take this rule's claim back ("…, but the risk remains") */
    refutedBy: PatternsByLang.optional(),
    examples: z
      .object({
        flag: z.array(Example).default([]),
        pass: z.array(Example).default([]),
      })
      .strict()
      .refine((e) => e.flag.length > 0, { message: 'give at least one example the rule must flag', path: ['flag'] }),
    tags: z.array(z.string()).optional(),
  })
  .strict();
export type RuleSpec = z.infer<typeof RuleSchema>;

export const RuleFileSchema = z.object({ rules: z.array(z.unknown()).min(1, 'a rule file holds at least one rule') }).strict();

const TermsByLang = z.record(lang, z.array(phrase));

const foldedWord = z.string().regex(/^[a-z0-9]+$/, 'a folded word: lower-case letters and digits, no accents');

export const TopicSchema = z
  .object({
    name: LocalizedText.optional(),
    aliases: TermsByLang,
    others: TermsByLang.default({}),
    /** misspellings of the topic's words, repaired before matching: { fr: { therapi: therapie } } */
    spellings: z.record(lang, z.record(foldedWord, foldedWord)).default({}),
    /** words written glued or apart ("x-lift", "x lift", "xlift"): read as one word */
    glued: z
      .object({
        prefixes: z.array(foldedWord).min(1),
        suffixes: z.array(z.string().regex(/^[a-z0-9]+\*?$/, 'a folded word, optionally ending in * for any ending')).min(1),
      })
      .strict()
      .optional(),
  })
  .strict();

export const ManifestSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a pack name is lower-case letters, digits, ".", "_" or "-"'),
    version: z.string().regex(/^\d+\.\d+\.\d+([-+].*)?$/, 'a version looks like 1.2.0'),
    description: z.string().optional(),
    languages: z.array(lang).min(1),
    /**
     * An opt-in pack loads only when named (`--rules <its folder>`, `--rules <its name>` for a
     * shipped pack, `npm:<package>`), never as part of a folder of packs or by default.
     */
    optIn: z.boolean().default(false),
    /** documents rules cite, by the short name used in `source.document` */
    sources: z.record(z.string(), z.object({ title: z.string(), url: z.string().optional() }).strict()).default({}),
    /** the claim categories this pack declares; rules of any pack may use them */
    categories: z
      .record(
        CategoryId,
        z
          .object({
            title: z.record(lang, z.string().min(1)).refine((t) => Object.keys(t).length > 0, 'give a title in at least one language'),
            severity: z.enum(SEVERITIES),
            /** documents of this pack's `sources` that show such claims unsupported */
            sources: z.array(z.string()).default([]),
          })
          .strict(),
      )
      .default({}),
    /** topics this pack defines */
    topics: z.record(z.string(), TopicSchema).default({}),
    /** the topic rules need unless they say otherwise */
    defaultTopic: z.string().optional(),
    /** named term lists patterns refer to as @name */
    terms: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'a term list name is lower-case letters, digits, "_" or "-"'), TermsByLang).default({}),
    /**
     * Language cues by language (the fields of a language file, ../languages/schema.ts): extend
     * a loaded language (`fr: { criticalTitles: [...] }`) or define a new one. A pack can also
     * keep whole language files in its `languages/` folder.
     */
    polarity: z.record(lang, LanguageFields).optional(),
  })
  .strict();
export type Manifest = z.infer<typeof ManifestSchema>;
