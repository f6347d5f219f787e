/**
 * The languages claimscan reads, as data: the shipped `rules/languages/*.yaml`, extended or
 * completed by the loaded packs (their `languages/*.yaml`, their pack.yaml `polarity:` sections,
 * and their topics' spellings and glued words). A rule set carries its table; the analysis
 * makes it the active one (`useLanguages`) before it reads sentences, since tokens, stems and
 * polarity cues depend on it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { lineFinder } from '../../yaml-lines.js';
import { emptyLanguage, extendLanguage, LanguageFileSchema, type LanguageDefinition, type LanguageFields } from './schema.js';

/** The languages shipped with claimscan. */
export const BUILTIN_LANGUAGES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../rules/languages');

/** One problem in a language file: which file, line and field, and why. */
export interface LanguageIssue {
  file: string;
  line?: number;
  field?: string;
  message: string;
}

/** Words glued to a prefix by some writers and split by others ("x-lift", "x lift", "xlift"). */
export interface GlueRule {
  prefixes: string[];
  /** suffix words; a trailing * stands for any ending */
  suffixes: string[];
}

// Deep imports: natural's index pulls in database drivers and prints dotenv lines to stdout.
const require = createRequire(import.meta.url);
export type Stemmer = { stem(word: string): string };
const stemmers = new Map<string, Stemmer | null>();

/** natural's stemmer of that file name (`porter_stemmer_fr`), null for "none"; throws when there is none such. */
export function stemmerNamed(name: string): Stemmer | null {
  if (name === 'none') return null;
  let s = stemmers.get(name);
  if (s === undefined) {
    let path: string;
    try {
      path = require.resolve(`natural/lib/natural/stemmers/${name}.js`);
    } catch {
      throw new Error(`no stemmer "${name}" in natural (see node_modules/natural/lib/natural/stemmers/, e.g. porter_stemmer_es)`);
    }
    const mod = require(path) as Stemmer & { default?: Stemmer };
    s = typeof mod.stem === 'function' ? mod : (mod.default ?? null);
    if (!s || typeof s.stem !== 'function') throw new Error(`natural's "${name}" is not a stemmer`);
    stemmers.set(name, s);
  }
  return s;
}

export class LanguageTable {
  private readonly glueFirst: Set<string>;
  private readonly glueSecond: RegExp | null;

  constructor(
    readonly languages: ReadonlyMap<string, LanguageDefinition>,
    readonly glue: GlueRule[] = [],
  ) {
    this.glueFirst = new Set(glue.flatMap((g) => g.prefixes));
    const suffixes = glue.flatMap((g) => g.suffixes).map((s) => (s.endsWith('*') ? `${escape(s.slice(0, -1))}\\w*` : escape(s)));
    this.glueSecond = suffixes.length ? new RegExp(`^(?:${suffixes.join('|')})$`) : null;
  }

  get(lang: string): LanguageDefinition | undefined {
    return this.languages.get(lang);
  }

  /** Do these two folded words make one ("skin" "boosters")? */
  glues(first: string, second: string): boolean {
    return this.glueFirst.has(first) && this.glueSecond !== null && this.glueSecond.test(second);
  }

  /** This table with more languages, extensions, spellings or glue. */
  extended(changes: { languages?: Array<LanguageFields & { lang: string; name?: string }>; spelling?: Record<string, Record<string, string>>; glue?: GlueRule[] }): LanguageTable {
    const langs = new Map(this.languages);
    for (const ext of changes.languages ?? []) langs.set(ext.lang, extendLanguage(langs.get(ext.lang) ?? emptyLanguage(ext.lang), ext));
    for (const [lang, spelling] of Object.entries(changes.spelling ?? {})) {
      langs.set(lang, extendLanguage(langs.get(lang) ?? emptyLanguage(lang), { spelling }));
    }
    return new LanguageTable(langs, [...this.glue, ...(changes.glue ?? [])]);
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Read and validate a language file. Returns its content, or every problem found (file, line,
 * field), never a partial language.
 */
export function readLanguageFile(file: string, text?: string): { language?: LanguageFields & { lang: string; name?: string }; issues: LanguageIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text ?? readFileSync(file, 'utf8'), { schema: 'core', lineCounter, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    return { issues: [{ file, line: e.linePos?.[0].line, message: `not valid YAML: ${e.message.split('\n')[0]}` }] };
  }
  // plain data, like rule packs: a tag the core schema does not know (!!js/function…) is refused, not read as a string
  const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tag) return { issues: [{ file, line: tag.linePos?.[0].line, message: `YAML tags are not allowed: ${tag.message.split(' at line')[0]}` }] };
  const lineOf = lineFinder(doc, lineCounter);
  const parsed = LanguageFileSchema.safeParse(doc.toJS({ maxAliasCount: 50 }));
  if (!parsed.success) {
    return {
      issues: parsed.error.issues.map((i) => ({ file, line: lineOf(i.path), field: fieldName(i.path) || undefined, message: i.message })),
    };
  }
  const issues = checkLanguage(parsed.data, file, lineOf);
  return issues.length ? { issues } : { language: parsed.data, issues };
}

/** Checks beyond the schema: the stemmer exists. */
export function checkLanguage(language: LanguageFields, file: string, lineOf: (path: PropertyKey[]) => number | undefined, at: PropertyKey[] = []): LanguageIssue[] {
  if (!language.stemmer) return [];
  try {
    stemmerNamed(language.stemmer);
    return [];
  } catch (e) {
    return [{ file, line: lineOf([...at, 'stemmer']), field: fieldName([...at, 'stemmer']), message: (e as Error).message }];
  }
}

function fieldName(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out;
}

/** The language files of a folder (`*.yaml`), sorted, validated; problems are collected. */
export function readLanguageDir(dir: string): { languages: Array<LanguageFields & { lang: string; name?: string }>; issues: LanguageIssue[] } {
  const languages: Array<LanguageFields & { lang: string; name?: string }> = [];
  const issues: LanguageIssue[] = [];
  if (!existsSync(dir)) return { languages, issues };
  for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const file = join(dir, name);
    const r = readLanguageFile(file);
    issues.push(...r.issues);
    if (!r.language) continue;
    const expected = name.replace(/\.ya?ml$/, '');
    if (r.language.lang !== expected) issues.push({ file, line: 1, field: 'lang', message: `the file is named ${name} but declares lang: ${r.language.lang}` });
    else languages.push(r.language);
  }
  return { languages, issues };
}

let builtin: LanguageTable | undefined;

/** The shipped languages (rules/languages/), loaded once. */
export function builtinLanguages(): LanguageTable {
  if (!builtin) {
    const { languages, issues } = readLanguageDir(BUILTIN_LANGUAGES_DIR);
    if (issues.length) throw new Error(issues.map((i) => `${i.file}${i.line ? `:${i.line}` : ''}: ${i.field ? `field "${i.field}": ` : ''}${i.message}`).join('\n'));
    builtin = new LanguageTable(new Map()).extended({ languages });
  }
  return builtin;
}

let active: LanguageTable | undefined;

/** The languages sentences are read with now. */
export function languages(): LanguageTable {
  return active ?? builtinLanguages();
}

/** Read sentences with this table from now on (a rule set's; the analysis calls it). */
export function useLanguages(table: LanguageTable): void {
  active = table;
}
