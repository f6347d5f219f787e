/**
 * `claimscan rules explain <id>`: what a rule flags and why, its source sentence and its
 * examples (run live), generated from the compiled rule the matcher uses, so the explanation
 * cannot drift from what scans do.
 */
import type { Lang } from '../analysis/claims/language.js';
import type { colors as makeColors } from '../report/text-report.js';
import type { CompiledPattern } from '../analysis/rules/compile-pattern.js';
import { localized, type CompiledRule } from '../analysis/rules/rule.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import { categoryInfo, categoryTitleIn, type Severity } from '../model/taxonomy.js';
import { runExample, type ExampleResult } from './test-examples.js';

type Colors = ReturnType<typeof makeColors>;

export interface PatternView {
  kind: 'phrase' | 'near' | 'all' | 'regex';
  /** the pattern as written */
  source: string;
}

export interface RuleExplanation {
  id: string;
  pack: { name: string; version: string; dir: string };
  file: string;
  line?: number;
  category: string;
  categoryTitle: string;
  severity: Severity;
  /** where the severity comes from */
  severityFrom: 'rule' | 'category' | 'config';
  languages: Lang[];
  scope: 'sentence' | 'page';
  topic?: { id: string; name: string; aliases: Record<Lang, string[]> };
  description?: string;
  message: string | Record<Lang, string>;
  source: CompiledRule['source'];
  patterns: Record<Lang, PatternView[]>;
  unless: Record<Lang, PatternView[]>;
  refutedBy: Record<Lang, PatternView[]>;
  /** the named term lists the patterns use, as the matcher resolves them */
  termLists: Record<string, Record<Lang, string[]>>;
  examples: ExampleResult[];
}

const TERM_REF = /@([a-z0-9][a-z0-9_-]*)/g;

export function explainRule(rule: CompiledRule, ruleSet: RuleSet): RuleExplanation {
  const views = (byLang: Map<Lang, CompiledPattern[]>): Record<Lang, PatternView[]> =>
    Object.fromEntries([...byLang].map(([lang, list]) => [lang, list.map((p) => ({ kind: p.kind, source: p.source }))]));
  const patterns = views(rule.patterns);
  const unless = views(rule.unless);
  const refutedBy = views(rule.refutedBy);

  let topic: RuleExplanation['topic'];
  if (rule.topic) {
    const def = ruleSet.packs.map((p) => p.manifest.topics[rule.topic!]).find(Boolean);
    topic = { id: rule.topic, name: def?.name ? localized(def.name, rule.languages[0]) : rule.topic, aliases: def?.aliases ?? {} };
  }

  // Term lists as the loader resolves them: the rule's own pack first, then the others.
  const packsInOrder = [rule.pack, ...ruleSet.packs.filter((p) => p.dir !== rule.pack.dir)];
  const termLists: RuleExplanation['termLists'] = {};
  const pending = [...[...Object.values(patterns), ...Object.values(unless), ...Object.values(refutedBy)].flat().map((p) => p.source), ...Object.values(topic?.aliases ?? {}).flat()];
  while (pending.length) {
    for (const m of pending.pop()!.matchAll(TERM_REF)) {
      const name = m[1];
      if (termLists[name]) continue;
      const def = packsInOrder.find((p) => p.manifest.terms[name])?.manifest.terms[name];
      if (!def) continue;
      termLists[name] = def;
      pending.push(...Object.values(def).flat());
    }
  }

  const categoryDefault = (ruleSet.categories.get(rule.category) ?? categoryInfo(rule.category))?.severity;
  const severityFrom = rule.spec.severity === undefined ? (rule.severity === categoryDefault ? 'category' : 'config') : rule.severity === rule.spec.severity ? 'rule' : 'config';
  const examples = [
    ...rule.examples.flag.map((ex) => runExample(rule, ex, 'flag', ruleSet)),
    ...rule.examples.pass.map((ex) => runExample(rule, ex, 'pass', ruleSet)),
  ];
  return {
    id: rule.id,
    pack: { name: rule.pack.name, version: rule.pack.version, dir: rule.pack.dir },
    file: rule.file,
    line: rule.line,
    category: rule.category,
    categoryTitle: categoryTitleIn(rule.category, 'en'),
    severity: rule.severity,
    severityFrom,
    languages: rule.languages,
    scope: rule.scope,
    topic,
    description: rule.description,
    message: rule.message,
    source: rule.source,
    patterns,
    unless,
    refutedBy,
    termLists,
    examples,
  };
}

function kindLabel(p: PatternView): string {
  switch (p.kind) {
    case 'near':
      return `${p.source}  — both phrases, in either order, this many words apart at most`;
    case 'all':
      return `${p.source}  — every phrase, anywhere in the sentence`;
    case 'regex':
      return `${p.source}  — regular expression on the lower-case words`;
    default:
      return p.source;
  }
}

function preview(list: string[], max = 12): string {
  return list.length > max ? `${list.slice(0, max).join(', ')}, … (${list.length} entries)` : list.join(', ');
}

/** The explanation as terminal lines. */
export function formatExplanation(x: RuleExplanation, c: Colors): string[] {
  const out: string[] = [];
  const where = `${x.file}${x.line ? `:${x.line}` : ''}`;
  out.push(c.bold(`${x.id}`) + `  ${x.categoryTitle}`);
  out.push(`  pack      ${x.pack.name}@${x.pack.version}  ${c.dim(where)}`);
  out.push(`  category  ${x.category}   severity ${x.severity} ${c.dim(`(${x.severityFrom === 'category' ? 'the category default' : x.severityFrom === 'rule' ? 'set by the rule' : 'set by the config'})`)}`);
  out.push(`  languages ${x.languages.join(', ')}`);
  if (x.topic) {
    const aliases = Object.entries(x.topic.aliases).map(([lang, list]) => `${lang}: ${preview(list, 6)}`).join('; ');
    out.push(`  topic     ${x.topic.name} (${x.topic.id})${aliases ? c.dim(` — named by ${aliases}`) : ''}`);
  }

  out.push('', c.bold('What it flags'));
  if (x.description) out.push(`  ${x.description}`);
  const about = x.topic ? `about ${x.topic.name} (named in the sentence, its nearest heading naming a treatment, or the page title)` : '';
  if (x.scope === 'page') {
    out.push(`  A page${about ? ` ${about.replace(/ \(.*\)$/, '')}` : ''} that promotes it, where no sentence asserts any of the patterns below.`);
  } else {
    out.push(`  A sentence${about ? ` ${about}` : ''} that matches one of the patterns below and asserts it:`);
    out.push('  negated, questioned, reported or hypothetical statements are left out, as are sentences matching an exception.');
  }

  out.push('', c.bold('Why'));
  for (const lang of x.languages) out.push(`  ${lang}: ${localized(x.message, lang)}`);
  const title = x.source.title.startsWith(x.source.document) ? x.source.title : `${x.source.document} — ${x.source.title}`;
  out.push(`  Source: ${title}${x.source.section ? `, ${x.source.section}` : ''}`);
  out.push(`    "${x.source.quote}"`);
  if (x.source.url) out.push(c.dim(`    ${x.source.url}`));

  out.push('', c.bold('Patterns'));
  for (const [lang, list] of Object.entries(x.patterns)) {
    out.push(`  ${lang}:`);
    for (const p of list) out.push(`    ${kindLabel(p)}`);
  }
  if (Object.keys(x.unless).length) {
    out.push('', c.bold('Exceptions (unless)'));
    for (const [lang, list] of Object.entries(x.unless)) out.push(`  ${lang}: ${list.map((p) => p.source).join('  |  ')}`);
  }
  if (Object.keys(x.refutedBy).length) {
    out.push('', c.bold('Taken back anywhere in the sentence by (refutedBy)'));
    for (const [lang, list] of Object.entries(x.refutedBy)) out.push(`  ${lang}: ${list.map((p) => p.source).join('  |  ')}`);
  }
  if (Object.keys(x.termLists).length) {
    out.push('', c.bold('Term lists'));
    for (const [name, byLang] of Object.entries(x.termLists)) {
      for (const [lang, list] of Object.entries(byLang)) out.push(`  @${name} [${lang}]: ${preview(list)}`);
    }
  }

  out.push('', c.bold('Examples'));
  for (const e of x.examples) {
    const mark = e.ok ? c.green('✓') : c.red('✗');
    out.push(`  ${mark} ${e.kind === 'flag' ? 'flags ' : 'passes'} [${e.lang}] « ${e.text} »`);
    out.push(c.dim(`           ${e.got}`));
  }
  const failed = x.examples.filter((e) => !e.ok).length;
  if (failed) out.push(c.red(`  ${failed} example(s) do not behave as written: claimscan rules test ${x.pack.dir}`));
  return out;
}
