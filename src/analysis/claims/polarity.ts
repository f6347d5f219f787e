/**
 * Polarity: does the sentence assert what a rule matched, or does it negate, question, report
 * or refute it? Decided here once for every rule, relative to the matched span, so that
 * "sans risque" is a claim while "n'est pas sans risque" is not. The cues are data: the
 * language files (rules/languages/*.yaml and the packs' own), see ../languages/schema.ts.
 */
import type { Lang } from './language.js';
import { languages } from '../languages/table.js';
import type { LanguageDefinition } from '../languages/schema.js';
import { compilePhrase, type Anchors } from './phrase.js';
import { tokenAtLineOffset, type Sentence } from './sentence.js';
import { Prefilter } from './prefilter.js';

/** A lexicon phrase ready to run: its expression, and the words a sentence needs for it to match. */
interface LexiconPhrase {
  re: RegExp;
  requires: Anchors[];
}

const lexiconCandidates = new WeakMap<Sentence, Set<LexiconPhrase>>();

/** First match of `p` in the sentence line; skipped when the prefilter says a needed word is absent. */
function find(s: Sentence, p: LexiconPhrase, lex: CompiledLexicon): RegExpExecArray | null {
  let candidates = lexiconCandidates.get(s);
  if (!candidates) {
    candidates = new Set(lex.prefilter.candidates(s.tokens));
    lexiconCandidates.set(s, candidates);
  }
  return candidates.has(p) ? p.re.exec(s.line) : null;
}

/** Why a match is or is not an assertion (shown by `check --explain`). */
export interface PolarityVerdict {
  asserted: boolean;
  reason: string;
}

interface CompiledLexicon {
  negation: Set<string>;
  negationAfterNe: Set<string>;
  negationParticles: Set<string>;
  negativeConcord: Set<string>;
  clauseBreaks: Set<string>;
  clauseBreakPhrases: LexiconPhrase[];
  reported: LexiconPhrase[];
  notReported: LexiconPhrase[];
  notHypothetical: LexiconPhrase[];
  refuted: LexiconPhrase[];
  refutedTail: LexiconPhrase[];
  hypothetical: Set<string>;
  hypotheticalPhrases: LexiconPhrase[];
  hypotheticalBefore: Map<string, Set<string>>;
  rhetorical: LexiconPhrase[];
  criticalTitles: LexiconPhrase[];
  questionOpeners: RegExp | null;
  /** every phrase above, by the words it needs */
  prefilter: Prefilter<LexiconPhrase>;
  doubleNegators: Set<string>;
  verbLinks: Set<string>;
  conditional: LanguageDefinition['conditionalMood'] & { exceptSet: Set<string> } | null;
  coordinators: Set<string>;
  prefixNegation: Set<string>;
  privativeNegation: Set<string>;
}

const compiled = new WeakMap<LanguageDefinition, CompiledLexicon>();

function compileLexicon(lang: Lang): CompiledLexicon | null {
  const lex = languages().get(lang);
  if (!lex) return null;
  const done = compiled.get(lex);
  if (done) return done;
  const noLists = () => undefined;
  const phrase = (w: string, tail = false): LexiconPhrase => {
    const p = compilePhrase(w, lang, noLists);
    return { re: new RegExp(`(?<= )${p.regex}${tail ? '$' : ''}`), requires: p.requires };
  };
  const single = (ws: string[]) => new Set(ws.filter((w) => !w.includes(' ')));
  const multi = (ws: string[]) => ws.filter((w) => w.includes(' ')).map((w) => phrase(w));
  const c: CompiledLexicon = {
    negation: new Set(lex.negation),
    negationAfterNe: new Set(lex.negationAfterNe),
    negationParticles: new Set(lex.negationParticles),
    negativeConcord: new Set(lex.negativeConcord),
    clauseBreaks: single(lex.clauseBreaks),
    clauseBreakPhrases: multi(lex.clauseBreaks),
    reported: lex.reported.map((w) => phrase(w)),
    notReported: lex.notReported.map((w) => phrase(w)),
    notHypothetical: lex.notHypothetical.map((w) => phrase(w)),
    refuted: lex.refuted.map((w) => phrase(w)),
    refutedTail: lex.refutedTail.map((w) => phrase(w, true)),
    hypothetical: single(lex.hypothetical),
    hypotheticalPhrases: multi(lex.hypothetical),
    hypotheticalBefore: new Map(Object.entries(lex.hypotheticalBefore).map(([w, next]) => [w, new Set(next)])),
    rhetorical: lex.rhetorical.map((w) => phrase(w)),
    criticalTitles: lex.criticalTitles.map((w) => phrase(w)),
    questionOpeners: lex.questionOpeners.length
      ? new RegExp(`^(?:${lex.questionOpeners.map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}])`, 'iu')
      : null,
    prefilter: new Prefilter<LexiconPhrase>(),
    doubleNegators: new Set(lex.doubleNegators),
    conditional: lex.conditionalMood ? { ...lex.conditionalMood, exceptSet: new Set(lex.conditionalMood.except) } : null,
    verbLinks: new Set(lex.verbLinks),
    coordinators: new Set(lex.coordinators),
    prefixNegation: new Set(lex.prefixNegation),
    privativeNegation: new Set(lex.privativeNegation),
  };
  for (const p of [...c.clauseBreakPhrases, ...c.reported, ...c.notReported, ...c.notHypothetical, ...c.refuted, ...c.refutedTail, ...c.hypotheticalPhrases, ...c.rhetorical, ...c.criticalTitles]) c.prefilter.add(p, p.requires);
  compiled.set(lex, c);
  return c;
}

/** Sentence-wide facts, computed once per sentence and shared by every rule's matches. */
export interface SentenceFacts {
  /** the sentence ends with a question mark */
  question: boolean;
  /** first token of the question: the last segment of a sentence that ends with "?" (a claim before a colon or dash stays a claim: "Sans risque – pourquoi attendre ?") */
  questionFrom: number;
  /** [start, end) token ranges inside quotation marks */
  quoted: Array<[number, number]>;
  /** clause number of each token */
  clause: number[];
  /** token index where a reported-speech marker starts, or -1 */
  reportedAt: number;
  reportedBy?: string;
  refutedBy?: string;
  /** tokens that open a wish, not a hypothesis ("if you want", « si vous souhaitez ») */
  wishes: Set<number>;
}

const factsCache = new WeakMap<Sentence, SentenceFacts>();

export function sentenceFacts(s: Sentence): SentenceFacts {
  let facts = factsCache.get(s);
  if (facts) return facts;
  const lex = compileLexicon(s.lang);
  const text = s.text.trim();
  // A question, unless it is a rhetorical lead-in answered in the same sentence.
  const question = /\?\s*["'»”)]*$/.test(text) || Boolean(lex?.questionOpeners?.test(text));
  const clause = clausesOf(s, lex);
  let questionFrom = s.tokens.length;
  if (question) {
    const segment = segmentsOf(s);
    const last = segment[segment.length - 1];
    questionFrom = segment.indexOf(last);
    // A rhetorical question asserts: "Permanently eliminates chin fat – who needs a neck lift?"
    if (lex?.rhetorical.some((p) => find(s, p, lex))) questionFrom = s.tokens.length;
  }
  const quoted = quotedRanges(s);
  let reportedAt = -1;
  let reportedBy: string | undefined;
  let refutedBy: string | undefined;
  const wishes = new Set<number>();
  if (lex) {
    // "if you want…, X is for you" states a wish the sentence answers, not a hypothesis.
    for (const p of lex.notHypothetical) {
      if (!find(s, p, lex)) continue;
      const g = new RegExp(p.re.source, 'g');
      for (let m = g.exec(s.line); m; m = g.exec(s.line)) wishes.add(tokenAtLineOffset(s, m.index));
    }
    // Set phrases that hold a reporting word but report nothing ("c'est-à-dire"): line spans.
    const idioms: Array<[number, number]> = [];
    for (const p of lex.notReported) {
      if (!find(s, p, lex)) continue;
      const g = new RegExp(p.re.source, 'g');
      for (let m = g.exec(s.line); m; m = g.exec(s.line)) idioms.push([m.index, m.index + m[0].length]);
    }
    for (const p of lex.reported) {
      let m = find(s, p, lex);
      if (m && idioms.length) {
        // the first match not inside an idiom
        const g = new RegExp(p.re.source, 'g');
        for (m = g.exec(s.line); m; m = g.exec(s.line)) {
          const [from, to] = [m.index, m.index + m[0].length];
          if (!idioms.some(([a, b]) => from < b && to > a)) break;
        }
      }
      if (m) {
        const at = tokenAtLineOffset(s, m.index);
        if (reportedAt < 0 || at < reportedAt) {
          reportedAt = at;
          reportedBy = m[0];
        }
      }
    }
    for (const p of [...lex.refuted, ...lex.refutedTail]) {
      const m = find(s, p, lex);
      if (m) {
        refutedBy = readable(m[0]);
        break;
      }
    }
  }
  facts = { question, questionFrom, quoted, clause, reportedAt, reportedBy: reportedBy && readable(reportedBy), refutedBy, wishes };
  factsCache.set(s, facts);
  return facts;
}


/** Token ranges inside « », “ ”, " " or ' ' quotation marks. */
function quotedRanges(s: Sentence): Array<[number, number]> {
  const text = s.text;
  if (!/[«“"]|(^|\s)'/.test(text)) return [];
  const spans: Array<[number, number]> = [];
  const re = /«([^»]*)»|“([^”]*)”|"([^"]*)"|(?:^|(?<=\s))'([^']+)'(?=[\s,.;:!?)…-]|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) spans.push([m.index, m.index + m[0].length]);
  const out: Array<[number, number]> = [];
  for (const [from, to] of spans) {
    let a = -1;
    let b = -1;
    s.tokens.forEach((t, i) => {
      if (t.start >= from && t.end <= to) {
        if (a < 0) a = i;
        b = i + 1;
      }
    });
    if (a >= 0) out.push([a, b]);
  }
  return out;
}

/** "stem/word stem/word " → "word word" for messages. */
function readable(lineText: string): string {
  return lineText
    .trim()
    .split(' ')
    .map((t) => t.slice(t.indexOf('/') + 1))
    .join(' ');
}

const segmentCache = new WeakMap<Sentence, number[]>();

/**
 * Segment number per token: segments break only at strong punctuation (: ; ( ) ! ? and
 * dashes). A phrase pattern's match never spans two segments.
 */
export function segmentsOf(s: Sentence): number[] {
  const cached = segmentCache.get(s);
  if (cached) return cached;
  const out: number[] = new Array(s.tokens.length);
  let segment = 0;
  let prevEnd = 0;
  for (let i = 0; i < s.tokens.length; i++) {
    const between = s.text.slice(prevEnd, s.tokens[i].start);
    if (i > 0 && (/[;:()\[\]!?✔✓✅☑•▪►→|]|\s[-–—]\s|\.\s/.test(between) || PICTOGRAPH.test(between))) segment++;
    out[i] = segment;
    prevEnd = s.tokens[i].end;
  }
  segmentCache.set(s, out);
  return out;
}

/** An emoji or a symbol used as a bullet; not ©, ® or ™, which follow a brand name ("Aqualyx®"). */
const PICTOGRAPH = /(?![©®™])\p{Extended_Pictographic}/u;

/** Clause number per token: punctuation (, ; : ( ) – «») and words like "mais"/"but" start clauses. */
function clausesOf(s: Sentence, lex: CompiledLexicon | null): number[] {
  const out: number[] = new Array(s.tokens.length);
  let clause = 0;
  let prevEnd = 0;
  for (let i = 0; i < s.tokens.length; i++) {
    const t = s.tokens[i];
    const between = s.text.slice(prevEnd, t.start);
    if (i > 0 && (/[,;:()\[\]!?✔✓✅☑•·▪►→|/]|\s[-–—]\s|\s[-–—]$|^[-–—]\s/.test(between) || PICTOGRAPH.test(between))) clause++;
    if (lex?.clauseBreaks.has(t.norm)) clause++;
    out[i] = clause;
    prevEnd = t.end;
  }
  if (lex?.clauseBreakPhrases.length) {
    for (const p of lex.clauseBreakPhrases) {
      const m = find(s, p, lex);
      if (!m) continue;
      const at = tokenAtLineOffset(s, m.index);
      for (let i = at; i < out.length; i++) out[i] += 1;
    }
  }
  return out;
}

/** A verb in the conditional mood ("serait", "prescriraient"): what follows is not asserted. */
function isConditional(norm: string, lex: CompiledLexicon): boolean {
  const c = lex.conditional;
  if (!c || norm.length < c.minLength || c.exceptSet.has(norm)) return false;
  // "(dis)paraît", "apparaît" are present tense, not conditional.
  return c.endings.some((e) => norm.endsWith(e)) && !c.notEndings.some((e) => norm.endsWith(e));
}

/** Some hypothetical words open a hypothesis only before given words (French "si" before a subject, not "si faibles"). */
function isHypothesis(norm: string, next: string, lex: CompiledLexicon): boolean {
  const before = lex.hypotheticalBefore.get(norm);
  return !before || before.has(next);
}

/** How many words before a match a negation still governs it. */
const NEGATION_WINDOW = 6;

/**
 * Decide whether the tokens `start..end` (inclusive) matched by a pattern whose own words are
 * `literals` are asserted by the sentence.
 */
export function judgeMatch(s: Sentence, start: number, end: number, literals: Set<string>): PolarityVerdict {
  const facts = sentenceFacts(s);
  if (facts.question && end >= facts.questionFrom) return { asserted: false, reason: 'question' };
  if (facts.refutedBy) return { asserted: false, reason: `refuted ("${facts.refutedBy}")` };
  if (facts.reportedAt >= 0 && facts.reportedAt < start) return { asserted: false, reason: `reported speech ("${facts.reportedBy}")` };
  // Words in quotation marks in a sentence that reports speech anywhere are somebody else's
  // words: "On m'a vendu ce soin comme « sans aucun effet secondaire »… résultat : 3 bleus".
  if (facts.reportedAt >= 0 && facts.quoted.some(([a, b]) => start >= a && end < b)) {
    return { asserted: false, reason: `quoted and reported ("${facts.reportedBy}")` };
  }
  const lex = compileLexicon(s.lang);
  if (!lex) return { asserted: true, reason: `asserted (no polarity lexicon for ${s.lang})` };
  const clause = facts.clause[start];
  // Negation words inside the matched span that the pattern did not ask for ("cannot be" in a gap).
  // Inside a negative claim ("sans anxiolytiques ni somnifères"), "ni"/"nor" join negatives.
  const negativeClaim = isNegation(s, start, lex) && literals.has(s.tokens[start].stem);
  for (let i = start; i <= end; i++) {
    if (isNegation(s, i, lex) && !literals.has(s.tokens[i].stem) && !(negativeClaim && lex.negativeConcord.has(s.tokens[i].norm))) {
      return { asserted: false, reason: `negated ("${s.tokens[i].norm}" inside the match)` };
    }
    if (isConditional(s.tokens[i].norm, lex) && !literals.has(s.tokens[i].stem)) {
      return { asserted: false, reason: `hypothetical ("${s.tokens[i].norm}", conditional)` };
    }
  }
  // A claim that is itself negative ("sans risque", "no side effects") is only reversed by a
  // true double negation ("n'est pas sans risque", "aucun acte n'est sans risque", "is not
  // risk-free"), not by negative concord ("sans aucun risque", "no downtime and no pain").
  // A negation does not reach across a conjunction that opens a new predicate: in « sans
  // danger et ses résultats sont garantis » or "doesn't hurt and is risk-free", the second
  // claim is asserted ("n'est pas sûr et efficace" stays negated: no verb after "et").
  let coordinated = false;
  for (let i = start - 1; i >= 0 && facts.clause[i] === clause; i--) {
    const norm = s.tokens[i].norm;
    if (isConditional(norm, lex)) return { asserted: false, reason: `hypothetical ("${norm}", conditional)` };
    if (!coordinated && lex.coordinators.has(norm) && hasVerbBetween(s, i, end + 1, lex)) coordinated = true;
    if (!coordinated && start - i <= NEGATION_WINDOW && isNegation(s, i, lex) && reaches(s, i, start, lex)) {
      if (!negativeClaim || lex.doubleNegators.has(norm) || hasVerbBetween(s, i, start, lex)) {
        return { asserted: false, reason: `negated ("${norm}")` };
      }
    }
    if (lex.hypothetical.has(norm) && isHypothesis(norm, s.tokens[i + 1]?.norm ?? '', lex) && !facts.wishes.has(i)) {
      return { asserted: false, reason: `hypothetical ("${norm}")` };
    }
  }
  for (const p of lex.hypotheticalPhrases) {
    const m = find(s, p, lex);
    if (m && tokenAtLineOffset(s, m.index) < start && facts.clause[tokenAtLineOffset(s, m.index)] === clause) return { asserted: false, reason: `hypothetical ("${readable(m[0])}")` };
  }
  return { asserted: true, reason: 'asserted' };
}

/**
 * Does the negation at `i` reach the match starting at `start`? A prefix negation negates the
 * next word only (« non chirurgicale pour supprimer… »); a privative one ("sans", "without")
 * stops at a coordinator not followed by another negation (« sans risque et efficace », but
 * « sans douleur et sans cicatrice »).
 */
function reaches(s: Sentence, i: number, start: number, lex: CompiledLexicon): boolean {
  const norm = s.tokens[i].norm;
  if (lex.prefixNegation.has(norm)) return i + 1 >= start;
  if (lex.privativeNegation.has(norm)) {
    for (let j = i + 1; j < start; j++) {
      if (lex.coordinators.has(s.tokens[j].norm) && !(j + 1 < s.tokens.length && isNegation(s, j + 1, lex))) return false;
    }
  }
  return true;
}

/**
 * Is the word at `i` named as something avoided (« sans laser », "without surgery")? A treatment
 * named so is not what the sentence is about.
 */
export function avoidedAt(s: Sentence, i: number): boolean {
  const lex = compileLexicon(s.lang);
  if (!lex || i === 0) return false;
  const before = s.tokens[i - 1].norm;
  if (lex.privativeNegation.has(before)) return true;
  // « sans chirurgie ni laser », "without surgery or lasers"
  if (!lex.coordinators.has(before) && !lex.negativeConcord.has(before)) return false;
  const { clause } = sentenceFacts(s);
  for (let j = i - 2; j >= Math.max(0, i - 5) && clause[j] === clause[i]; j--) {
    if (lex.privativeNegation.has(s.tokens[j].norm)) return true;
  }
  return false;
}

/** A verb between a negation and a negative claim makes it a double negation ("n'est sans"). */
function hasVerbBetween(s: Sentence, from: number, to: number, lex: CompiledLexicon): boolean {
  for (let j = from + 1; j < to; j++) if (lex.verbLinks.has(s.tokens[j].norm)) return true;
  return false;
}

function isNegation(s: Sentence, i: number, lex: CompiledLexicon): boolean {
  const norm = s.tokens[i].norm;
  if (lex.negation.has(norm)) return true;
  if (lex.negationAfterNe.has(norm)) {
    for (let j = Math.max(0, i - 3); j < i; j++) if (lex.negationParticles.has(s.tokens[j].norm)) return true;
  }
  return false;
}

/**
 * Is this page title (as a sentence) that of a critical or journalistic piece — a question, a
 * refutation, or words like "enquête", "myths"? Such pages quote claims in their headings to
 * examine them; their headings are then not read as claims (their sentences still are).
 */
export function titleIsCritical(title: Sentence): boolean {
  const lex = compileLexicon(title.lang);
  if (/\?/.test(title.text)) return true;
  if (!lex) return false;
  if (lex.criticalTitles.some((p) => find(title, p, lex))) return true;
  return Boolean(sentenceFacts(title).refutedBy);
}
