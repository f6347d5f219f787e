/**
 * Loading rule packs: a pack is a folder with a `pack.yaml` manifest and rule files (`*.yaml`).
 * Every file is validated with zod; all problems are collected and reported together, each
 * naming the file, the rule and the field.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { PhraseError, type TermLists } from '../claims/phrase.js';
import { registerLexicon, LEXICONS, type PolarityLexicon } from '../claims/polarity.js';
import { CompiledTopic } from '../claims/topic.js';
import { compilePattern, type CompiledPattern } from './compile-pattern.js';
import { fieldPath, RuleLoadError, RuleLoadErrors } from './errors.js';
import { readYamlFile, type YamlFile } from './read-yaml.js';
import type { CompiledRule, PackInfo } from './rule.js';
import { ManifestSchema, RuleFileSchema, RuleSchema, type Pattern, type RuleSpec } from './schema.js';
import { CATEGORIES, type Severity } from './taxonomy.js';
import { RuleSet } from './rule-set.js';

export const MANIFEST = 'pack.yaml';

/** The packs shipped with claimscan, in `rules/` at the package root. */
export const BUILTIN_RULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../rules');

/** Changes a project config makes to loaded rules without editing them. */
export interface RuleOverrides {
  disable?: string[];
  severity?: Record<string, Severity>;
  /** more patterns for a rule, by language */
  extend?: Record<string, { patterns?: Record<string, Pattern[]>; unless?: Record<string, Pattern[]> }>;
}

export interface LoadOptions {
  /** load the shipped packs (default true) */
  builtin?: boolean;
  /** more pack folders, or folders of packs */
  dirs?: string[];
  overrides?: RuleOverrides;
}

/** Pack folders under `dir`: `dir` itself when it has a manifest, else its sub-folders that do. */
export function findPackDirs(dir: string): string[] {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new RuleLoadError(root, 'no such folder of rule packs');
  }
  if (existsSync(join(root, MANIFEST))) return [root];
  const packs = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, MANIFEST)))
    .map((d) => join(root, d.name))
    .sort();
  if (!packs.length) throw new RuleLoadError(root, `no rule pack here: a pack is a folder with a ${MANIFEST} manifest (see rules/README.md)`);
  return packs;
}

interface PackFiles {
  dir: string;
  manifestFile: YamlFile;
  ruleFiles: string[];
}

function zodErrors(file: YamlFile, error: z.ZodError, ruleId: string | undefined, basePath: Array<string | number>): RuleLoadError[] {
  return error.issues.map((issue) => {
    const path = [...basePath, ...(issue.path as Array<string | number>)];
    const field = fieldPath(issue.path as PropertyKey[]) || undefined;
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
    return new RuleLoadError(file.file, message, ruleId, field, file.lineOf(path));
  });
}

/** Load packs, validate and compile every rule; throws RuleLoadErrors listing every problem. */
export function loadRuleSet(options: LoadOptions = {}): RuleSet {
  const errors: RuleLoadError[] = [];
  const dirs: string[] = [];
  const tryDirs = (d: string) => {
    try {
      dirs.push(...findPackDirs(d));
    } catch (e) {
      if (e instanceof RuleLoadError) errors.push(e);
      else throw e;
    }
  };
  if (options.builtin !== false) tryDirs(BUILTIN_RULES_DIR);
  for (const d of options.dirs ?? []) tryDirs(d);
  if (errors.length) throw new RuleLoadErrors(errors);

  // First pass: manifests, so term lists and topics from every pack are known to every rule.
  const packs: Array<PackFiles & { info: PackInfo }> = [];
  const seenPack = new Map<string, string>();
  for (const dir of [...new Set(dirs)]) {
    const manifestPath = join(dir, MANIFEST);
    let manifestFile: YamlFile;
    try {
      manifestFile = readYamlFile(manifestPath);
    } catch (e) {
      errors.push(e as RuleLoadError);
      continue;
    }
    const parsed = ManifestSchema.safeParse(manifestFile.data);
    if (!parsed.success) {
      errors.push(...zodErrors(manifestFile, parsed.error, undefined, []));
      continue;
    }
    const manifest = parsed.data;
    if (seenPack.has(manifest.name)) {
      errors.push(new RuleLoadError(manifestPath, `pack name "${manifest.name}" is already used by ${seenPack.get(manifest.name)}`, undefined, 'name'));
      continue;
    }
    seenPack.set(manifest.name, manifestPath);
    const ruleFiles = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f) && f !== MANIFEST)
      .sort()
      .map((f) => join(dir, f));
    packs.push({
      dir,
      manifestFile,
      ruleFiles,
      info: { name: manifest.name, version: manifest.version, description: manifest.description, languages: manifest.languages, dir, manifest },
    });
  }

  const terms = new Map<string, Record<string, string[]>>();
  for (const p of packs) {
    for (const [name, byLang] of Object.entries(p.info.manifest.terms)) {
      const merged = terms.get(name) ?? {};
      for (const [lang, list] of Object.entries(byLang)) merged[lang] = [...(merged[lang] ?? []), ...list];
      terms.set(name, merged);
    }
    for (const [lang, lex] of Object.entries(p.info.manifest.polarity ?? {})) {
      if (!LEXICONS[lang]) registerLexicon(lang, lex as PolarityLexicon);
    }
  }
  const lists: TermLists = (name, lang) => terms.get(name)?.[lang] ?? (terms.has(name) ? [] : undefined);

  const topics = new Map<string, CompiledTopic>();
  for (const p of packs) {
    for (const [id, def] of Object.entries(p.info.manifest.topics)) {
      try {
        topics.set(id, new CompiledTopic({ id, aliases: def.aliases, others: def.others }, lists));
      } catch (e) {
        if (!(e instanceof PhraseError)) throw e;
        errors.push(new RuleLoadError(p.manifestFile.file, e.message, undefined, `topics.${id}`, p.manifestFile.lineOf(['topics', id])));
      }
    }
  }

  // Second pass: rules.
  const rules: CompiledRule[] = [];
  const seenRule = new Map<string, string>();
  for (const p of packs) {
    const defaultTopic = p.info.manifest.defaultTopic;
    if (defaultTopic && !topics.has(defaultTopic)) {
      errors.push(new RuleLoadError(p.manifestFile.file, `unknown topic "${defaultTopic}"`, undefined, 'defaultTopic'));
    }
    for (const file of p.ruleFiles) {
      let yaml: YamlFile;
      try {
        yaml = readYamlFile(file);
      } catch (e) {
        errors.push(e as RuleLoadError);
        continue;
      }
      const fileParsed = RuleFileSchema.safeParse(yaml.data);
      if (!fileParsed.success) {
        errors.push(...zodErrors(yaml, fileParsed.error, undefined, []));
        continue;
      }
      fileParsed.data.rules.forEach((raw, i) => {
        const rawId = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : `#${i + 1}`;
        const parsed = RuleSchema.safeParse(raw);
        if (!parsed.success) {
          errors.push(...zodErrors(yaml, parsed.error, rawId, ['rules', i]));
          return;
        }
        const spec = parsed.data;
        const at = (field: string[]) => yaml.lineOf(['rules', i, ...field]);
        if (seenRule.has(spec.id)) {
          errors.push(new RuleLoadError(file, `duplicate rule id, already defined in ${seenRule.get(spec.id)}`, spec.id, 'id', at(['id'])));
          return;
        }
        seenRule.set(spec.id, file);
        const compiled = compileRule(spec, p.info, file, at(['id']) ?? undefined, lists, topics, options.overrides, (field, problem) =>
          errors.push(new RuleLoadError(file, problem, spec.id, field, yaml.lineOf(['rules', i, ...field.split(/[.[\]]+/).filter(Boolean)]))),
        );
        if (compiled) rules.push(compiled);
      });
    }
  }
  for (const id of [...(options.overrides?.disable ?? []), ...Object.keys(options.overrides?.severity ?? {}), ...Object.keys(options.overrides?.extend ?? {})]) {
    if (!seenRule.has(id)) errors.push(new RuleLoadError('config', `no loaded rule has this id (check the spelling, or "claimscan rules list")`, id));
  }
  if (errors.length) throw new RuleLoadErrors(errors);
  const disabled = new Set(options.overrides?.disable ?? []);
  return new RuleSet(
    packs.map((p) => p.info),
    rules.filter((r) => !disabled.has(r.id)),
    topics,
  );
}

function compileRule(
  spec: RuleSpec,
  pack: PackInfo,
  file: string,
  line: number | undefined,
  lists: TermLists,
  topics: Map<string, CompiledTopic>,
  overrides: RuleOverrides | undefined,
  report: (field: string, problem: string) => void,
): CompiledRule | undefined {
  let ok = true;
  const fail = (field: string, problem: string) => {
    ok = false;
    report(field, problem);
  };
  const languages = spec.languages ?? pack.languages;
  const topic = spec.topic ?? pack.manifest.defaultTopic;
  if (topic && !topics.has(topic)) fail('topic', `unknown topic "${topic}" (define it under topics: in a pack.yaml)`);
  const sourceDoc = pack.manifest.sources[spec.source.document];
  if (!sourceDoc) {
    const known = Object.keys(pack.manifest.sources);
    fail('source.document', `unknown document "${spec.source.document}"${known.length ? ` (this pack cites: ${known.join(', ')})` : ' (list it under sources: in pack.yaml)'}`);
  }
  const extra = overrides?.extend?.[spec.id];
  const compileAll = (field: 'patterns' | 'unless', byLang: Record<string, Pattern[]> | undefined, more?: Record<string, Pattern[]>) => {
    const out = new Map<string, CompiledPattern[]>();
    const langs = new Set([...Object.keys(byLang ?? {}), ...Object.keys(more ?? {})]);
    for (const lang of langs) {
      const list = [...(byLang?.[lang] ?? []), ...(more?.[lang] ?? [])];
      const compiled: CompiledPattern[] = [];
      list.forEach((pattern, j) => {
        try {
          compiled.push(compilePattern(pattern, lang, lists));
        } catch (e) {
          if (!(e instanceof PhraseError)) throw e;
          fail(`${field}.${lang}[${j}]`, e.message);
        }
      });
      out.set(lang, compiled);
    }
    return out;
  };
  const patterns = compileAll('patterns', spec.patterns, extra?.patterns);
  const unless = compileAll('unless', spec.unless, extra?.unless);
  for (const lang of languages) {
    if (!patterns.has(lang)) fail('patterns', `the rule is for ${lang} but has no ${lang} patterns`);
  }
  if (!ok) return undefined;
  return {
    id: spec.id,
    category: spec.category,
    severity: overrides?.severity?.[spec.id] ?? spec.severity ?? CATEGORIES[spec.category].severity,
    languages,
    topic,
    scope: spec.scope,
    description: spec.description,
    message: spec.message,
    source: { document: spec.source.document, title: sourceDoc?.title ?? spec.source.document, url: sourceDoc?.url, quote: spec.source.quote, section: spec.source.section },
    pack,
    file,
    line,
    patterns,
    unless,
    examples: spec.examples,
    spec,
  };
}

