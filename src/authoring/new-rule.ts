/**
 * `claimscan rules new`: turn a few answers into a commented rule file (and the pack's
 * manifest when the pack is new), valid as written. Nothing here prompts or prints: the CLI
 * asks the questions (ask-rule.ts) or reads flags, then writes the plan made here.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import type { Lang } from '../analysis/claims/language.js';
import { MANIFEST, shippedPacks } from '../analysis/rules/load.js';
import { readYamlFile } from '../analysis/rules/read-yaml.js';
import { ManifestSchema, type Manifest } from '../analysis/rules/schema.js';
import { categoryInfo, categoryTitleIn, knownCategories, type Category, type Severity } from '../model/taxonomy.js';
import { loadShippedCategories, shippedDefaultTopic } from '../analysis/rules/load.js';
import { UserError } from '../user-error.js';

/** A text, optionally tagged with its language (`fr:…` on the command line). */
export interface Tagged {
  lang?: Lang;
  text: string;
}

export interface NewRuleInput {
  packDir: string;
  /** for a new pack: its name (default: the folder name) and description */
  packName?: string;
  packDescription?: string;
  /** the rule's languages (default: those of its patterns, else the pack's) */
  languages?: Lang[];
  id: string;
  category: Category;
  severity?: Severity;
  description?: string;
  messages?: Tagged[];
  source: { document: string; title?: string; url?: string; quote: string };
  /** the topic sentences must be about (default: the pack's; for a new pack, the shipped pack's) */
  topic?: string;
  /** words naming `topic`, by language, when the pack should define it */
  topicAliases?: Record<Lang, string[]>;
  patterns: Tagged[];
  flag: Tagged[];
  pass?: Tagged[];
}

export interface NewRulePlan {
  packDir: string;
  packName: string;
  createdPack: boolean;
  ruleFile: string;
  ruleText: string;
  manifestFile: string;
  /** the manifest to write (new, or the existing one with a source or topic added), if it changes */
  manifestText?: string;
  /** the previous manifest, to restore if the result does not load */
  previousManifest?: string;
  languages: Lang[];
}

/** A problem with the answers, said the way a user can fix it. */
export class NewRuleError extends UserError {
  override name = 'NewRuleError';
}

export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/** The pack at `dir`, if there is one (its manifest parsed). */
export function readPack(dir: string): Manifest | undefined {
  const file = join(resolve(dir), MANIFEST);
  if (!existsSync(file)) return undefined;
  const parsed = ManifestSchema.safeParse(readYamlFile(file).data);
  if (!parsed.success) throw new NewRuleError(`${file} is not a valid manifest: fix it first (claimscan rules list --rules ${dir} shows what is wrong)`);
  return parsed.data;
}

/** Topics a rule can name: the pack's own and those of the shipped packs loaded by default. */
export function knownTopics(pack: Manifest | undefined): string[] {
  const ids = new Set(Object.keys(pack?.topics ?? {}));
  for (const p of shippedPacks().filter((s) => !s.optIn)) {
    const manifest = readPack(p.dir);
    for (const id of Object.keys(manifest?.topics ?? {})) ids.add(id);
  }
  return [...ids];
}

const q = (s: string) => JSON.stringify(s);
const list = (items: string[]) => `[${items.map(q).join(', ')}]`;

function slug(name: string): string {
  return name.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|-+$/g, '') || 'my-rules';
}

function defaultMessage(category: Category, document: string, lang: Lang): string {
  const title = categoryTitleIn(category, 'en');
  if (lang === 'fr') return `Allégation non étayée (${category}) : voir la phrase citée de ${document}.`;
  return `${title}: the claim is not supported, see the quoted sentence of ${document}.`;
}

/** Work out everything to write; throws NewRuleError when the answers cannot make a valid rule. */
export function planNewRule(input: NewRuleInput): NewRulePlan {
  const packDir = resolve(input.packDir);
  const pack = readPack(packDir);
  if (!ID_PATTERN.test(input.id)) throw new NewRuleError(`rule id "${input.id}": use lower-case letters, digits, ".", "_" or "-"`);
  if (!categoryInfo(input.category) && !loadShippedCategories().some((c) => c.id === input.category)) {
    throw new NewRuleError(`"${input.category}" is not a category; one of: ${knownCategories().map((c) => c.id).join(', ')}`);
  }
  const ruleFile = join(packDir, `${input.id}.yaml`);
  if (existsSync(ruleFile)) throw new NewRuleError(`${ruleFile} already exists: pick another id, or add the rule to that file by hand`);
  if (input.source.quote.trim().length < 10) throw new NewRuleError('quote the sentence of the source that refutes the claim (10 characters or more)');
  if (!input.patterns.length) throw new NewRuleError('give at least one pattern (the words of the claim)');
  if (!input.flag.length) throw new NewRuleError('give at least one example sentence the rule must flag');

  // Languages: as asked, else those the patterns are tagged with, else the pack's single one.
  const tagged = [...new Set(input.patterns.map((p) => p.lang).filter((l): l is Lang => Boolean(l)))];
  let languages = input.languages?.length ? input.languages : tagged.length ? tagged : pack?.languages.length === 1 ? pack.languages : undefined;
  if (!languages) {
    if (input.patterns.some((p) => !p.lang)) throw new NewRuleError(`which language is the pattern "${input.patterns[0].text}" in? Tag it (fr:${input.patterns[0].text}) or give the languages (--lang fr)`);
    languages = ['en'];
  }
  const patterns: Record<Lang, string[]> = {};
  for (const p of input.patterns) {
    const lang = p.lang ?? (languages.length === 1 ? languages[0] : undefined);
    if (!lang) throw new NewRuleError(`the rule has several languages (${languages.join(', ')}): tag the pattern "${p.text}" with one, e.g. ${languages[0]}:${p.text}`);
    (patterns[lang] ??= []).push(p.text);
  }
  const missing = languages.filter((l) => !patterns[l]?.length);
  if (missing.length) throw new NewRuleError(`no pattern for ${missing.join(', ')}: give one per language (${missing[0]}:…), or leave the language out`);

  const createdPack = !pack;
  const packName = pack?.name ?? slug(input.packName ?? basename(packDir));
  if (!ID_PATTERN.test(packName)) throw new NewRuleError(`pack name "${packName}": use lower-case letters, digits, ".", "_" or "-"`);
  const packLanguages = pack?.languages ?? languages;

  // Topic: a new one the pack defines, one that exists, or the pack's default.
  let topic = input.topic;
  const definesTopic = Boolean(topic && input.topicAliases && Object.values(input.topicAliases).some((a) => a.length) && !pack?.topics[topic]);
  if (topic && !definesTopic && topic !== 'none' && !knownTopics(pack).includes(topic)) {
    throw new NewRuleError(`unknown topic "${topic}": give the words that name it (--topic-alias ${languages[0]}:…) so the pack defines it, or use one of: ${knownTopics(pack).join(', ') || 'none'}`);
  }
  if (topic === 'none') topic = undefined;
  const packDefaultTopic = createdPack ? (topic ?? (input.topic === 'none' ? undefined : shippedDefaultTopic())) : pack!.defaultTopic;
  const ruleTopic = topic && topic !== packDefaultTopic ? topic : undefined;

  // Source: an existing document of the pack, or a new one it will list.
  const sources = pack?.sources ?? {};
  const newSource = !sources[input.source.document];
  if (!/^[A-Za-z0-9][\w.-]*$/.test(input.source.document)) throw new NewRuleError(`source document "${input.source.document}": a short name such as HAS or FICHE`);

  const messages: Record<Lang, string> = {};
  const untagged = input.messages?.find((m) => !m.lang);
  for (const lang of languages) {
    messages[lang] = input.messages?.find((m) => m.lang === lang)?.text ?? untagged?.text ?? defaultMessage(input.category, input.source.document, lang);
  }

  const ruleText = renderRule({ ...input, languages: sameSet(languages, packLanguages) ? undefined : languages, topic: ruleTopic, patterns, messages });
  const manifestFile = join(packDir, MANIFEST);
  let manifestText: string | undefined;
  let previousManifest: string | undefined;
  const topicDef = definesTopic ? { id: topic!, aliases: input.topicAliases! } : undefined;
  if (createdPack) {
    manifestText = renderManifest({
      name: packName,
      description: input.packDescription,
      languages: packLanguages,
      source: input.source,
      defaultTopic: packDefaultTopic,
      topic: topicDef,
    });
  } else if (newSource || topicDef) {
    previousManifest = readFileSync(manifestFile, 'utf8');
    manifestText = addToManifest(previousManifest, newSource ? input.source : undefined, topicDef);
  }
  return { packDir, packName, createdPack, ruleFile, ruleText, manifestFile, manifestText, previousManifest, languages };
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Write the plan's files; `undo` removes them again (used when the result does not load). */
export function writePlan(plan: NewRulePlan): { undo(): void } {
  if (plan.createdPack) mkdirSync(plan.packDir, { recursive: true });
  if (plan.manifestText !== undefined) writeFileSync(plan.manifestFile, plan.manifestText);
  writeFileSync(plan.ruleFile, plan.ruleText);
  return {
    undo() {
      rmSync(plan.ruleFile, { force: true });
      if (plan.createdPack) rmSync(plan.manifestFile, { force: true });
      else if (plan.previousManifest !== undefined) writeFileSync(plan.manifestFile, plan.previousManifest);
    },
  };
}

/** An example; its language is written only when the rule has several (else it is implied). */
function example(e: Tagged, languages: Lang[]): string {
  return e.lang && languages.length > 1 ? `{ text: ${q(e.text)}, lang: ${e.lang} }` : q(e.text);
}

interface RuleTemplate {
  id: string;
  category: Category;
  severity?: Severity;
  languages?: Lang[];
  topic?: string;
  description?: string;
  messages: Record<Lang, string>;
  source: { document: string; quote: string };
  patterns: Record<Lang, string[]>;
  flag: Tagged[];
  pass?: Tagged[];
}

/** The rule file, with comments that teach the format to whoever edits it next. */
export function renderRule(r: RuleTemplate): string {
  const severity = categoryInfo(r.category)?.severity ?? 'medium';
  const languages = r.languages ?? Object.keys(r.patterns);
  const hint = (field: string, comment: string) => `    # ${field.padEnd(26)}# ${comment}`;
  const lines = [
    `# Written by \`claimscan rules new\`. The rule-writing guide is rules/README.md in claimscan.`,
    `# Check this rule with:  claimscan rules test <this pack>    Explain it:  claimscan rules explain ${r.id}`,
    'rules:',
    `  - id: ${r.id}`,
    `    # ${categoryTitleIn(r.category, 'en')} — one of the claim categories (claimscan rules list).`,
    `    category: ${r.category}`,
    r.severity && r.severity !== severity ? `    severity: ${r.severity}` : hint(`severity: ${severity}`, "the category's default; low, medium or high to change it"),
    r.languages ? `    languages: [${r.languages.join(', ')}]` : hint('languages: [fr, en]', 'default: the languages of the pack'),
    r.topic ? `    topic: ${r.topic}` : hint(`topic: ${shippedDefaultTopic() ?? 'my-topic'}`, "what the sentence must be about; default: the pack's defaultTopic"),
    r.description ? `    description: ${q(r.description)}` : '    # description: "What the rule flags, in a sentence (shown by claimscan rules explain)."',
    '    # Shown with each finding, in the language of the page.',
    '    message:',
    ...Object.entries(r.messages).map(([lang, text]) => `      ${lang}: ${q(text)}`),
    '    # The document (a key of sources: in pack.yaml) and the sentence that refutes the claim.',
    '    source:',
    `      document: ${r.source.document}`,
    `      quote: ${q(r.source.quote)}`,
    '    # A sentence is flagged when a pattern matches and the sentence asserts it: negations,',
    '    # questions, reported speech and hypotheticals are left out for every rule.',
    '    # Phrases: words match any inflection · word* any word starting so · a|b one of them ·',
    '    # word? optional · _ any one word · ~N up to N words · @list a term list of pack.yaml ·',
    '    # (a b|c) a group. Also { near: [A, B], within: N }, { all: [A, B] }, { regex: "…" }.',
    '    patterns:',
    ...Object.entries(r.patterns).flatMap(([lang, ps]) => [`      ${lang}:`, ...ps.map((p) => `        - ${q(p)}`)]),
    hint('unless:', 'exceptions: a match one of these governs (before it, or in its clause) is not flagged'),
    `    #   ${Object.keys(r.patterns)[0]}: ["…"]`,
    hint('refutedBy:', 'counter-statements that take the claim back anywhere in the sentence ("…, but the risk remains")'),
    `    #   ${Object.keys(r.patterns)[0]}: ["…"]`,
    '    examples:',
    '      # Sentences the rule must flag, and sentences it must leave alone: claimscan rules test',
    '      # runs them through the whole analysis. Add the near misses you think of.',
    '      flag:',
    ...r.flag.map((e) => `        - ${example(e, languages)}`),
    ...(r.pass?.length ? ['      pass:', ...r.pass.map((e) => `        - ${example(e, languages)}`)] : ['      pass: []']),
  ];
  return lines.join('\n') + '\n';
}

interface ManifestTemplate {
  name: string;
  description?: string;
  languages: Lang[];
  source: { document: string; title?: string; url?: string };
  defaultTopic?: string;
  topic?: { id: string; aliases: Record<Lang, string[]> };
}

function sourceLines(s: ManifestTemplate['source'], indent: string): string[] {
  return [`${indent}${s.document}:`, `${indent}  title: ${q(s.title ?? s.document)}`, s.url ? `${indent}  url: ${q(s.url)}` : `${indent}  # url: https://…`];
}

function topicLines(t: NonNullable<ManifestTemplate['topic']>, indent: string): string[] {
  return [
    `${indent}${t.id}:`,
    `${indent}  # Words that name it; a sentence is about it when it, its heading or the page title names one.`,
    `${indent}  aliases:`,
    ...Object.entries(t.aliases).map(([lang, words]) => `${indent}    ${lang}: ${list(words)}`),
    `${indent}  # Other treatments: a heading or title naming only these is about something else.`,
    `${indent}  others: {}`,
  ];
}

/** A new pack's manifest, commented. */
export function renderManifest(m: ManifestTemplate): string {
  const lines = [
    `# Rule pack "${m.name}", created by \`claimscan rules new\`: this manifest, rule files (*.yaml) beside`,
    '# it, and fixture pages in tests/*.html. Guide: rules/README.md in claimscan.',
    '# Load it with:  claimscan scan <site> --rules <this folder>',
    `name: ${m.name}`,
    'version: 0.1.0',
    m.description ? `description: ${q(m.description)}` : '# description: "What the pack checks, in a sentence."',
    `languages: [${m.languages.join(', ')}]`,
    '# optIn: true         # load only when named (--rules <this folder>), not with a folder of packs',
    '',
    '# The documents rules cite, by the short name their source.document uses.',
    'sources:',
    ...sourceLines(m.source, '  '),
    '',
    m.defaultTopic
      ? `# The topic rules need unless they say otherwise${m.defaultTopic === shippedDefaultTopic() ? ` (${m.defaultTopic} is defined by the shipped pack)` : ''}.\ndefaultTopic: ${m.defaultTopic}`
      : `# defaultTopic: ${shippedDefaultTopic() ?? 'my-topic'}   # the topic rules need unless they say otherwise`,
    '',
    ...(m.topic
      ? ['# Topics this pack defines.', 'topics:', ...topicLines(m.topic, '  ')]
      : [
          '# topics:                    # a treatment of your own, and the words that name it',
          '#   my-treatment:',
          '#     aliases: { fr: [mon soin, mes soins], en: [my treatment] }',
        ]),
    '',
    '# Named term lists, used in patterns as @name.',
    '# terms:',
    '#   guarantee-words:',
    '#     fr: [garanti*, prouv*]',
    '#     en: [guaranteed, proven]',
  ];
  return lines.join('\n') + '\n';
}

/** The existing manifest with a source and/or a topic added, its comments kept. */
export function addToManifest(text: string, source: ManifestTemplate['source'] | undefined, topic: ManifestTemplate['topic'] | undefined): string {
  const doc = parseDocument(text);
  if (source) {
    if (!isMap(doc.get('sources'))) doc.set('sources', doc.createNode({}));
    doc.setIn(['sources', source.document], doc.createNode({ title: source.title ?? source.document, ...(source.url ? { url: source.url } : {}) }));
  }
  if (topic) {
    if (!isMap(doc.get('topics'))) doc.set('topics', doc.createNode({}));
    doc.setIn(['topics', topic.id], doc.createNode({ aliases: topic.aliases, others: {} }));
  }
  return doc.toString();
}
