/**
 * The shape of rule packs on disk, validated with zod when a pack loads. Everything read from
 * a rule file passes through these schemas once; the rest of the code trusts the result.
 */
import { z } from 'zod';
import { CATEGORY_IDS, SEVERITIES } from '../../model/taxonomy.js';

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
    category: z.enum(CATEGORY_IDS),
    severity: z.enum(SEVERITIES).optional(),
    languages: z.array(lang).min(1).optional(),
    /** topic the sentence must be about; default: the pack's default topic */
    topic: z.string().optional(),
    /** "sentence" rules match sentences; a "page" rule fires when none of its patterns is asserted */
    scope: z.enum(['sentence', 'page']).default('sentence'),
    /** the kinds of text the rule reads (default: all): a broad rule may skip titles and headings */
    reads: z.array(z.enum(['title', 'meta', 'heading', 'text', 'list-item', 'cell', 'alt'])).min(1).optional(),
    description: z.string().optional(),
    message: LocalizedText,
    source: z
      .object({
        document: z.string().min(1),
        quote: z.string().min(10, 'quote the sentence of the source that refutes the claim'),
        section: z.string().optional(),
      })
      .strict(),
    patterns: PatternsByLang,
    /** exceptions: a sentence matching one of these is not flagged by this rule */
    unless: PatternsByLang.optional(),
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

export const TopicSchema = z
  .object({
    name: LocalizedText.optional(),
    aliases: TermsByLang,
    others: TermsByLang.default({}),
  })
  .strict();

export const PolaritySchema = z
  .object({
    negation: z.array(z.string()),
    negationAfterNe: z.array(z.string()).optional(),
    clauseBreaks: z.array(z.string()).default([]),
    reported: z.array(z.string()).default([]),
    refuted: z.array(z.string()).default([]),
    hypothetical: z.array(z.string()).default([]),
    doubleNegators: z.array(z.string()).default([]),
    verbLinks: z.array(z.string()).default([]),
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
    sources: z.record(z.string(), z.object({ title: z.string(), url: z.string().optional(), file: z.string().optional() }).strict()).default({}),
    /** topics this pack defines */
    topics: z.record(z.string(), TopicSchema).default({}),
    /** the topic rules need unless they say otherwise */
    defaultTopic: z.string().optional(),
    /** named term lists patterns refer to as @name */
    terms: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'a term list name is lower-case letters, digits, "_" or "-"'), TermsByLang).default({}),
    /** polarity words for languages claimscan does not know */
    polarity: z.record(lang, PolaritySchema).optional(),
  })
  .strict();
export type Manifest = z.infer<typeof ManifestSchema>;
