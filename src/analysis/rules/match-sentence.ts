/**
 * Running the rules on one sentence: candidate rules from the index, their patterns, the
 * polarity verdict on each match, the topic, exceptions and inline opt-outs.
 */
import type { BlockKind } from '../../model/blocks.js';
import type { ReadKind } from './rule.js';
import { avoidedAt, judgeMatch, segmentsOf, sentenceFacts, type PolarityVerdict } from '../claims/polarity.js';
import { indexAtOffset, tokenAtLineOffset, type Sentence } from '../claims/sentence.js';
import { meetsAll } from '../claims/sentence-index.js';
import type { CompiledTopic, EarlierSentence, TopicContext, TopicDecision, TopicMention } from '../claims/topic.js';
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

/**
 * The verdict of one rule on one sentence: what the analysis decided and why. The one shape
 * `scan` (when explaining), `check --explain`, `rules test` and `rescan` report (see ../judge.ts).
 */
export interface Verdict {
  ruleId: string;
  outcome: 'flagged' | 'held back' | 'off-topic' | 'exception' | 'disabled' | 'not read here';
  /** the reasons, in words */
  detail: string;
  /** the rule hit: the pattern (as written) that matched, and the span of the sentence it matched */
  pattern?: string;
  match?: string;
  /** the polarity of the match (held back: why it is not asserted) */
  polarity?: PolarityVerdict;
  /** whether the sentence is about the rule's topic, and what said so */
  topic?: TopicDecision;
  /** the exception (`unless`) pattern that applied */
  exception?: string;
}

/** @deprecated the same as Verdict */
export type RuleTrace = Verdict;

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
  return indexAtOffset(wordLine(s).offsets, offset);
}

/** Does `p` match anywhere in `s`, whatever the polarity and the topic? (`rules test --coverage`) */
export function patternMatches(s: Sentence, p: CompiledPattern): boolean {
  return !spans(s, p).next().done;
}

/** Every span (first token, last token) where `p` matches in `s`. */
/** Every match of `p`; `checked` when the prefilter already made sure the words are there. */
function* spans(s: Sentence, p: CompiledPattern, checked = false): Generator<Span> {
  if (!checked && !meetsAll(s, p.requires)) return;
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
    // A `regex:` pattern may take in the space before a word: the span starts at the word.
    const start = tokenAt(s, p, m.index + (m[0].length - m[0].trimStart().length));
    const end = tokenAt(s, p, m.index + m[0].trimEnd().length - 1);
    // A phrase does not reach across a colon, a semicolon or a bracket: "no exception: bruising"
    // is not "no bruising".
    if (p.kind === 'phrase' && start !== end) {
      const segment = segmentsOf(s);
      if (segment[start] !== segment[end]) {
        first.lastIndex = m.index + 1; // a match starting further on may stay within one segment
        continue;
      }
    }
    yield { start, end };
  }
}

function anyMatch(s: Sentence, patterns: CompiledPattern[] | undefined): CompiledPattern | undefined {
  if (!patterns) return undefined;
  for (const p of patterns) for (const _ of spans(s, p)) return p;
  return undefined;
}

/**
 * The exception (`unless`) pattern that holds back the match `at`: one that matches before it
 * in the same segment (a frame governs what follows: "aims to smooth wrinkles, restore volume…",
 * up to a colon, a semicolon or a dash) or in a clause the match covers. One after the match in
 * a later clause does not: in "it smooths wrinkles, and is suitable for all skin types", the
 * first clause is a claim of its own.
 */
function exceptionFor(s: Sentence, patterns: CompiledPattern[] | undefined, at: Span): CompiledPattern | undefined {
  if (!patterns?.length) return undefined;
  const { clause } = sentenceFacts(s);
  const segment = segmentsOf(s);
  const last = clause[at.end];
  for (const p of patterns) {
    for (const e of spans(s, p)) if (segment[e.start] === segment[at.start] && (e.start < at.start || clause[e.start] <= last)) return p;
  }
  return undefined;
}

/** A rule whose pattern the sentence asserts (before topic and page context are considered). */
export interface TextMatch {
  rule: CompiledRule;
  /** what the sentence itself says of the rule's topic, from the match's clause first */
  mention?: TopicMention;
  pattern: string;
  /** the stems the pattern names itself (a rival in "who needs @treatments") */
  literals?: Set<string>;
  match: string;
  matchStart: number;
  matchEnd: number;
}

/**
 * Everything about a sentence that depends on its words alone: which rules it asserts, which
 * were held back (polarity, exceptions), which topics it names itself, and which page-scope
 * rules' patterns it asserts. Pure, so the analysis caches it by text: boilerplate repeated on
 * every page of a site (menus, footers, calls to action) is analysed once.
 */
export interface TextAnalysis {
  matches: TextMatch[];
  /** what held rules back, for `check --explain` */
  held: RuleTrace[];
  /** topic id → does the sentence itself name it ('on'), only other treatments ('off'), or neither (sentences with matches) */
  mentions: Map<string, TopicMention>;
  /** the sentence's stem line, for what a later sentence of its paragraph asks of it */
  line: string;
  /** ids of page-scope rules whose patterns this sentence asserts */
  pageAsserts: Set<string>;
  /** the sentence's folded words, once a finding id needed them */
  words?: string;
}

export function analyzeSentenceText(sentence: Sentence, ruleSet: RuleSet): TextAnalysis {
  const matches: TextMatch[] = [];
  const held: RuleTrace[] = [];
  // Patterns come grouped by rule, in rule order; the first asserted match of a rule wins.
  const entries = ruleSet.matchable(sentence);
  for (let i = 0; i < entries.length; ) {
    const rule = entries[i].rule;
    let found: { pattern: CompiledPattern; span: Span } | undefined;
    let heldBack: Verdict | undefined;
    let excepted: Verdict | undefined;
    const unless = rule.unless.get(sentence.lang);
    let refutation: CompiledPattern | null | undefined; // looked for once a match is asserted
    for (; i < entries.length && entries[i].rule === rule; i++) {
      if (found) continue;
      const pattern = entries[i].pattern;
      for (const span of spans(sentence, pattern, true)) {
        const verdict = judgeMatch(sentence, span.start, span.end, pattern.literals);
        if (verdict.asserted) {
          refutation ??= anyMatch(sentence, rule.refutedBy.get(sentence.lang)) ?? null;
          const exception = refutation ?? exceptionFor(sentence, unless, span);
          if (exception) {
            const text = slice(sentence, span);
            excepted ??= { ruleId: rule.id, outcome: 'exception', detail: `matched "${text}" but exception "${exception.source}" applies`, pattern: pattern.source, match: text, polarity: ASSERTED, exception: exception.source };
            continue;
          }
          found = { pattern, span };
          break;
        }
        heldBack ??= {
          ruleId: rule.id,
          outcome: 'held back',
          detail: `${verdict.reason} — pattern "${pattern.source}" matched "${slice(sentence, span)}"`,
          pattern: pattern.source,
          match: slice(sentence, span),
          polarity: verdict,
        };
      }
    }
    if (!found) {
      const why = excepted ?? heldBack;
      if (why) held.push(why);
      continue;
    }
    const matchText = slice(sentence, found.span);
    matches.push({
      rule,
      pattern: found.pattern.source,
      literals: found.pattern.literals,
      match: matchText,
      matchStart: sentence.tokens[found.span.start].start,
      matchEnd: sentence.tokens[found.span.end].end,
    });
  }
  const mentions = new Map<string, TopicMention>();
  if (matches.length) {
    const named = new Map<string, Named>();
    for (const [id, topic] of ruleSet.topics) {
      const at = namedAt(sentence, topic);
      named.set(id, at);
      mentions.set(id, mentionOf(at));
    }
    for (const m of matches) {
      const at = m.rule.topic ? named.get(m.rule.topic) : undefined;
      if (at) m.mention = clauseMention(sentence, m, at);
    }
  }
  const pageAsserts = new Set<string>();
  if (!/\?\s*$/.test(sentence.text)) {
    for (const { rule, pattern } of ruleSet.pageMatchable(sentence)) {
      if (pageAsserts.has(rule.id)) continue;
      for (const span of spans(sentence, pattern, true)) {
        if (judgeMatch(sentence, span.start, span.end, pattern.literals).asserted) {
          pageAsserts.add(rule.id);
          break;
        }
      }
    }
  }
  return { matches, held, mentions, line: sentence.line, pageAsserts };
}

/** The tokens where the topic ('on') and other treatments ('off') are named. */
interface Named {
  on: number[];
  off: number[];
}

/** Where a sentence names the topic and other treatments; a treatment named as avoided (« sans laser ») is not counted. */
function namedAt(s: Sentence, topic: CompiledTopic): Named {
  const { on, off } = topic.mentionOffsets(s.line, s.lang);
  const at = (o: number) => tokenAtLineOffset(s, o);
  return { on: on.map(at), off: off.map(at).filter((t) => !avoidedAt(s, t)) };
}

/** The topic named ('on'), only other treatments ('off'), or neither. */
function mentionOf({ on, off }: Named): TopicMention {
  return on.length ? 'on' : off.length ? 'off' : undefined;
}

/** What a sentence itself names: the topic ('on'), only other treatments ('off'), or neither. */
export function sentenceMention(s: Sentence, topic: CompiledTopic): TopicMention {
  return mentionOf(namedAt(s, topic));
}

/**
 * What the match's own clause says of the topic, else the whole sentence: in "Unlike <the
 * topic>, <another treatment> is FDA-cleared", the claim's clause names only the other
 * treatment, so it is not a claim about the topic.
 */
function clauseMention(s: Sentence, m: TextMatch, named: Named): TopicMention {
  if (!named.on.length && !named.off.length) return undefined;
  const { clause } = sentenceFacts(s);
  const start = Math.max(0, s.tokens.findIndex((t) => t.start >= m.matchStart));
  let end = s.tokens.findIndex((t) => t.end >= m.matchEnd);
  if (end < start) end = start;
  // the clauses the match covers ("…pour les jeunes, la radiofréquence pour raffermir la peau")
  const [first, last] = [clause[start], clause[end]];
  const { on } = named;
  // a treatment the pattern itself names is what the claim compares with ("who needs
  // liposuction"), not its subject
  const off = named.off.filter((t) => t < start || t > end || !m.literals?.has(s.tokens[t].stem));
  const inClause = (tokens: number[]) => tokens.some((t) => clause[t] >= first && clause[t] <= last);
  if (inClause(on)) return 'on';
  if (inClause(off)) return 'off';
  // Another treatment named in another clause is a comparison ("Unlike <another treatment>,
  // it is 100% natural"): only a mention of the topic itself still counts; else the context decides.
  return on.length ? 'on' : undefined;
}

/** Where a sentence stands on its page: what the context phase needs. */
export interface SentencePlace {
  headingPath: string[];
  /** what kind of text the sentence stands in (a rule may read only some kinds) */
  kind?: BlockKind;
  disabledRules?: string[];
  /** the sentences before this one in its paragraph */
  earlier?: readonly EarlierSentence[];
}

/** The kind of text a place is, for a rule's `reads`: a heading under another heading is a "subheading". */
function readKind(place: SentencePlace): ReadKind | undefined {
  return place.kind === 'heading' && place.headingPath.length > 0 ? 'subheading' : place.kind;
}

/** Does a rule that reads these kinds read this place? ("heading" covers subheadings too.) */
function reads(kinds: ReadKind[], place: SentencePlace): boolean {
  const kind = readKind(place);
  return kind !== undefined && (kinds.includes(kind) || (kind === 'subheading' && kinds.includes('heading')));
}

/**
 * The context phase: keep the matches whose sentence is about the rule's topic (named in the
 * sentence, its nearest heading or the page title) and not silenced inline.
 */
export function placeMatches(analysis: TextAnalysis, place: SentencePlace, ruleSet: RuleSet, ctx: TopicContext, trace?: RuleTrace[]): RuleHit[] {
  const hits: RuleHit[] = [];
  if (trace) trace.push(...analysis.held);
  const decisions = new Map<string, TopicDecision>();
  for (const m of analysis.matches) {
    const rule = m.rule;
    if (rule.reads && place.kind && !reads(rule.reads, place)) {
      trace?.push({ ruleId: rule.id, outcome: 'not read here', detail: `matched "${m.match}" but the rule reads only ${rule.reads.join(', ')} (this is ${readKind(place)})` });
      continue;
    }
    let topic: TopicDecision | undefined;
    if (rule.topic) {
      // the clause's own say when the sentence names a treatment; undefined: the context decides
      const own = analysis.mentions.get(rule.topic) ? m.mention : undefined;
      const key = `${rule.topic}\u0000${own ?? ''}`;
      topic = decisions.get(key);
      if (!topic) {
        const compiled = ruleSet.topics.get(rule.topic);
        topic = compiled ? compiled.decide(own, place.headingPath, ctx, place.earlier) : { onTopic: true, via: 'no topic' };
        decisions.set(key, topic);
      }
      if (!topic.onTopic) {
        trace?.push({ ruleId: rule.id, outcome: 'off-topic', detail: `matched "${m.match}" but the sentence is not about ${rule.topic} (${topic.via})`, pattern: m.pattern, match: m.match, polarity: ASSERTED, topic });
        continue;
      }
    }
    if (place.disabledRules?.some((d) => d === rule.id || d === 'all' || d === rule.category)) {
      trace?.push({ ruleId: rule.id, outcome: 'disabled', detail: 'silenced by a claimscan-disable-next comment in the page', pattern: m.pattern, match: m.match, polarity: ASSERTED, topic });
      continue;
    }
    hits.push({ rule, pattern: m.pattern, match: m.match, matchStart: m.matchStart, matchEnd: m.matchEnd, topic });
    trace?.push({ ruleId: rule.id, outcome: 'flagged', detail: `pattern "${m.pattern}" matched "${m.match}"${topic ? `; about ${rule.topic} (${topic.via})` : ''}`, pattern: m.pattern, match: m.match, polarity: ASSERTED, topic });
  }
  return hits;
}

const ASSERTED: PolarityVerdict = { asserted: true, reason: 'asserted' };

function slice(s: Sentence, span: Span): string {
  return s.text.slice(s.tokens[span.start].start, s.tokens[span.end].end);
}
