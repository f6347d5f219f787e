/**
 * Error messages for rule packs that say what to write, not what zod expected: "missing: cite
 * the document and the sentence that refutes the claim…", "\"efficacy.magic\" is not a
 * category… (did you mean …)". Used as the `error` option when a manifest or rule is parsed.
 */
import type { z } from 'zod';
import { ManifestSchema, PATTERN_KINDS, RuleSchema } from './schema.js';
import { didYouMean } from './suggest.js';

type Issue = z.core.$ZodRawIssue;

/** What to write when a field is missing, by field name. */
const MISSING: Record<string, string> = {
  rules: 'a rule file is "rules:" followed by a list of rules',
  id: 'every rule needs an id (lower-case letters, digits, ".", "_" or "-")',
  category: 'the claim category: an id a loaded pack declares under categories: (see claimscan rules list)',
  message: 'the message shown with each finding: a text, or one per language { fr: "…", en: "…" }',
  source: 'cite the document and the sentence that refutes the claim: source: { document: <a key of sources: in pack.yaml>, quote: "…" }',
  document: 'the short name of the cited document (a key of sources: in pack.yaml)',
  quote: 'the sentence of the source that refutes the claim',
  patterns: 'the phrases that find the claim, by language: patterns: { en: ["…"] }',
  examples: 'examples: { flag: ["a sentence the rule must flag"], pass: ["one it must leave alone"] }',
  name: 'the pack name (lower-case letters, digits, ".", "_" or "-")',
  version: 'the pack version, such as 1.0.0',
  languages: 'the languages the pack has patterns for, such as [fr, en]',
  aliases: 'the words that name the topic, by language: aliases: { en: ["…"] }',
  title: 'the full title of the document',
  text: 'the example sentence',
  near: 'two phrases: near: [A, B]',
  all: 'two phrases or more: all: [A, B]',
  regex: 'the regular expression',
};

const KNOWN_KEYS: Record<string, string[]> = {
  rule: Object.keys(RuleSchema.shape),
  manifest: Object.keys(ManifestSchema.shape),
  source: ['document', 'quote', 'section', 'translation'],
  examples: ['flag', 'pass'],
  topic: ['name', 'aliases', 'others'],
  sourceDoc: ['title', 'url', 'file'],
  example: ['text', 'lang', 'title', 'heading'],
};

const PATTERN_HELP = 'a pattern is a phrase in quotes, { near: [A, B], within: N }, { all: [A, B] } or { regex: "…" }';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return `an object with ${Object.keys(value as object).map((k) => `"${k}"`).join(', ') || 'no keys'}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Which object a path points into, for the list of fields it may hold. */
function objectKind(schema: 'rule' | 'manifest', path: ReadonlyArray<PropertyKey>): string | undefined {
  const last = path[path.length - 1];
  if (schema === 'rule') {
    if (!path.length) return 'rule';
    if (last === 'source' || last === 'examples') return String(last);
    if (path[0] === 'examples') return 'example';
    return undefined;
  }
  if (!path.length) return 'manifest';
  if (path[0] === 'topics' && path.length === 2) return 'topic';
  if (path[0] === 'sources' && path.length === 2) return 'sourceDoc';
  return undefined;
}

/** An error map for `safeParse(data, { error })`: returns a message, or undefined for zod's. */
export function packIssueMessages(schema: 'rule' | 'manifest'): (issue: Issue) => string | undefined {
  return (issue) => {
    const path = issue.path ?? [];
    const last = path[path.length - 1];
    switch (issue.code) {
      case 'invalid_type':
        if (issue.input === undefined) return `missing: ${MISSING[String(last)] ?? `expected ${issue.expected}`}`;
        return `expected ${issue.expected}, got ${describe(issue.input)}`;
      case 'invalid_value': {
        const values = (issue.values as unknown[]).map(String);
        const what = last === 'category' ? 'claim category' : last === 'severity' ? 'severity' : 'value';
        return `"${String(issue.input)}" is not a ${what}${didYouMean(String(issue.input), values)}; use one of: ${values.join(', ')}`;
      }
      case 'unrecognized_keys': {
        const kind = objectKind(schema, path);
        const known = kind ? KNOWN_KEYS[kind] : [];
        return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"${didYouMean(k, known)}`).join(', ')}${known.length ? `; this place takes ${known.join(', ')}` : ''}`;
      }
      case 'invalid_union': {
        if (path.includes('patterns') || path.includes('unless') || path.includes('refutedBy')) {
          const input = issue.input;
          if (input && typeof input === 'object' && !Array.isArray(input)) {
            const kind = Object.keys(PATTERN_KINDS).find((k) => k in (input as object)) as keyof typeof PATTERN_KINDS | undefined;
            if (kind) {
              const sub = PATTERN_KINDS[kind].safeParse(input, { error: packIssueMessages(schema) });
              if (!sub.success) return sub.error.issues.map((i) => i.message).join('; ');
            }
          }
          return `${PATTERN_HELP}, not ${describe(input)}`;
        }
        if (last === 'message' || last === 'name') return `a text, or one per language { fr: "…", en: "…" }, not ${describe(issue.input)}`;
        if (path.includes('examples')) return `an example is a sentence in quotes, or { text: "…", lang, title, heading }, not ${describe(issue.input)}`;
        return undefined;
      }
      default:
        return undefined;
    }
  };
}

