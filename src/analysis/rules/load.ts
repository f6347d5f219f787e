/**
 * Loading rule packs: a pack is a folder with a `pack.yaml` manifest and rule files (`*.yaml`).
 * Every file is validated with zod; all problems are collected and reported together, each
 * naming the file, the rule and the field.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { PhraseError, type TermLists } from '../claims/phrase.js';
import { CompiledTopic } from '../claims/topic.js';
import { compilePattern, type CompiledPattern } from './compile-pattern.js';
import { fieldPath, RuleLoadError, RuleLoadErrors } from './errors.js';
import { readYamlFile, type YamlFile } from './read-yaml.js';
import type { CompiledRule, PackInfo } from './rule.js';
import { ManifestSchema, RuleFileSchema, RuleSchema, type Manifest, type Pattern, type RuleSpec } from './schema.js';
import { packIssueMessages } from './schema-errors.js';
import { knownCategories, registerCategories, type CategoryInfo, type Severity } from '../../model/taxonomy.js';
import { RuleSet } from './rule-set.js';
import { didYouMean } from './suggest.js';
import { BUILTIN_LANGUAGES_DIR, builtinLanguages, checkLanguage, readLanguageDir, useLanguages, type GlueRule, type LanguageTable } from '../languages/table.js';
import type { LanguageFields } from '../languages/schema.js';

export const MANIFEST = 'pack.yaml';

/** The packs shipped with claimscan, in `rules/` at the package root. */
export const BUILTIN_RULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../rules');

/** Changes a project config makes to loaded rules without editing them. */
export interface RuleOverrides {
  disable?: string[];
  severity?: Record<string, Severity>;
  /** more patterns for a rule, by language */
  extend?: Record<string, { patterns?: Record<string, Pattern[]>; unless?: Record<string, Pattern[]> }>;
}

export interface LoadOptions {
  /** load the shipped packs that are not opt-in (default true) */
  builtin?: boolean;
  /**
   * More packs: a pack folder, a folder of packs, `npm:<package>` (a package that ships a
   * pack), or the name of a pack shipped in `rules/` (how opt-in packs are loaded).
   */
  dirs?: string[];
  /** where relative folders and npm packages are looked up (default: the current folder) */
  cwd?: string;
  overrides?: RuleOverrides;
}

/** A pack folder found from what the user wrote. */
export interface PackLocation {
  dir: string;
  /** named directly (its own folder, a shipped pack's name, an npm package), not found inside a folder of packs */
  named: boolean;
}

/** Pack folders under `dir`: `dir` itself when it has a manifest, else its sub-folders that do. */
export function findPackDirs(dir: string): PackLocation[] {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new RuleLoadError(root, 'no such folder of rule packs');
  }
  if (existsSync(join(root, MANIFEST))) return [{ dir: root, named: true }];
  const packs = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, MANIFEST)))
    .map((d) => ({ dir: join(root, d.name), named: false }))
    .sort((a, b) => a.dir.localeCompare(b.dir));
  if (!packs.length) throw new RuleLoadError(root, `no rule pack here: a pack is a folder with a ${MANIFEST} manifest (see rules/README.md)`);
  return packs;
}

/** The packs shipped in `rules/`, by name (opt-in ones included), with their manifests. */
export function shippedPacks(): Array<{ name: string; dir: string; optIn: boolean; description?: string; manifest: z.infer<typeof ManifestSchema> }> {
  if (!existsSync(BUILTIN_RULES_DIR)) return [];
  const out = [];
  for (const d of readdirSync(BUILTIN_RULES_DIR, { withFileTypes: true })) {
    const file = join(BUILTIN_RULES_DIR, d.name, MANIFEST);
    if (!d.isDirectory() || !existsSync(file)) continue;
    const parsed = ManifestSchema.safeParse(readYamlFile(file).data);
    if (parsed.success) out.push({ name: parsed.data.name, dir: join(BUILTIN_RULES_DIR, d.name), optIn: parsed.data.optIn, description: parsed.data.description, manifest: parsed.data });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The default topic of the shipped packs loaded by default (what a new pack's rules are about unless told). */
export function shippedDefaultTopic(): string | undefined {
  return shippedPacks().find((p) => !p.optIn && p.manifest.defaultTopic)?.manifest.defaultTopic;
}

/**
 * Make the categories of the shipped packs known without compiling any rule (for commands that
 * render stored findings or write rules). Returns every category known afterwards.
 */
export function loadShippedCategories(): CategoryInfo[] {
  for (const p of shippedPacks()) {
    if (p.optIn) continue;
    registerCategories(Object.entries(p.manifest.categories).map(([id, c]) => ({ id, title: c.title, severity: c.severity, sources: c.sources, pack: p.name })));
  }
  return knownCategories();
}

/**
 * Where an npm package that ships a pack keeps it. The convention: the package's
 * `package.json` has `"claimscan": { "pack": "./pack" }` (a folder inside the package, or a
 * list of them); without that field, a package whose own folder holds a `pack.yaml` is a pack.
 * The package is looked up like Node does: `node_modules/<name>` in `cwd` and each parent.
 */
export function resolveNpmPack(name: string, cwd = process.cwd()): string[] {
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name)) throw new RuleLoadError(`npm:${name}`, 'not a valid npm package name');
  let pkgDir: string | undefined;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) {
      pkgDir = realpathSync(candidate);
      break;
    }
    if (dirname(dir) === dir) break;
  }
  if (!pkgDir) throw new RuleLoadError(`npm:${name}`, `package not found in node_modules from ${resolve(cwd)}: install it first (npm install --save-dev ${name})`);
  const pkgFile = join(pkgDir, 'package.json');
  let pkg: { claimscan?: { pack?: unknown } };
  try {
    pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  } catch (e) {
    throw new RuleLoadError(pkgFile, `not valid JSON: ${(e as Error).message}`);
  }
  const declared = pkg.claimscan?.pack;
  if (declared === undefined) {
    if (existsSync(join(pkgDir, MANIFEST))) return [pkgDir];
    throw new RuleLoadError(pkgFile, `package "${name}" does not ship a claimscan pack: its package.json needs "claimscan": { "pack": "./pack" } (see rules/README.md)`, undefined, 'claimscan.pack');
  }
  const entries = Array.isArray(declared) ? declared : [declared];
  return entries.map((entry, i) => {
    const field = Array.isArray(declared) ? `claimscan.pack[${i}]` : 'claimscan.pack';
    if (typeof entry !== 'string' || !entry) throw new RuleLoadError(pkgFile, 'a pack folder inside the package, such as "./pack"', undefined, field);
    const dir = resolve(pkgDir, entry);
    const inside = relative(pkgDir, dir);
    if (inside.startsWith('..') || isAbsolute(inside)) throw new RuleLoadError(pkgFile, `"${entry}" is outside the package`, undefined, field);
    if (!existsSync(join(dir, MANIFEST))) throw new RuleLoadError(pkgFile, `"${entry}" has no ${MANIFEST}`, undefined, field);
    return dir;
  });
}

/**
 * Pack specs written in a file at `dir` (a project config), made independent of the current
 * folder: relative folders become absolute, npm packages are looked up from `dir`, and the
 * name of a shipped pack stays a name.
 */
export function packSpecsRelativeTo(specs: string[], dir: string): string[] {
  return specs.flatMap((spec) => {
    if (spec.startsWith('npm:')) return resolveNpmPack(spec.slice(4), dir);
    const path = resolve(dir, spec);
    if (!existsSync(path) && shippedPacks().some((p) => p.name === spec)) return [spec];
    return [path];
  });
}

/** Resolve what a user wrote after `--rules` (or in a config) to pack folders. */
export function resolvePackSpec(spec: string, cwd = process.cwd()): PackLocation[] {
  if (spec.startsWith('npm:')) return resolveNpmPack(spec.slice(4), cwd).map((dir) => ({ dir, named: true }));
  const path = resolve(cwd, spec);
  if (existsSync(path)) return findPackDirs(path);
  const all = shippedPacks();
  const shipped = all.find((p) => p.name === spec);
  if (shipped) return [{ dir: shipped.dir, named: true }];
  const hints = [`shipped packs: ${all.map((p) => p.name).join(', ') || 'none'}`];
  if (existsSync(join(cwd, 'node_modules', spec))) hints.unshift(`for the npm package, write npm:${spec}`);
  throw new RuleLoadError(path, `no such folder of rule packs (${hints.join('; ')})`);
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
    return new RuleLoadError(file.file, issue.message, ruleId, field, file.lineOf(path));
  });
}

/**
 * Rule sets compiled in this process, by what they were loaded from: a process that loads the
 * same packs again (watch's scans, tests running the CLI in-process) reuses the compiled set
 * while the YAML files are unchanged (content, not modification time, decides).
 */
const compiled = new Map<string, { fingerprint: string; set: RuleSet }>();
const COMPILED_KEPT = 8;

/** Load packs, validate and compile every rule; throws RuleLoadErrors listing every problem. */
export function loadRuleSet(options: LoadOptions = {}): RuleSet {
  const locations = packLocations(options);
  const key = JSON.stringify({ builtin: options.builtin !== false, locations: locations.map((l) => [realpathSync(l.dir), l.named]), overrides: options.overrides ?? null });
  const fingerprint = yamlFingerprint(locations.map((l) => l.dir));
  const hit = compiled.get(key);
  if (hit && hit.fingerprint === fingerprint) {
    // what a load sets besides its result: the languages patterns compile with, the categories known
    useLanguages(hit.set.languages);
    registerCategories(hit.set.categories.values());
    return hit.set;
  }
  const set = compileRuleSet(locations, options);
  compiled.delete(key);
  compiled.set(key, { fingerprint, set });
  if (compiled.size > COMPILED_KEPT) compiled.delete(compiled.keys().next().value!);
  return set;
}

/** The YAML a load reads (each pack's files and languages/, the shipped languages), hashed. */
function yamlFingerprint(dirs: string[]): string {
  const hash = createHash('sha256');
  const yamlIn = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
    } catch {
      hash.update(`${dir}\0-\0`);
      return;
    }
    for (const name of names) {
      hash.update(`${dir}/${name}\0`);
      try {
        hash.update(readFileSync(join(dir, name)));
      } catch {
        hash.update('-');
      }
      hash.update('\0');
    }
  };
  yamlIn(BUILTIN_LANGUAGES_DIR);
  for (const dir of dirs) {
    yamlIn(dir);
    yamlIn(join(dir, 'languages'));
  }
  return hash.digest('hex');
}

/** The pack folders `options` name (the shipped ones first); throws RuleLoadErrors for those not found. */
function packLocations(options: LoadOptions): PackLocation[] {
  const errors: RuleLoadError[] = [];
  const cwd = options.cwd ?? process.cwd();
  const locations: PackLocation[] = [];
  const tryResolve = (resolveIt: () => PackLocation[]) => {
    try {
      locations.push(...resolveIt());
    } catch (e) {
      if (e instanceof RuleLoadError) errors.push(e);
      else throw e;
    }
  };
  if (options.builtin !== false) tryResolve(() => findPackDirs(BUILTIN_RULES_DIR));
  for (const spec of options.dirs ?? []) tryResolve(() => resolvePackSpec(spec, cwd));
  if (errors.length) throw new RuleLoadErrors(errors);
  return locations;
}

function compileRuleSet(locations: PackLocation[], options: LoadOptions): RuleSet {
  const errors: RuleLoadError[] = [];
  // The same folder named twice loads once. A pack found in a folder of packs and also named
  // (a shipped opt-in pack) takes the place of the naming, so packs load in the order given.
  const byDir = new Map<string, PackLocation>();
  for (const loc of locations) {
    const key = realpathSync(loc.dir);
    const seen = byDir.get(key);
    if (seen && (seen.named || !loc.named)) continue;
    byDir.delete(key);
    byDir.set(key, loc);
  }

  // First pass: manifests, so term lists and topics are known before any rule compiles.
  const packs: Array<PackFiles & { info: PackInfo }> = [];
  const seenPack = new Map<string, string>();
  for (const { dir, named } of byDir.values()) {
    const manifestPath = join(dir, MANIFEST);
    let manifestFile: YamlFile;
    try {
      manifestFile = readYamlFile(manifestPath);
    } catch (e) {
      errors.push(e as RuleLoadError);
      continue;
    }
    const parsed = ManifestSchema.safeParse(manifestFile.data, { error: packIssueMessages('manifest') });
    if (!parsed.success) {
      errors.push(...zodErrors(manifestFile, parsed.error, undefined, []));
      continue;
    }
    const manifest = parsed.data;
    // An opt-in pack found inside a folder of packs waits until it is named.
    if (manifest.optIn && !named) continue;
    if (seenPack.has(manifest.name)) {
      errors.push(new RuleLoadError(manifestPath, `pack name "${manifest.name}" is already used by ${seenPack.get(manifest.name)}`, undefined, 'name', manifestFile.lineOf(['name'])));
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

  const categories = packCategories(packs, errors);
  const languages = packLanguages(packs, errors);
  // Patterns and topics compile with the packs' languages (stems, repairs, glued words).
  useLanguages(languages);
  const listsOf = termListsFor(packs.map((p) => p.info.manifest));

  const topics = new Map<string, CompiledTopic>();
  const topicPack = new Map<string, string>();
  for (const p of packs) {
    for (const [id, def] of Object.entries(p.info.manifest.topics)) {
      const at = p.manifestFile.lineOf(['topics', id]);
      if (topicPack.has(id)) {
        errors.push(new RuleLoadError(p.manifestFile.file, `topic "${id}" is already defined by pack "${topicPack.get(id)}": rules of any pack can use it as it is; give yours another id`, undefined, `topics.${id}`, at));
        continue;
      }
      try {
        topics.set(id, new CompiledTopic({ id, aliases: def.aliases, others: def.others }, listsOf(p.info.manifest)));
        topicPack.set(id, p.info.name);
      } catch (e) {
        if (!(e instanceof PhraseError)) throw e;
        errors.push(new RuleLoadError(p.manifestFile.file, e.message, undefined, `topics.${id}`, at));
      }
    }
  }

  // Second pass: rules.
  const rules: CompiledRule[] = [];
  const seenRule = new Map<string, string>();
  for (const p of packs) {
    const defaultTopic = p.info.manifest.defaultTopic;
    if (defaultTopic && !topics.has(defaultTopic)) {
      errors.push(new RuleLoadError(p.manifestFile.file, unknownTopic(defaultTopic, topics), undefined, 'defaultTopic', p.manifestFile.lineOf(['defaultTopic'])));
    }
    const lists = listsOf(p.info.manifest);
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
        const parsed = RuleSchema.safeParse(raw, { error: packIssueMessages('rule') });
        if (!parsed.success) {
          errors.push(...zodErrors(yaml, parsed.error, rawId, ['rules', i]));
          return;
        }
        const spec = parsed.data;
        const at = (field: string[]) => yaml.lineOf(['rules', i, ...field]);
        if (seenRule.has(spec.id)) {
          errors.push(new RuleLoadError(file, `duplicate rule id, already defined in ${seenRule.get(spec.id)}: rule ids are unique across every loaded pack`, spec.id, 'id', at(['id'])));
          return;
        }
        seenRule.set(spec.id, file);
        const compiled = compileRule(spec, p.info, file, at(['id']) ?? undefined, lists, topics, categories, options.overrides, (field, problem) =>
          errors.push(new RuleLoadError(file, problem, spec.id, field, yaml.lineOf(['rules', i, ...field.split(/[.[\]]+/).filter(Boolean)]))),
        );
        if (compiled) rules.push(compiled);
      });
    }
  }
  for (const id of [...(options.overrides?.disable ?? []), ...Object.keys(options.overrides?.severity ?? {}), ...Object.keys(options.overrides?.extend ?? {})]) {
    if (!seenRule.has(id)) errors.push(new RuleLoadError('config', `no loaded rule has this id${didYouMean(id, seenRule.keys())} (see "claimscan rules list")`, id));
  }
  if (errors.length) throw new RuleLoadErrors(errors);
  registerCategories(categories.values());
  const disabled = new Set(options.overrides?.disable ?? []);
  return new RuleSet(
    packs.map((p) => p.info),
    rules.filter((r) => !disabled.has(r.id)),
    topics,
    languages,
    categories,
  );
}

/**
 * The categories the packs declare, in load order. A pack may declare a category another pack
 * declares too (to work alone as well), with the same severity: its titles in new languages are
 * added.
 */
function packCategories(packs: Array<PackFiles & { info: PackInfo }>, errors: RuleLoadError[]): Map<string, CategoryInfo> {
  const out = new Map<string, CategoryInfo>();
  for (const p of packs) {
    for (const [id, c] of Object.entries(p.info.manifest.categories)) {
      const at = p.manifestFile.lineOf(['categories', id]);
      const seen = out.get(id);
      if (seen) {
        if (seen.severity !== c.severity) {
          errors.push(new RuleLoadError(p.manifestFile.file, `category "${id}" is declared by pack "${seen.pack}" with severity ${seen.severity}: use the same (a rule can set its own severity)`, undefined, `categories.${id}.severity`, at));
        } else out.set(id, { ...seen, title: { ...c.title, ...seen.title } });
        continue;
      }
      const unknown = c.sources.filter((s) => !p.info.manifest.sources[s]);
      if (unknown.length) {
        errors.push(new RuleLoadError(p.manifestFile.file, `unknown document ${unknown.map((u) => `"${u}"`).join(', ')} (list it under sources:)`, undefined, `categories.${id}.sources`, at));
      }
      out.set(id, { id, title: c.title, severity: c.severity, sources: c.sources, pack: p.info.name });
    }
  }
  return out;
}

/**
 * The shipped languages, extended or completed by the packs, in load order: each pack's
 * `languages/*.yaml` files, its pack.yaml `polarity:` section, its topics' spellings and glued
 * words. Every language a pack's rules use must end up defined.
 */
function packLanguages(packs: Array<PackFiles & { info: PackInfo }>, errors: RuleLoadError[]): LanguageTable {
  let table = builtinLanguages();
  for (const p of packs) {
    const files = readLanguageDir(join(p.dir, 'languages'));
    for (const i of files.issues) errors.push(new RuleLoadError(i.file, i.message, undefined, i.field, i.line));
    const extensions: Array<LanguageFields & { lang: string }> = [...files.languages];
    for (const [lang, fields] of Object.entries(p.info.manifest.polarity ?? {})) {
      const issues = checkLanguage(fields, p.manifestFile.file, (path) => p.manifestFile.lineOf(path as Array<string | number>), ['polarity', lang]);
      for (const i of issues) errors.push(new RuleLoadError(i.file, i.message, undefined, i.field, i.line));
      if (!issues.length) extensions.push({ ...fields, lang });
    }
    const spelling: Record<string, Record<string, string>> = {};
    const glue: GlueRule[] = [];
    for (const topic of Object.values(p.info.manifest.topics)) {
      for (const [lang, words] of Object.entries(topic.spellings)) spelling[lang] = { ...spelling[lang], ...words };
      if (topic.glued) glue.push(topic.glued);
    }
    table = table.extended({ languages: extensions, spelling, glue });
  }
  for (const p of packs) {
    for (const lang of p.info.languages) {
      if (!table.get(lang)) {
        errors.push(new RuleLoadError(p.manifestFile.file, `no language file for "${lang}": add ${join(p.dir, 'languages', `${lang}.yaml`)} (see rules/languages/en.yaml) or a polarity.${lang} section`, undefined, 'languages', p.manifestFile.lineOf(['languages'])));
      }
    }
  }
  return table;
}

function compileRule(
  spec: RuleSpec,
  pack: PackInfo,
  file: string,
  line: number | undefined,
  lists: TermLists,
  topics: Map<string, CompiledTopic>,
  categories: Map<string, CategoryInfo>,
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
  if (topic && !topics.has(topic)) fail('topic', unknownTopic(topic, topics));
  const category = categories.get(spec.category);
  if (!category) {
    const known = [...categories.keys()];
    fail('category', `unknown category "${spec.category}"${didYouMean(spec.category, known)}: declare it under categories: in a pack.yaml, or load the pack that does${known.length ? ` (loaded: ${known.join(', ')})` : ''}`);
  }
  const sourceDoc = pack.manifest.sources[spec.source.document];
  if (!sourceDoc) {
    const known = Object.keys(pack.manifest.sources);
    fail('source.document', `unknown document "${spec.source.document}"${known.length ? ` (this pack cites: ${known.join(', ')})` : ' (list it under sources: in pack.yaml)'}`);
  }
  const extra = overrides?.extend?.[spec.id];
  const compileAll = (field: 'patterns' | 'unless' | 'refutedBy', byLang: Record<string, Pattern[]> | undefined, more?: Record<string, Pattern[]>) => {
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
  const refutedBy = compileAll('refutedBy', spec.refutedBy);
  for (const lang of languages) {
    if (!patterns.has(lang)) fail('patterns', `the rule is for ${lang} but has no ${lang} patterns`);
  }
  if (!ok) return undefined;
  return {
    id: spec.id,
    category: spec.category,
    severity: overrides?.severity?.[spec.id] ?? spec.severity ?? category!.severity,
    languages,
    topic,
    scope: spec.scope,
    ...(spec.reads ? { reads: spec.reads } : {}),
    description: spec.description,
    message: spec.message,
    source: { document: spec.source.document, title: sourceDoc?.title ?? spec.source.document, url: sourceDoc?.url, quote: spec.source.quote, section: spec.source.section, ...(spec.source.translation ? { translation: spec.source.translation } : {}) },
    pack,
    file,
    line,
    patterns,
    unless,
    refutedBy,
    examples: spec.examples,
    spec,
  };
}

function unknownTopic(id: string, topics: Map<string, CompiledTopic>): string {
  const known = [...topics.keys()];
  return `unknown topic "${id}"${didYouMean(id, known)}: define it under topics: in a pack.yaml${known.length ? ` (loaded topics: ${known.join(', ')})` : ''}`;
}

/**
 * Named term lists, seen from one pack: its own lists first, then those of the other loaded
 * packs in load order, so a pack can reuse a list of the shipped pack by name while a list it
 * defines never changes another pack's rules.
 */
function termListsFor(manifests: Manifest[]): (own: Manifest) => TermLists {
  return (own) => {
    const order = [own, ...manifests.filter((m) => m !== own)];
    return (name, lang) => {
      const byLang = order.find((m) => m.terms[name])?.terms[name];
      if (!byLang) return undefined;
      return byLang[lang] ?? [];
    };
  };
}
