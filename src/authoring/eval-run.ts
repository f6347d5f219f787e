/**
 * `claimscan eval`: how the loaded rules (and learned tier) do on a labeled set — per-category
 * precision, recall and F1, false alarms on passages that make no claim, and every miss and
 * false alarm with the analysis trace that explains it; and `eval --rank`, which lists the
 * sentences the learned model scores highest although no rule matched them, for a person to
 * label. The seam with the analysis is `analyzeItem` (eval-set.ts): one passage in, findings and
 * the per-sentence trace out.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { analyzePage, type SentenceExplanation } from '../analysis/analyze-page.js';
import type { LearnedCandidate } from '../analysis/learned/tier.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import { analyzeItem, EvalSetError, PAGE_LEVEL, readLabeledSet, type LabeledItem } from './eval-set.js';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Scores extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

/** A passage the scanner got wrong, with what it saw. */
export interface EvalError {
  id: string;
  lang: string;
  title?: string;
  heading?: string;
  text: string;
  gold: string[];
  got: string[];
  /** the categories missed (misses) or flagged wrongly (false alarms) */
  categories: string[];
  /** the rules that gave the wrong categories */
  rules: string[];
  trace: SentenceExplanation[];
}

export interface EvalResult {
  set: string;
  items: number;
  overall: Scores;
  byCategory: Record<string, Scores>;
  byLanguage: Record<string, Scores & { items: number }>;
  /** passages without a claim that got a finding, out of all passages without a claim */
  falseAlarms: { items: number; of: number; rate: number };
  misses: EvalError[];
  falseAlarmItems: EvalError[];
}

function scores(c: Counts): Scores {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { ...c, precision: round(precision), recall: round(recall), f1: round(f1) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Score the rule set on a labeled JSONL set (same format as the project's eval sets). */
export function evaluateSet(file: string, ruleSet: RuleSet): EvalResult {
  const items = readLabeledSet(file);
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const perCat: Record<string, Counts> = {};
  const perLang: Record<string, Counts & { items: number }> = {};
  const misses: EvalError[] = [];
  const alarms: EvalError[] = [];
  let negatives = 0;
  let alarmed = 0;
  for (const it of items) {
    const r = analyzeItem(it, ruleSet, true);
    const gold = new Set((it.labels ?? []).filter((c) => c !== PAGE_LEVEL));
    const found = r.findings.filter((f) => f.category !== PAGE_LEVEL);
    const got = new Set<string>(found.map((f) => f.category));
    const lang = (perLang[r.lang] ??= { tp: 0, fp: 0, fn: 0, items: 0 });
    lang.items++;
    if (!gold.size) {
      negatives++;
      if (got.size) alarmed++;
    }
    const missed: string[] = [];
    const wrong: string[] = [];
    for (const c of new Set([...gold, ...got])) {
      const k = (perCat[c] ??= { tp: 0, fp: 0, fn: 0 });
      const outcome = gold.has(c) && got.has(c) ? 'tp' : got.has(c) ? 'fp' : 'fn';
      k[outcome]++;
      total[outcome]++;
      lang[outcome]++;
      if (outcome === 'fn') missed.push(c);
      if (outcome === 'fp') wrong.push(c);
    }
    const base = { id: it.id, lang: r.lang, title: it.title, heading: it.heading, text: it.text, gold: [...gold].sort(), got: [...got].sort(), trace: r.explanation ?? [] };
    if (missed.length) misses.push({ ...base, categories: missed, rules: [] });
    if (wrong.length) alarms.push({ ...base, categories: wrong, rules: [...new Set(found.filter((f) => wrong.includes(f.category)).map((f) => f.ruleId))] });
  }
  return {
    set: file,
    items: items.length,
    overall: scores(total),
    byCategory: Object.fromEntries(Object.keys(perCat).sort().map((c) => [c, scores(perCat[c])])),
    byLanguage: Object.fromEntries(Object.keys(perLang).sort().map((l) => [l, { ...scores(perLang[l]), items: perLang[l].items }])),
    falseAlarms: { items: alarmed, of: negatives, rate: negatives ? round(alarmed / negatives) : 0 },
    misses,
    falseAlarmItems: alarms,
  };
}

/** A sentence worth labeling: the model scores it high, no rule matched it. */
export interface RankedSentence {
  /** item id, or file path */
  source: string;
  text: string;
  lang: string;
  category: string;
  score: number;
  /** where the topic was found */
  topic: string;
}

/** Unlabeled passages or pages: a JSONL file (labels ignored) or a folder of .html/.htm files. */
function* unlabeledPages(path: string): Generator<{ source: string; run: (rs: RuleSet, on: (c: LearnedCandidate) => void) => void }> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw new EvalSetError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!isDir) {
    for (const it of readLabeledSet(path, false)) yield { source: it.id, run: (rs, on) => runItem(it, rs, on) };
    return;
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (/^\.html?$/i.test(extname(d.name)) || /\.jsonl$/i.test(d.name)) files.push(p);
    }
  };
  walk(path);
  if (!files.length) throw new EvalSetError(`${path}: no .html, .htm or .jsonl file inside`);
  for (const file of files) {
    if (file.endsWith('.jsonl')) {
      for (const it of readLabeledSet(file, false)) yield { source: `${file}#${it.id}`, run: (rs, on) => runItem(it, rs, on) };
    } else {
      yield {
        source: file,
        run: (rs, on) => {
          analyzePage({ url: `file://${file}`, status: 200, html: readFileSync(file, 'utf8'), fetchedAt: new Date().toISOString() }, rs, { onLearnedCandidate: on });
        },
      };
    }
  }
}

function runItem(it: LabeledItem, rs: RuleSet, on: (c: LearnedCandidate) => void): void {
  for (const c of analyzeItem(it, rs).candidates) on(c);
}

/**
 * The sentences the learned models score highest among those no rule matched (about the
 * topic, asserted), best first; the same sentence text is listed once.
 */
export function rankUnmatched(path: string, ruleSet: RuleSet, top = 50): { ranked: RankedSentence[]; read: number; candidates: number } {
  const best = new Map<string, RankedSentence>();
  let read = 0;
  let candidates = 0;
  for (const page of unlabeledPages(path)) {
    read++;
    page.run(ruleSet, (c) => {
      candidates++;
      const [first] = c.model.score(c.text, c.lang).sort((a, b) => b.p - a.p);
      if (!first) return;
      const key = `${c.lang}\u0000${c.text}`;
      const prev = best.get(key);
      if (!prev || prev.score < first.p) best.set(key, { source: page.source, text: c.text, lang: c.lang, category: first.category, score: round(first.p), topic: c.topic.via });
    });
  }
  const ranked = [...best.values()].sort((a, b) => b.score - a.score || a.source.localeCompare(b.source)).slice(0, top);
  return { ranked, read, candidates };
}
