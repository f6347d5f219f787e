import type { Lang } from '../claims/language.js';
import { Prefilter } from '../claims/prefilter.js';
import type { CompiledTopic } from '../claims/topic.js';
import type { Sentence } from '../claims/sentence.js';
import type { CompiledPattern } from './compile-pattern.js';
import type { CompiledRule, PackInfo } from './rule.js';
import { builtinLanguages, type LanguageTable } from '../languages/table.js';
import type { CategoryInfo } from '../../model/taxonomy.js';

/** A pattern of a rule, as the prefilter knows it. */
export interface PatternEntry {
  rule: CompiledRule;
  pattern: CompiledPattern;
}

interface LangIndex {
  patterns: Prefilter<PatternEntry>;
  pageRules: CompiledRule[];
  pagePatterns: Prefilter<PatternEntry>;
}

/**
 * The loaded rules, with a per-language prefilter from words to the patterns that could match a
 * sentence holding them, so a sentence costs a few hash look-ups however many rules are loaded.
 */
export class RuleSet {
  private readonly indexes = new Map<Lang, LangIndex>();

  constructor(
    readonly packs: PackInfo[],
    readonly rules: CompiledRule[],
    readonly topics: Map<string, CompiledTopic>,
    /** the languages its patterns were compiled with; the analysis reads sentences with them */
    readonly languages: LanguageTable = builtinLanguages(),
    /** the claim categories the packs declare */
    readonly categories: ReadonlyMap<string, CategoryInfo> = new Map(),
  ) {}

  rule(id: string): CompiledRule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  private index(lang: Lang): LangIndex {
    let idx = this.indexes.get(lang);
    if (idx) return idx;
    idx = { patterns: new Prefilter<PatternEntry>(), pageRules: [], pagePatterns: new Prefilter<PatternEntry>() };
    for (const rule of this.rules) {
      if (!rule.languages.includes(lang)) continue;
      const patterns = rule.patterns.get(lang);
      if (!patterns) continue;
      if (rule.scope === 'page') {
        idx.pageRules.push(rule);
        for (const pattern of patterns) idx.pagePatterns.add({ rule, pattern }, pattern.requires);
      } else for (const pattern of patterns) idx.patterns.add({ rule, pattern }, pattern.requires);
    }
    this.indexes.set(lang, idx);
    return idx;
  }

  /** The patterns worth running on `sentence` (a superset of those that match), in rule order. */
  matchable(sentence: Sentence): PatternEntry[] {
    return this.index(sentence.lang).patterns.candidates(sentence.tokens);
  }

  /** Patterns of page-scope rules worth running on `sentence`. */
  pageMatchable(sentence: Sentence): PatternEntry[] {
    return this.index(sentence.lang).pagePatterns.candidates(sentence.tokens);
  }

  pageRules(lang: Lang): CompiledRule[] {
    return this.index(lang).pageRules;
  }
}
