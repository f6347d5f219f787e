/**
 * Confidence of a finding (0–1): how often a finding like it is right on real text. A pack
 * ships `confidence.json` (written by scripts/train-model.mjs): for each rule, how many of its
 * findings on labeled real passages were right (tp) and wrong (fp), and the same by where the
 * topic was found (the sentence itself, a heading, the page title). A finding's confidence is
 * its rule's smoothed precision, moved by how much more or less reliable its kind of topic
 * decision is than the pack's average (in log-odds).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledRule, PackInfo } from '../rules/rule.js';

export const CONFIDENCE_FILE = 'confidence.json';
export const CONFIDENCE_FORMAT = 'claimscan-confidence/1';
/** The confidence of a rule no table measured. */
export const UNMEASURED = 0.75;

export interface Counts {
  tp: number;
  fp: number;
}

export interface ConfidenceTable {
  format: typeof CONFIDENCE_FORMAT;
  /** what the counts were measured on */
  measuredOn?: string;
  /** weight of the pack-wide precision as a prior for each rule, in findings */
  priorWeight: number;
  overall: Counts;
  rules: Record<string, Counts>;
  /** by where the topic decision came from: sentence, heading, title, none */
  via: Record<string, Counts>;
}

const tables = new Map<string, ConfidenceTable | null>();

function tableOf(pack: PackInfo): ConfidenceTable | null {
  let t = tables.get(pack.dir);
  if (t === undefined) {
    t = null;
    const file = join(pack.dir, CONFIDENCE_FILE);
    if (existsSync(file)) {
      try {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as ConfidenceTable;
        if (parsed?.format !== CONFIDENCE_FORMAT || !parsed.overall || !parsed.rules) throw new Error(`not a ${CONFIDENCE_FORMAT} file`);
        t = parsed;
      } catch (e) {
        process.stderr.write(`claimscan: ${file}: ${(e as Error).message}; confidences of this pack are unmeasured\n`);
      }
    }
    tables.set(pack.dir, t);
  }
  return t;
}

/** Kind of topic decision: "sentence", "heading", "title" or "none" (rules without a topic). */
export function viaKind(via: string | undefined): string {
  if (!via || via === 'no topic') return 'none';
  const m = /^(sentence|paragraph|heading|title)/.exec(via);
  return m ? m[1] : 'none';
}

const logit = (p: number) => Math.log(p / (1 - p));
const smoothed = (c: Counts, prior: number, weight: number) => (c.tp + prior * weight) / (c.tp + c.fp + weight);

/** The confidence of a finding of `rule` whose topic was decided `via`. */
export function ruleConfidence(rule: CompiledRule, via: string | undefined): number {
  const t = tableOf(rule.pack);
  if (!t) return UNMEASURED;
  const overall = smoothed(t.overall, 0.5, 2);
  const counts = t.rules[rule.id];
  let p = counts ? smoothed(counts, overall, t.priorWeight) : overall;
  const v = t.via?.[viaKind(via)];
  if (v && v.tp + v.fp > 0) p = 1 / (1 + Math.exp(-(logit(clamp(p)) + logit(clamp(smoothed(v, overall, t.priorWeight))) - logit(clamp(overall)))));
  return Math.round(clamp(p) * 1000) / 1000;
}

function clamp(p: number): number {
  return Math.min(0.99, Math.max(0.01, p));
}

/** Forget loaded tables (tests, and the training script after it rewrites one). */
export function clearConfidenceTables(): void {
  tables.clear();
}
