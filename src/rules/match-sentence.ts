/**
 * Running the rules on one sentence: candidate rules from the index, their patterns, the
 * polarity verdict on each match, the topic, exceptions and inline opt-outs.
 */
import { judgeMatch, sentenceFacts } from '../claims/polarity.js';
import { tokenAtLineOffset, type Sentence } from '../claims/sentence.js';
import type { TopicContext, TopicDecision } from '../claims/topic.js';
import type { CompiledPattern } from './compile-pattern.js';
import type { CompiledRule } from './rule.js';
import type { RuleSet } from './rule-set.js';

/** A rule that fired on a sentence. */
export interface RuleHit {
  rule: CompiledRule;
  /** the pattern that matched, as written */
  pattern: string;
  /** the matched span in the sentence text */
  match: string;
  matchStart: number;
  matchEnd: number;
  topic?: TopicDecision;
}

/** What happened to one rule on one sentence, for `check --explain`. */
export interface RuleTrace {
  ruleId: string;
  outcome: 'flagged' | 'held back' | 'off-topic' | 'exception' | 'disabled';
  detail: string;
}

interface Span {
  start: number;
  end: number;
}

const wordLines = new WeakMap<Sentence, { line: string; offsets: number[] }>();

/** " word1 word2 … " (folded words, not stems): what `regex:` patterns run on. */
function wordLine(s: Sentence): { line: string; offsets: number[] } {
  let w = wordLines.get(s);
  if (!w) {
    const offsets: number[] = [];
    let line = ' ';
    for (const t of s.tokens) {
      offsets.push(line.length);
      line += t.norm + ' ';
    }
    w = { line, offsets };
    wordLines.set(s, w);
  }
  return w;
}

function tokenAt(s: Sentence, p: CompiledPattern, offset: number): number {
  if (p.on === 'stems') return tokenAtLineOffset(s, offset);
  const { offsets } = wordLine(s);
  let i = 0;
  while (i + 1 < offsets.length && offsets[i + 1] <= offset) i++;
  return i;
}

/** Every span (first token, last token) where `p` matches in `s`. */
function* spans(s: Sentence, p: CompiledPattern): Generator<Span> {
  const line = p.on === 'stems' ? s.line : wordLine(s).line;
  const [first, ...rest] = p.regexes;
  for (const re of rest) {
    re.lastIndex = 0;
    if (!re.test(line)) return;
  }
  first.lastIndex = 0;
  for (let m = first.exec(line); m; m = first.exec(line)) {
    if (m[0].length === 0) {
      first.lastIndex++;
      continue;
    }
    const start = tokenAt(s, p, m.index);
    const end = tokenAt(s, p, m.index + m[0].trimEnd().length - 1);
    // A phrase does not reach across a colon, a semicolon or a bracket: "no exception: bruising"
    // is not "no bruising".
    if (p.kind === 'phrase' && start !== end) {
      const segment = sentenceFacts(s).segment;
      if (segment[start] !== segment[end]) continue;
    }
    yield { start, end };
  }
}

function anyMatch(s: Sentence, patterns: CompiledPattern[] | undefined): CompiledPattern | undefined {
  if (!patterns) return undefined;
  for (const p of patterns) for (const _ of spans(s, p)) return p;
  return undefined;
}

/** Run every candidate rule on `sentence`; `trace` (if given) receives what happened to each. */
export function matchSentence(sentence: Sentence, ruleSet: RuleSet, ctx: TopicContext, trace?: RuleTrace[]): RuleHit[] {
  const hits: RuleHit[] = [];
  const topicCache = new Map<string, TopicDecision>();
  const topicOf = (id: string): TopicDecision => {
    let d = topicCache.get(id);
    if (!d) {
      const topic = ruleSet.topics.get(id);
      d = topic ? topic.decide(sentence, ctx) : { onTopic: true, via: 'no topic' };
      topicCache.set(id, d);
    }
    return d;
  };
  for (const rule of ruleSet.candidates(sentence)) {
    const patterns = rule.patterns.get(sentence.lang);
    if (!patterns) continue;
    let found: { pattern: CompiledPattern; span: Span } | undefined;
    let heldBack: string | undefined;
    search: for (const pattern of patterns) {
      for (const span of spans(sentence, pattern)) {
        const verdict = judgeMatch(sentence, span.start, span.end, pattern.literals);
        if (verdict.asserted) {
          found = { pattern, span };
          break search;
        }
        heldBack ??= `${verdict.reason} — pattern "${pattern.source}" matched "${slice(sentence, span)}"`;
      }
    }
    if (!found) {
      if (heldBack) trace?.push({ ruleId: rule.id, outcome: 'held back', detail: heldBack });
      continue;
    }
    const matchText = slice(sentence, found.span);
    const topic = rule.topic ? topicOf(rule.topic) : undefined;
    if (topic && !topic.onTopic) {
      trace?.push({ ruleId: rule.id, outcome: 'off-topic', detail: `matched "${matchText}" but the sentence is not about ${rule.topic} (${topic.via})` });
      continue;
    }
    const exception = anyMatch(sentence, rule.unless.get(sentence.lang));
    if (exception) {
      trace?.push({ ruleId: rule.id, outcome: 'exception', detail: `matched "${matchText}" but exception "${exception.source}" applies` });
      continue;
    }
    if (sentence.block.disabledRules?.some((d) => d === rule.id || d === 'all' || d === rule.category)) {
      trace?.push({ ruleId: rule.id, outcome: 'disabled', detail: 'silenced by a claimscan-disable-next comment in the page' });
      continue;
    }
    const matchStart = sentence.tokens[found.span.start].start;
    const matchEnd = sentence.tokens[found.span.end].end;
    hits.push({ rule, pattern: found.pattern.source, match: matchText, matchStart, matchEnd, topic });
    trace?.push({ ruleId: rule.id, outcome: 'flagged', detail: `pattern "${found.pattern.source}" matched "${matchText}"${topic ? `; about ${rule.topic} (${topic.via})` : ''}` });
  }
  return hits;
}

function slice(s: Sentence, span: Span): string {
  return s.text.slice(s.tokens[span.start].start, s.tokens[span.end].end);
}

/** Does any sentence of the page assert one of `rule`'s patterns (used by page-scope rules)? */
export function assertsAny(sentences: Sentence[], rule: CompiledRule): boolean {
  for (const s of sentences) {
    const patterns = rule.patterns.get(s.lang);
    if (!patterns) continue;
    for (const p of patterns) {
      for (const span of spans(s, p)) {
        if (sentenceIsStatement(s) && judgeMatch(s, span.start, span.end, p.literals).asserted) return true;
      }
    }
  }
  return false;
}

function sentenceIsStatement(s: Sentence): boolean {
  return !/\?\s*$/.test(s.text);
}
