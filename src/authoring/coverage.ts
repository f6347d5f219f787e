/**
 * `claimscan rules test --coverage`: which patterns of a rule match none of its examples (in the
 * spirit of Vale's `--coverage`). A pattern no example matches is not pinned by `rules test`:
 * it can be broken, or match what it should not, and nothing says so.
 */
import { makeSentence } from '../analysis/claims/sentence.js';
import { sentenceTexts } from '../analysis/claims/sentences.js';
import { useLanguages } from '../analysis/languages/table.js';
import { patternMatches } from '../analysis/rules/match-sentence.js';
import type { CompiledRule } from '../analysis/rules/rule.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import { exampleLanguage } from './test-examples.js';

export interface RuleCoverage {
  ruleId: string;
  pack: string;
  /** patterns (and `unless` exceptions) counted */
  patterns: number;
  covered: number;
  /** the patterns no example of the rule matches, with their language and field */
  uncovered: Array<{ field: 'patterns' | 'unless' | 'refutedBy'; lang: string; index: number; pattern: string }>;
}

export interface CoverageRun {
  rules: RuleCoverage[];
  patterns: number;
  covered: number;
  /** covered / patterns, as a percentage with one decimal (100 when there is no pattern) */
  percent: number;
}

export function percent(covered: number, total: number): number {
  return total ? Math.floor((1000 * covered) / total) / 10 : 100;
}

/** Coverage of `rules` by their own examples (flag and pass alike: a match is what is counted). */
export function ruleCoverage(ruleSet: RuleSet, rules: CompiledRule[]): CoverageRun {
  useLanguages(ruleSet.languages);
  const out: RuleCoverage[] = [];
  for (const rule of rules) {
    const sentences = [...rule.examples.flag, ...rule.examples.pass].flatMap((example) => {
      const ex = typeof example === 'string' ? { text: example } : example;
      const lang = ex.lang ?? exampleLanguage(ex.text, rule.languages);
      const block = { kind: 'text' as const, text: ex.text, headingPath: [] };
      return sentenceTexts(ex.text).map((t, i) => makeSentence(t, lang, block, i));
    });
    const r: RuleCoverage = { ruleId: rule.id, pack: rule.pack.name, patterns: 0, covered: 0, uncovered: [] };
    for (const field of ['patterns', 'unless', 'refutedBy'] as const) {
      for (const [lang, patterns] of rule[field]) {
        patterns.forEach((p, index) => {
          r.patterns++;
          if (sentences.some((s) => s.lang === lang && patternMatches(s, p))) r.covered++;
          else r.uncovered.push({ field, lang, index, pattern: p.source });
        });
      }
    }
    out.push(r);
  }
  const patterns = out.reduce((n, r) => n + r.patterns, 0);
  const covered = out.reduce((n, r) => n + r.covered, 0);
  return { rules: out, patterns, covered, percent: percent(covered, patterns) };
}

/** Lines for the terminal: each rule not fully covered, its uncovered patterns, and the total. */
export function formatCoverage(run: CoverageRun): string[] {
  const lines: string[] = ['', 'Pattern coverage (patterns that match at least one of their rule\'s examples):'];
  for (const r of run.rules) {
    if (!r.uncovered.length) continue;
    lines.push(`  ${r.ruleId}: ${r.covered}/${r.patterns} (${percent(r.covered, r.patterns)} %)`);
    for (const u of r.uncovered) lines.push(`    no example matches ${u.field}.${u.lang}[${u.index}]: ${u.pattern}`);
  }
  const full = run.rules.filter((r) => !r.uncovered.length).length;
  lines.push(`  ${full}/${run.rules.length} rules fully covered; ${run.covered}/${run.patterns} patterns (${run.percent} %)`);
  return lines;
}
