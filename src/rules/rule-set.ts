import type { Lang } from '../claims/language.js';
import type { CompiledTopic } from '../claims/topic.js';
import type { Sentence } from '../claims/sentence.js';
import type { CompiledRule, PackInfo } from './rule.js';

interface LangIndex {
  exact: Map<string, CompiledRule[]>;
  /** word-prefix anchors bucketed by their first three letters */
  prefixes: Map<string, Array<{ prefix: string; rule: CompiledRule }>>;
  /** rules with a pattern that can start anywhere: always tried */
  always: CompiledRule[];
  pageRules: CompiledRule[];
}

/**
 * The loaded rules with an index from words to the rules that could match a sentence holding
 * them, so a sentence costs a few hash look-ups however many rules are loaded.
 */
export class RuleSet {
  private readonly indexes = new Map<Lang, LangIndex>();
  private readonly order: Map<CompiledRule, number>;

  constructor(
    readonly packs: PackInfo[],
    readonly rules: CompiledRule[],
    readonly topics: Map<string, CompiledTopic>,
  ) {
    this.order = new Map(rules.map((r, i) => [r, i]));
  }

  get sentenceRules(): CompiledRule[] {
    return this.rules.filter((r) => r.scope === 'sentence');
  }

  rule(id: string): CompiledRule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  private index(lang: Lang): LangIndex {
    let idx = this.indexes.get(lang);
    if (idx) return idx;
    idx = { exact: new Map(), prefixes: new Map(), always: [], pageRules: [] };
    for (const rule of this.rules) {
      if (!rule.languages.includes(lang)) continue;
      const patterns = rule.patterns.get(lang);
      if (!patterns) continue;
      if (rule.scope === 'page') {
        idx.pageRules.push(rule);
        continue;
      }
      let always = false;
      const exact = new Set<string>();
      const prefixes = new Set<string>();
      for (const p of patterns) {
        always ||= p.anchors.any;
        p.anchors.exact.forEach((e) => exact.add(e));
        p.anchors.prefixes.forEach((e) => prefixes.add(e));
      }
      if (always) {
        idx.always.push(rule);
        continue;
      }
      for (const e of exact) {
        const list = idx.exact.get(e) ?? [];
        list.push(rule);
        idx.exact.set(e, list);
      }
      for (const prefix of prefixes) {
        const key = prefix.slice(0, 3);
        const list = idx.prefixes.get(key) ?? [];
        list.push({ prefix, rule });
        idx.prefixes.set(key, list);
      }
    }
    this.indexes.set(lang, idx);
    return idx;
  }

  /** Rules whose patterns could match `sentence` (a superset; patterns decide). In load order. */
  candidates(sentence: Sentence): CompiledRule[] {
    const idx = this.index(sentence.lang);
    const found = new Set<CompiledRule>(idx.always);
    for (const t of sentence.tokens) {
      const exact = idx.exact.get(t.stem);
      if (exact) for (const r of exact) found.add(r);
      if (t.norm.length >= 3) {
        const bucket = idx.prefixes.get(t.norm.slice(0, 3));
        if (bucket) for (const { prefix, rule } of bucket) if (t.norm.startsWith(prefix)) found.add(rule);
      }
    }
    if (found.size < 2) return [...found];
    return [...found].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }

  pageRules(lang: Lang): CompiledRule[] {
    return this.index(lang).pageRules;
  }
}
