/**
 * Every rule carries examples it must flag and examples it must let pass; this runs them
 * (`claimscan rules test`, and the test suite). Like Semgrep's `--test`, for rules as data.
 */
import { detectLanguage, type Lang } from '../analysis/claims/language.js';
import type { TextBlock } from '../model/blocks.js';
import { analyzeBlocks } from '../analysis/analyze-page.js';
import { localized, type CompiledRule } from '../analysis/rules/rule.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import type { Example } from '../analysis/rules/schema.js';

export interface ExampleResult {
  ruleId: string;
  kind: 'flag' | 'pass';
  text: string;
  lang: Lang;
  ok: boolean;
  /** what the rule did: the matched span, or why nothing was flagged */
  got: string;
}

function topicName(rule: CompiledRule, ruleSet: RuleSet, lang: Lang): string {
  if (!rule.topic) return '';
  for (const pack of ruleSet.packs) {
    const def = pack.manifest.topics[rule.topic];
    if (def) return def.name ? localized(def.name, lang) : rule.topic;
  }
  return rule.topic;
}

/**
 * The language of an example without `lang`: the rule's only one, else detected. A short
 * sentence often holds no function word either way; then accents say French.
 */
export function exampleLanguage(text: string, languages: Lang[]): Lang {
  if (languages.length === 1) return languages[0];
  const guess = detectLanguage(text, 'fr');
  const decided = guess === detectLanguage(text, 'en');
  if (decided && languages.includes(guess)) return guess;
  if (languages.includes('fr') && /[àâçéèêëîïôùûüÿœ]/i.test(text)) return 'fr';
  return languages.includes('en') ? 'en' : languages[0];
}

/** Run one example through the whole analysis and see whether `rule` fired. */
export function runExample(rule: CompiledRule, example: Example, kind: 'flag' | 'pass', ruleSet: RuleSet): ExampleResult {
  const ex = typeof example === 'string' ? { text: example } : example;
  const lang = ex.lang ?? exampleLanguage(ex.text, rule.languages);
  const title = ex.title ?? topicName(rule, ruleSet, lang);
  const blocks: TextBlock[] = [];
  if (title) blocks.push({ kind: 'title', text: title, headingPath: [] });
  blocks.push({ kind: 'text', text: ex.text, headingPath: ex.heading ? [ex.heading] : [] });
  const { findings, explanation } = analyzeBlocks(blocks, title, lang, 'example:', ruleSet, true);
  const mine = findings.filter((f) => f.ruleId === rule.id);
  const fired = mine.length > 0;
  let got: string;
  if (fired) got = mine[0].match ? `flagged "${mine[0].match}"` : 'flagged the page';
  else {
    const traces = (explanation ?? []).flatMap((s) => s.rules.filter((r) => r.ruleId === rule.id));
    got = traces.length ? `not flagged: ${traces[0].outcome}: ${traces[0].detail}` : 'not flagged: no pattern matched';
  }
  return { ruleId: rule.id, kind, text: ex.text, lang, ok: kind === 'flag' ? fired : !fired, got };
}

/** Run the examples of `rules` (default: every rule of the set). */
export function runRuleExamples(ruleSet: RuleSet, rules: CompiledRule[] = ruleSet.rules): ExampleResult[] {
  const out: ExampleResult[] = [];
  for (const rule of rules) {
    for (const ex of rule.examples.flag) out.push(runExample(rule, ex, 'flag', ruleSet));
    for (const ex of rule.examples.pass) out.push(runExample(rule, ex, 'pass', ruleSet));
  }
  return out;
}
