/**
 * Where the learned tier meets the analysis: which sentences it may read (the gate) and what it
 * flags there. A sentence passes the gate when no rule matched it at all (not even one held back
 * by polarity or an exception), it asserts (no question, refutation or reported speech), it is
 * about the model's topic (in the sentence, its heading or the page title, as the rules decide)
 * and it is running text (not a title or heading).
 */
import type { Lang } from '../claims/language.js';
import { sentenceFacts } from '../claims/polarity.js';
import { makeSentence, type Sentence } from '../claims/sentence.js';
import type { TopicContext, TopicDecision, TopicMention } from '../claims/topic.js';
import type { TextBlock } from '../../model/blocks.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { RuleTrace, TextAnalysis } from '../rules/match-sentence.js';
import { learnedModels, type LearnedFlag, type LearnedModel } from './model.js';

/** What the tier knows of a sentence text (words only, so it is kept with the cached analysis). */
interface LearnedText {
  asserted: boolean;
  why?: string;
  /** per model: what the sentence itself names of its topic */
  mentions: TopicMention[];
  /** per model, computed when first needed */
  flags: Array<LearnedFlag[] | undefined>;
  best: Array<{ category: string; p: number } | undefined>;
}

const texts = new WeakMap<TextAnalysis, LearnedText>();

export interface LearnedHit extends LearnedFlag {
  topic: TopicDecision;
}

/** A sentence the gate let through, for `eval --rank` and the training script. */
export interface LearnedCandidate {
  text: string;
  lang: Lang;
  model: LearnedModel;
  topic: TopicDecision;
}

/**
 * The learned findings for one sentence that no rule flagged. `sentence` is the analysed
 * sentence when at hand (a cached analysis comes without it).
 */
export function learnedHits(
  analysis: TextAnalysis,
  text: string,
  lang: Lang,
  block: TextBlock,
  sentence: Sentence | undefined,
  ruleSet: RuleSet,
  ctx: TopicContext,
  trace?: RuleTrace[],
  onCandidate?: (c: LearnedCandidate) => void,
  includeDisabled = false,
): LearnedHit[] {
  const models = learnedModels(ruleSet, includeDisabled);
  // Running text only: titles and headings name subjects, they seldom make the claim.
  if (!models.length || analysis.matches.length || analysis.held.length || block.kind === 'title' || block.kind === 'heading') return [];
  // A disabled model only shows its scores (explain) and hands candidates to `eval --rank`: a plain scan skips it.
  if (!trace && !onCandidate && models.every((m) => !m.enabled)) return [];
  let info = texts.get(analysis);
  if (!info) {
    const s = sentence ?? makeSentence(text, lang, block, 0);
    const mentions = models.map((m) => ruleSet.topics.get(m.topic)?.mention(s.line, lang));
    let asserted = true;
    let why: string | undefined;
    // Sentences about something else are the bulk: skip the polarity facts for them.
    if (mentions.some((m) => m !== 'off')) {
      const facts = sentenceFacts(s);
      if (facts.question) (asserted = false), (why = 'a question');
      else if (facts.refutedBy) (asserted = false), (why = `refuted ("${facts.refutedBy}")`);
      else if (facts.reportedAt >= 0) (asserted = false), (why = `reported speech ("${facts.reportedBy}")`);
    }
    info = { asserted, why, mentions, flags: [], best: [] };
    texts.set(analysis, info);
  }
  const hits: LearnedHit[] = [];
  models.forEach((model, i) => {
    const topicDef = ruleSet.topics.get(model.topic);
    if (!topicDef) return;
    const topic = topicDef.decide(info.mentions[i], block.headingPath, ctx);
    if (!topic.onTopic) return;
    if (!info.asserted) {
      trace?.push({ ruleId: model.ruleId('*'), outcome: 'held back', detail: `learned tier: not read (${info.why})` });
      return;
    }
    onCandidate?.({ text, lang, model, topic });
    let flags = info.flags[i];
    if (!flags) {
      flags = info.flags[i] = model.enabled ? model.flags(text, lang) : [];
      if (trace) {
        const scores = model.score(text, lang).sort((a, b) => b.p - a.p);
        info.best[i] = scores[0];
      }
    }
    const silenced = (id: string, category: string) => block.disabledRules?.some((d) => d === id || d === 'all' || d === category || d === model.stored.ruleIdPrefix);
    for (const f of flags) {
      if (silenced(f.ruleId, f.category)) {
        trace?.push({ ruleId: f.ruleId, outcome: 'disabled', detail: 'silenced by a claimscan-disable-next comment in the page' });
        continue;
      }
      hits.push({ ...f, topic });
      trace?.push({ ruleId: f.ruleId, outcome: 'flagged', detail: `learned tier: score ${f.score.toFixed(2)} ≥ threshold ${model.categories.find((c) => c.category === f.category)?.threshold?.toFixed(2)}; about ${model.topic} (${topic.via})` });
    }
    if (trace && !flags.length) {
      const best = info.best[i] ?? model.score(text, lang).sort((a, b) => b.p - a.p)[0];
      const c = best && model.categories.find((x) => x.category === best.category);
      if (best && c) {
        const thr = c.threshold === null ? 'no threshold: this category only ranks' : `threshold ${c.threshold.toFixed(2)}`;
        trace.push({ ruleId: model.ruleId(best.category), outcome: 'held back', detail: `learned tier${model.enabled ? '' : ' (disabled)'}: best score ${best.p.toFixed(2)} for ${best.category} (${thr})` });
      }
    }
  });
  return hits;
}
