/**
 * Polarity: does the sentence assert what a rule matched, or does it negate, question, report
 * or refute it? Decided here once for every rule, relative to the matched span, so that
 * "sans risque" is a claim while "n'est pas sans risque" is not.
 */
import type { Lang } from './language.js';
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

/** The words and phrases one language expresses polarity with (all folded, unstemmed words). */
export interface PolarityLexicon {
  /** words that negate what follows them in the same clause */
  negation: string[];
  /** words that negate only after a "ne"/"n'" (French "plus": "n'est plus") */
  negationAfterNe?: string[];
  /** words that start a new clause ("mais", "but") */
  clauseBreaks: string[];
  /** phrases that report or attribute what follows ("ses promoteurs affirment") */
  reported: string[];
  /** phrases that refute the sentence wherever they stand ("aucune étude", "no evidence") */
  refuted: string[];
  /** words that make what follows hypothetical in the same clause ("si", "if") */
  hypothetical: string[];
  /** openings of rhetorical questions, which assert rather than ask ("who needs surgery?") */
  rhetorical?: string[];
  /** words of a page title that announce a critical or journalistic piece ("enquête", "myths") */
  criticalTitles?: string[];
  /** phrases that, ending a sentence, deny what came before ("…; mesotherapy does not.") */
  refutedTail?: string[];
  /** the language marks hypotheses with a conditional mood ending in -rait/-raient (French) */
  conditionalMood?: boolean;
  /** negations that reverse even a negative claim right after them ("pas" sans risque, "not" risk-free) */
  doubleNegators: string[];
  /** particles and verbs that tie an earlier negation to a later negative claim ("aucun acte n'est sans…") */
  verbLinks: string[];
}

export const LEXICONS: Record<string, PolarityLexicon> = {
  fr: {
    negation: ['pas', 'jamais', 'rien', 'aucun', 'aucune', 'aucuns', 'aucunes', 'nul', 'nulle', 'nullement', 'guere', 'sans', 'non', 'ni', 'point'],
    negationAfterNe: ['plus', 'personne'],
    clauseBreaks: ['mais', 'cependant', 'pourtant', 'toutefois', 'neanmoins', 'tandis', 'alors que', 'or'],
    reported: [
      'affirm*', 'pretend*', 'soi disant', 'soit disant', 'pretendument', 'present* ~4 comme', 'decri* ~4 comme', 'vend* ~4 comme', 'mefiez', 'mefier',
      'on lit', 'on entend', 'on peut lire', 'vante*', 'promoteurs', 'partisans', 'selon les cliniques',
      'des affirmations', 'contrairement a ce que|qu', 'contrairement aux (idees recues|affirmations|promesses)', 'il paraitrait',
      'il parait que', 'allegation*', 'promesse*', 'on m a (vendu|dit|assure|promis|jure)', 'm a (assure|promis|jure|vendu)',
      'vendu* comme', 'revendiqu*', 'pretendent', 'affichent', 'interroge*', 'selon (elle|lui|eux|certains|ses promoteurs)', 'slogan*',
      '(praticiens|cliniques|medecins|instituts|certains|beaucoup|promoteurs) ~2 (disent|affirment|pretendent|assurent|expliquent|soutiennent)',
      'selon laquelle|lequel|lesquels|lesquelles', 'l idee que|qu', 'mett* en avant', 'avancent', 'pour rassurer', 'de la a dire',
      'dire que|qu', 'dirais', 'publicite*', 'annonce*', 'm ~2 (jure|assure|promis|vendu|dit)', 'avait jure', 'qu on le dit',
    ],
    refuted: [
      'aucune etude', 'aucune preuve', 'aucune validation', 'aucune donnee', 'pas prouv*', 'pas demontr*', 'pas fonde*',
      'non prouv*', 'non fonde*', 'non demontr*', 'pas valid*', 'pas etay*', 'ne vient etay*', 'sans fondement',
      'faux', 'fausse', 'idee recue', 'mythe', 'rien ne prouve', 'rien ne permet', 'pas de preuve*', 'absence de preuve*',
      'manque de preuve*', 'peu de preuve*', 'preuve* ~2 insuffisante*|limitee*|faible*', 'n existe ~3 pas', 'n existe plus',
      'alors que la (reglementation|loi)', '(ne|n) ~1 (veut|veulent|signifie*|garanti*) pas dire', '(ne|n) (signifie*|implique*|garanti*) pas', '(n est|ne sont) pas synonyme*', 'ce qui est (interdit|illegal|faux)', 'interdit par la (loi|reglementation)',
    ],
    hypothetical: ['si', 's', 'pourrait', 'pourraient', 'serait', 'seraient', 'au cas ou', 'suppos*'],
    criticalTitles: ['enquete', 'arnaque*', 'verite sur', 'mythe*', 'idees recues', 'decryptage', 'mise en garde', 'alerte',
      'ne tient pas ses promesses', 'ce que dit la science', 'dangers', 'derives', 'fiche d information', 'le point sur'],
    rhetorical: ['qui a ~2 besoin', 'pourquoi (attendre|payer|souffrir|risquer|hesiter|se priver)', 'que demander de plus'],
    conditionalMood: true,
    refutedTail: ['pas le cas ~4', 'n en a|est pas', 'pas la mesotherapie|meso', 'toujours pas'],
    doubleNegators: ['pas', 'non', 'jamais', 'point'],
    verbLinks: ['ne', 'n', 'est', 'sont', 'etait', 'reste', 'restent'],
  },
  en: {
    negation: ['not', 'no', 'never', 'none', 'nothing', 'neither', 'nor', 'without', 'hardly', 'nobody', 'nowhere'],
    clauseBreaks: ['but', 'yet', 'however', 'whereas', 'although', 'though', 'while', 'instead'],
    reported: [
      'claim*', 'argue*', 'proponent*', 'promoter*', 'advocate*', 'supposedly', 'allegedly', 'so called',
      'said to', 'described as', 'describe ~3 as', 'marketed as', 'advertised as', 'promoted as', 'touted',
      'contrary to (what|claims|popular)', 'would have you believe', 'purported*', 'reportedly', 'swore', 'swear*',
      'sworn', 'told (me|us|her|him|them)', 'tell you', 'say they', 'sold (me|us|it) as', 'marketing', 'slogan*', 'insisted',
      'according to (the clinic|clinics|them|promoters|proponents)',
      '(practitioners|clinics|doctors|promoters|proponents|salons|injectors|some|many) ~2 (say|said|claim|claimed|argue|insist|tell)',
      'promis*', 'ads', 'adverts', 'advertis*', 'statement*', 'ruled', 'the idea that', 'the notion that', 'told', 'undercover',
    ],
    refuted: [
      'no study', 'no studies', 'no evidence', 'no proof', 'no scientific', 'no clinical', 'not proven', 'not been proven',
      'not been shown', 'unproven', 'lack of evidence', 'lack of scientific', 'not supported', 'is false', 'untrue', 'myth',
      'without scientific', 'not soundly', 'not provide any', 'insufficient evidence', 'little evidence', 'limited evidence',
      'evidence ~3 limited', 'not backed', 'no ~3 (trials|studies|evidence|proof|data) ~2 (showing|proving|that|to)',
      'ne resiste pas', 'ne tient pas', 'does not hold', 'doesn t hold', 'limited ~2 evidence', 'little ~2 evidence', 'insufficient ~2 evidence',
      'weak evidence', 'no good evidence', 'lacks evidence', 'lack ~2 evidence', 'no such ~3 exists|exist', 'does not exist',
      'which is (illegal|not allowed|false)', 'not allowed', 'whereas the (law|rules|regulations)', '(does|do) not (mean|make|imply|guarantee)',
      'is not the same as', 'misleading', 'beware',
    ],
    hypothetical: ['if', 'unless', 'would', 'could', 'might', 'may', 'whether', 'suppose', 'assuming'],
    criticalTitles: ['investigation', 'scam*', 'truth about', 'myth*', 'debunk*', 'what the evidence says', 'what the science says',
      'warning', 'exposed', 'fact check*', 'consumer', 'watchdog'],
    rhetorical: ['who needs', 'why (wait|pay|suffer|risk|settle|bother)', 'what more could you', 'what are you waiting for'],
    refutedTail: ['does|do|did|is|are|has|have|can|will not', 'not so|really', 'no such thing'],
    doubleNegators: ['not', 'never'],
    verbLinks: ['is', 'are', 'was', 'were', 'be', 'been', 'comes', 'come', 'has', 'have', 'remains'],
  },
};

/** Why a match is or is not an assertion (shown by `check --explain`). */
export interface PolarityVerdict {
  asserted: boolean;
  reason: string;
}

interface CompiledLexicon {
  negation: Set<string>;
  negationAfterNe: Set<string>;
  clauseBreaks: Set<string>;
  clauseBreakPhrases: LexiconPhrase[];
  reported: LexiconPhrase[];
  refuted: LexiconPhrase[];
  refutedTail: LexiconPhrase[];
  hypothetical: Set<string>;
  hypotheticalPhrases: LexiconPhrase[];
  rhetorical: LexiconPhrase[];
  criticalTitles: LexiconPhrase[];
  /** every phrase above, by the words it needs */
  prefilter: Prefilter<LexiconPhrase>;
  doubleNegators: Set<string>;
  verbLinks: Set<string>;
  conditionalMood: boolean;
}

const compiled = new Map<string, CompiledLexicon | null>();

/** Add or replace a language's lexicon (packs can bring their own languages). */
export function registerLexicon(lang: Lang, lexicon: PolarityLexicon): void {
  LEXICONS[lang] = lexicon;
  compiled.delete(lang);
}

function compileLexicon(lang: Lang): CompiledLexicon | null {
  if (compiled.has(lang)) return compiled.get(lang)!;
  const lex = LEXICONS[lang];
  if (!lex) {
    compiled.set(lang, null);
    return null;
  }
  const noLists = () => undefined;
  const phrase = (w: string, tail = false): LexiconPhrase => {
    const p = compilePhrase(w, lang, noLists);
    return { re: new RegExp(`(?<= )${p.regex}${tail ? '$' : ''}`), requires: p.requires };
  };
  const single = (ws: string[]) => new Set(ws.filter((w) => !w.includes(' ')));
  const multi = (ws: string[]) => ws.filter((w) => w.includes(' ')).map((w) => phrase(w));
  const c: CompiledLexicon = {
    negation: new Set(lex.negation),
    negationAfterNe: new Set(lex.negationAfterNe ?? []),
    clauseBreaks: single(lex.clauseBreaks),
    clauseBreakPhrases: multi(lex.clauseBreaks),
    reported: lex.reported.map((w) => phrase(w)),
    refuted: lex.refuted.map((w) => phrase(w)),
    refutedTail: (lex.refutedTail ?? []).map((w) => phrase(w, true)),
    hypothetical: single(lex.hypothetical),
    hypotheticalPhrases: multi(lex.hypothetical),
    rhetorical: (lex.rhetorical ?? []).map((w) => phrase(w)),
    criticalTitles: (lex.criticalTitles ?? []).map((w) => phrase(w)),
    prefilter: new Prefilter<LexiconPhrase>(),
    doubleNegators: new Set(lex.doubleNegators),
    conditionalMood: Boolean(lex.conditionalMood),
    verbLinks: new Set(lex.verbLinks),
  };
  for (const p of [...c.clauseBreakPhrases, ...c.reported, ...c.refuted, ...c.refutedTail, ...c.hypotheticalPhrases, ...c.rhetorical, ...c.criticalTitles]) c.prefilter.add(p, p.requires);
  compiled.set(lang, c);
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
}

const factsCache = new WeakMap<Sentence, SentenceFacts>();

export function sentenceFacts(s: Sentence): SentenceFacts {
  let facts = factsCache.get(s);
  if (facts) return facts;
  const lex = compileLexicon(s.lang);
  const text = s.text.trim();
  // A question, unless it is a rhetorical lead-in answered in the same sentence.
  const question = /\?\s*["'»”)]*$/.test(text) || /^(est-ce que|est ce que)\b/i.test(text);
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
  if (lex) {
    for (const p of lex.reported) {
      const m = find(s, p, lex);
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
  facts = { question, questionFrom, quoted, clause, reportedAt, reportedBy: reportedBy && readable(reportedBy), refutedBy };
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
    if (i > 0 && (/[;:()\[\]!?✔✓✅☑•▪►→|]|\s-\s|\.\s/.test(between) || /\p{Extended_Pictographic}/u.test(between))) segment++;
    out[i] = segment;
    prevEnd = s.tokens[i].end;
  }
  segmentCache.set(s, out);
  return out;
}

/** Clause number per token: punctuation (, ; : ( ) – «») and words like "mais"/"but" start clauses. */
function clausesOf(s: Sentence, lex: CompiledLexicon | null): number[] {
  const out: number[] = new Array(s.tokens.length);
  let clause = 0;
  let prevEnd = 0;
  for (let i = 0; i < s.tokens.length; i++) {
    const t = s.tokens[i];
    const between = s.text.slice(prevEnd, t.start);
    if (i > 0 && (/[,;:()\[\]!?✔✓✅☑•·▪►→|/]|\s-\s|\s-$|^-\s/.test(between) || /\p{Extended_Pictographic}/u.test(between))) clause++;
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

/** Words ending like French conditional verbs that are not verbs. */
const NOT_CONDITIONAL = new Set(['portrait', 'retrait', 'attrait', 'extrait', 'abstrait', 'distrait', 'trait', 'soustrait', 'portraits', 'extraits', 'retraits']);

/** A French verb in the conditional mood ("serait", "prescriraient"): what follows is not asserted. */
function isConditional(norm: string): boolean {
  // "(dis)paraît", "apparaît" are present tense, not conditional.
  return (norm.endsWith('rait') || norm.endsWith('raient')) && norm.length > 5 && !norm.endsWith('parait') && !NOT_CONDITIONAL.has(norm);
}

/** French "si" opens a hypothesis before a subject ("si vous…", "s'il…"), not before an adjective ("si faibles"). */
const SUBJECTS = new Set(['vous', 'on', 'il', 'ils', 'elle', 'elles', 'la', 'le', 'les', 'l', 'votre', 'vos', 'nous', 'c', 'ce', 'cela', 'ca', 'tu', 'je', 'j', 'un', 'une', 'des', 'mon', 'ma', 'mes', 'son', 'sa', 'ses', 'leur', 'leurs']);

function isHypothesis(norm: string, next: string): boolean {
  if (norm === 's') return next === 'il' || next === 'ils';
  if (norm === 'si') return SUBJECTS.has(next);
  return true;
}

/** Negation words that only coordinate negatives. */
const CONCORD = new Set(['ni', 'nor', 'neither']);

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
  // words: "On m'a vendu la méso comme « sans aucun effet secondaire »… résultat : 3 bleus".
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
    if (isNegation(s, i, lex) && !literals.has(s.tokens[i].stem) && !(negativeClaim && CONCORD.has(s.tokens[i].norm))) {
      return { asserted: false, reason: `negated ("${s.tokens[i].norm}" inside the match)` };
    }
    if (lex.conditionalMood && isConditional(s.tokens[i].norm) && !literals.has(s.tokens[i].stem)) {
      return { asserted: false, reason: `hypothetical ("${s.tokens[i].norm}", conditional)` };
    }
  }
  // A claim that is itself negative ("sans risque", "no side effects") is only reversed by a
  // true double negation ("n'est pas sans risque", "aucun acte n'est sans risque", "is not
  // risk-free"), not by negative concord ("sans aucun risque", "no downtime and no pain").
  for (let i = start - 1; i >= 0 && facts.clause[i] === clause; i--) {
    const norm = s.tokens[i].norm;
    if (lex.conditionalMood && isConditional(norm)) return { asserted: false, reason: `hypothetical ("${norm}", conditional)` };
    if (start - i <= NEGATION_WINDOW && isNegation(s, i, lex)) {
      if (!negativeClaim || lex.doubleNegators.has(norm) || hasVerbBetween(s, i, start, lex)) {
        return { asserted: false, reason: `negated ("${norm}")` };
      }
    }
    if (lex.hypothetical.has(norm) && isHypothesis(norm, s.tokens[i + 1]?.norm ?? '')) {
      return { asserted: false, reason: `hypothetical ("${norm}")` };
    }
  }
  for (const p of lex.hypotheticalPhrases) {
    const m = find(s, p, lex);
    if (m && tokenAtLineOffset(s, m.index) < start && facts.clause[tokenAtLineOffset(s, m.index)] === clause) return { asserted: false, reason: `hypothetical ("${readable(m[0])}")` };
  }
  return { asserted: true, reason: 'asserted' };
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
    for (let j = Math.max(0, i - 3); j < i; j++) if (s.tokens[j].norm === 'ne' || s.tokens[j].norm === 'n') return true;
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
