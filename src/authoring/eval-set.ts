/**
 * Labeled sets (JSON Lines, one passage a line: id, lang, title, heading, text, labels — the
 * format of the project's eval sets) and how one passage is analysed: as a small page with its
 * title, heading and text, exactly as the scorer builds it, through the same analysis as `scan`.
 */
import { readFileSync } from 'node:fs';
import { analyzePage, type SentenceExplanation } from '../analysis/analyze-page.js';
import type { Finding } from '../model/finding.js';
import type { LearnedCandidate } from '../analysis/learned/tier.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';

export interface LabeledItem {
  id: string;
  lang: string;
  title?: string;
  heading?: string;
  text: string;
  /** categories the passage claims; [] for none; absent in an unlabeled set */
  labels?: string[];
  source_url?: string;
}

/** A labeled set that cannot be read (the CLI shows it as a usage error). */
export class EvalSetError extends Error {}

/** The page-level category: about a whole page, never about one passage. */
export const PAGE_LEVEL = 'page.no-risk-disclosure';

/** Read a JSONL set; a bad line is a clear error naming the file and line. */
export function readLabeledSet(file: string, requireLabels = true): LabeledItem[] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    throw new EvalSetError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const items: LabeledItem[] = [];
  const ids = new Set<string>();
  raw.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let it: LabeledItem;
    try {
      it = JSON.parse(line) as LabeledItem;
    } catch (e) {
      throw new EvalSetError(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
    }
    if (!it || typeof it.text !== 'string') throw new EvalSetError(`${file}:${i + 1}: an item needs a "text" string`);
    if (requireLabels && !Array.isArray(it.labels)) throw new EvalSetError(`${file}:${i + 1}: an item needs "labels" (a list of categories, [] for none)`);
    it.id = String(it.id ?? `line${i + 1}`);
    if (ids.has(it.id)) throw new EvalSetError(`${file}:${i + 1}: id "${it.id}" is used twice`);
    ids.add(it.id);
    it.lang = typeof it.lang === 'string' && it.lang ? it.lang : 'auto';
    items.push(it);
  });
  if (!items.length) throw new EvalSetError(`${file}: no item`);
  return items;
}

const esc = (s: string | undefined) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The page an item becomes (as ../shared/eval/score.mjs writes it). */
export function itemHtml(it: LabeledItem): string {
  const heading = it.heading ? `<h2>${esc(it.heading)}</h2>` : '';
  const lang = it.lang && it.lang !== 'auto' ? ` lang="${esc(it.lang)}"` : '';
  return (
    `<!doctype html><html${lang}><head><meta charset="utf-8"><title>${esc(it.title)}</title></head>` +
    `<body><header><h1>${esc(it.title)}</h1></header><main><section>${heading}<p>${esc(it.text)}</p></section></main></body></html>\n`
  );
}

export interface ItemResult {
  findings: Finding[];
  explanation?: SentenceExplanation[];
  /** sentences the learned tier's gate let through */
  candidates: LearnedCandidate[];
  lang: string;
}

/** Analyse one item as a page. */
export function analyzeItem(it: LabeledItem, ruleSet: RuleSet, explain = false): ItemResult {
  const candidates: LearnedCandidate[] = [];
  const { findings, explanation, page } = analyzePage(
    { url: `eval:${it.id}`, status: 200, html: itemHtml(it), fetchedAt: new Date(0).toISOString() },
    ruleSet,
    { explain, onLearnedCandidate: (c) => candidates.push(c) },
  );
  return { findings, explanation, candidates, lang: page.lang };
}
