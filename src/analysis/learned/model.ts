/**
 * The learned recall tier: a per-category logistic regression over hashed features, shipped by
 * a rule pack as `model.json` (written by scripts/train-model.mjs). It reads only sentences the
 * rules left alone — about the model's topic, asserted (no question, refutation or reported
 * speech), with no rule matching at all — and flags a category when its score reaches the
 * threshold picked by cross-validation. The engine knows no treatment: topic, categories, rule
 * ids and thresholds all come from the pack's file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Category } from '../../model/taxonomy.js';
import type { CompiledRule, PackInfo } from '../rules/rule.js';
import type { RuleSet } from '../rules/rule-set.js';
import { DEFAULT_FEATURES, textFeatures, type FeatureSpec } from './features.js';

export const MODEL_FILE = 'model.json';
export const MODEL_FORMAT = 'claimscan-learned/1';

/** One category's classifier, as stored. */
export interface StoredCategory {
  bias: number;
  /** weights are int8 × scale */
  scale: number;
  /** base64 of an Int8Array aligned with the model's `buckets` */
  weights: string;
  /** the score from which the tier flags this category; null: never (the model only ranks) */
  threshold: number | null;
  /** precision of the tier's findings of this category at `threshold`, cross-validated */
  precision?: number;
}

/** model.json */
export interface StoredModel {
  format: typeof MODEL_FORMAT;
  version: string;
  /** the topic (of the pack) a sentence must be about */
  topic: string;
  /** findings get the rule id `<ruleIdPrefix>-<category with dots as dashes>` */
  ruleIdPrefix: string;
  /** false: the model ranks sentences (`eval --rank`) but flags nothing */
  enabled: boolean;
  features: FeatureSpec;
  /** base64 of a sorted Uint32Array: the hash buckets that carry a weight */
  buckets: string;
  categories: Record<string, StoredCategory>;
  /** how it was trained and measured (informative) */
  training?: Record<string, unknown>;
}

interface CategoryModel {
  category: Category;
  bias: number;
  weights: Float32Array;
  threshold: number | null;
  precision?: number;
  /** the pack rule whose message, source and severity a learned finding of this category carries */
  rule?: CompiledRule;
}

/** A loaded model, ready to score sentences. */
export class LearnedModel {
  readonly categories: CategoryModel[];
  private readonly buckets: Uint32Array;

  constructor(
    readonly stored: StoredModel,
    readonly pack: PackInfo,
    rules: CompiledRule[],
  ) {
    this.buckets = new Uint32Array(bytes(stored.buckets).buffer.slice(0));
    this.categories = Object.entries(stored.categories).map(([category, c]) => {
      const raw = new Int8Array(bytes(c.weights).buffer.slice(0));
      if (raw.length !== this.buckets.length) throw new Error(`category ${category}: ${raw.length} weights for ${this.buckets.length} buckets`);
      const weights = Float32Array.from(raw, (v) => v * c.scale);
      const rule = rules.find((r) => r.pack.dir === pack.dir && r.category === category && r.scope === 'sentence');
      return { category: category as Category, bias: c.bias, weights, threshold: c.threshold, precision: c.precision, rule };
    });
  }

  get topic(): string {
    return this.stored.topic;
  }

  get enabled(): boolean {
    return this.stored.enabled;
  }

  ruleId(category: string): string {
    return `${this.stored.ruleIdPrefix}-${category.replace(/\./g, '-')}`;
  }

  /** Probability of each category for a sentence. */
  score(text: string, lang: string): Array<{ category: Category; p: number }> {
    const { index, value } = textFeatures(text, lang, this.stored.features ?? DEFAULT_FEATURES);
    // Both arrays are sorted: walk them together.
    const hits: number[] = [];
    let j = 0;
    const b = this.buckets;
    for (let i = 0; i < index.length && j < b.length; i++) {
      const v = index[i];
      while (j < b.length && b[j] < v) j++;
      if (j < b.length && b[j] === v) hits.push(j);
    }
    return this.categories.map((c) => {
      let z = c.bias;
      for (const k of hits) z += c.weights[k] * value;
      return { category: c.category, p: 1 / (1 + Math.exp(-z)) };
    });
  }

  /** The categories the tier flags for a sentence, best first, with the finding's confidence. */
  flags(text: string, lang: string): LearnedFlag[] {
    if (!this.enabled) return [];
    const out: LearnedFlag[] = [];
    const scores = this.score(text, lang);
    for (let i = 0; i < scores.length; i++) {
      const c = this.categories[i];
      const { p } = scores[i];
      if (c.threshold === null || p < c.threshold || !c.rule) continue;
      out.push({ category: c.category, ruleId: this.ruleId(c.category), rule: c.rule, score: p, confidence: learnedConfidence(p, c.threshold, c.precision) });
    }
    return out.sort((a, b) => b.score - a.score);
  }
}

export interface LearnedFlag {
  category: Category;
  ruleId: string;
  /** the rule of the pack whose message, source and severity the finding carries */
  rule: CompiledRule;
  score: number;
  confidence: number;
}

/**
 * A learned finding's confidence: the precision the tier measured at its threshold
 * (cross-validated), rising towards 1 as the score goes past the threshold.
 */
export function learnedConfidence(p: number, threshold: number, precision = 0.9): number {
  const above = threshold >= 1 ? 0 : Math.max(0, Math.min(1, (p - threshold) / (1 - threshold)));
  return round3(precision + (1 - precision) * above * 0.5);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function bytes(b64: string): Uint8Array {
  const buf = Buffer.from(b64, 'base64');
  const out = new Uint8Array(buf.length);
  out.set(buf);
  return out;
}

/** Read and check a pack's model file; throws a message naming the file when it is bad. */
export function readModel(file: string, pack: PackInfo, rules: CompiledRule[]): LearnedModel {
  let stored: StoredModel;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as StoredModel;
  } catch (e) {
    throw new Error(`${file}: not a readable JSON model (${(e as Error).message})`);
  }
  if (stored?.format !== MODEL_FORMAT) throw new Error(`${file}: not a claimscan learned model (format "${String(stored?.format)}", expected "${MODEL_FORMAT}")`);
  if (typeof stored.topic !== 'string' || typeof stored.ruleIdPrefix !== 'string' || typeof stored.buckets !== 'string' || !stored.categories) {
    throw new Error(`${file}: topic, ruleIdPrefix, buckets and categories are required`);
  }
  try {
    return new LearnedModel(stored, pack, rules);
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

const loaded = new WeakMap<RuleSet, LearnedModel[]>();

/** Use these models for a rule set instead of the packs' files (the training script's cross-validation). */
export function useLearnedModels(ruleSet: RuleSet, models: LearnedModel[]): void {
  loaded.set(ruleSet, models);
}
/** Models switched off for a rule set (`--no-learned`, and the training script's rules-alone runs). */
const disabled = new WeakSet<RuleSet>();

/** Turn the learned tier on or off for a rule set. */
export function setLearnedTier(ruleSet: RuleSet, on: boolean): void {
  if (on) disabled.delete(ruleSet);
  else disabled.add(ruleSet);
}

/**
 * The learned models of the loaded packs (a pack ships one as `model.json` beside its
 * `pack.yaml`). A bad model file is reported once on stderr and left out: the rules still run.
 */
export function learnedModels(ruleSet: RuleSet, includeDisabled = false): LearnedModel[] {
  let models = loaded.get(ruleSet);
  if (!models) {
    models = [];
    for (const pack of ruleSet.packs) {
      const file = join(pack.dir, MODEL_FILE);
      if (!existsSync(file)) continue;
      try {
        const model = readModel(file, pack, ruleSet.rules);
        if (ruleSet.topics.has(model.topic)) models.push(model);
        else process.stderr.write(`claimscan: ${file}: topic "${model.topic}" is not defined by the loaded packs; learned tier left out\n`);
      } catch (e) {
        process.stderr.write(`claimscan: ${(e as Error).message}; learned tier left out\n`);
      }
    }
    loaded.set(ruleSet, models);
  }
  if (!includeDisabled && disabled.has(ruleSet)) return [];
  return models;
}
