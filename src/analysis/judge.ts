/**
 * The judgement of text by the rules, in one place: which rules flag which sentence, and for
 * every rule that matched, one `Verdict` — the rule hit (pattern and span), its polarity, its
 * topic, and the reasons. `scan` runs the same analysis page by page (analyze-page.ts);
 * `check --explain`, `rules test`, `rescan` and the evaluation read their verdicts here.
 */
import type { Lang } from './claims/language.js';
import { identifyLanguage } from './claims/identify-language.js';
import type { TopicDecision } from './claims/topic.js';
import { analyzeBlocks } from './analyze-page.js';
import type { TextBlock } from '../model/blocks.js';
import type { Finding } from '../model/finding.js';
import type { Verdict } from './rules/match-sentence.js';
import type { RuleSet } from './rules/rule-set.js';

export type { Verdict } from './rules/match-sentence.js';
export type { PolarityVerdict } from './claims/polarity.js';
export type { TopicDecision } from './claims/topic.js';

/** One sentence and what every rule that matched it decided. */
export interface SentenceJudgement {
  text: string;
  headingPath: string[];
  /** topic id → is the sentence about it, and what said so */
  topics: Record<string, TopicDecision>;
  verdicts: Verdict[];
}

export interface Judgement {
  lang: Lang;
  findings: Finding[];
  /** every sentence, when `explain` (the default); empty otherwise */
  sentences: SentenceJudgement[];
}

export interface JudgeOptions {
  /** the language; 'auto' or absent: detected from the title and the text (ties: French) */
  lang?: Lang | 'auto';
  /** the page title the text stands under */
  title?: string;
  /** the heading the text stands under */
  heading?: string;
  /** the URL findings carry (default "text:") */
  url?: string;
  /** record a verdict per rule and sentence (default true) */
  explain?: boolean;
}

/** Judge a piece of text as if it stood on a page (under `title` and `heading`). */
export function judgeText(text: string, ruleSet: RuleSet, options: JudgeOptions = {}): Judgement {
  const forced = options.lang && options.lang !== 'auto' ? options.lang : undefined;
  const guess = forced ? undefined : identifyLanguage(`${options.title ?? ''} ${text}`, 'fr');
  const lang = forced ?? guess!.lang;
  const blocks: TextBlock[] = [];
  if (options.title) blocks.push({ kind: 'title', text: options.title, headingPath: [] });
  blocks.push({ kind: 'text', text, headingPath: options.heading ? [options.heading] : [] });
  const first = judgeBlocks(blocks, options.title ?? '', lang, ruleSet, options);
  // A few words may be either language: when unsure and nothing was found, try the other one.
  if (guess && !guess.confident && !first.findings.length) {
    const other = ruleSet.packs.flatMap((p) => p.languages).find((l) => l !== lang);
    const second = other ? judgeBlocks(blocks, options.title ?? '', other, ruleSet, options) : undefined;
    if (second?.findings.length) return second;
  }
  return first;
}

/** Judge the text blocks of a page. */
export function judgeBlocks(blocks: TextBlock[], title: string, lang: Lang, ruleSet: RuleSet, options: Pick<JudgeOptions, 'url' | 'explain'> = {}): Judgement {
  const explain = options.explain ?? true;
  const { findings, explanation } = analyzeBlocks(blocks, title, lang, options.url ?? 'text:', ruleSet, explain);
  return {
    lang,
    findings,
    sentences: (explanation ?? []).map((s) => ({ text: s.text, headingPath: s.headingPath, topics: s.topic, verdicts: s.rules })),
  };
}

/** The verdicts of one rule, sentence by sentence (what `rules test` reports for an example). */
export function verdictsOf(judgement: Judgement, ruleId: string): Verdict[] {
  return judgement.sentences.flatMap((s) => s.verdicts.filter((v) => v.ruleId === ruleId));
}
