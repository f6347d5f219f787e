/**
 * One page through the analysis stages: extract text blocks → sentences → rules → findings.
 * Pure: no I/O, so it is tested and benchmarked without a network.
 */
import { languageScores, type Lang } from './claims/language.js';
import { identifyLanguage } from './claims/identify-language.js';
import { makeSentence, type Sentence } from './claims/sentence.js';
import { sentenceTexts } from './claims/sentences.js';
import { titleIsCritical } from './claims/polarity.js';
import { newTopicContext, type EarlierSentence, type TopicDecision } from './claims/topic.js';
import { extractPage } from './extract/html-to-blocks.js';
import type { ExtractedPage, TextBlock } from '../model/blocks.js';
import { MAX_DEPTH } from './extract/bound-depth.js';
import { blockSelector } from './extract/selector.js';
import type { PageSnapshot, PdfText } from '../model/page-snapshot.js';
import { classifyReach, REACH_TEXT_NEEDED } from './extract/reachability.js';
import type { Finding } from '../model/finding.js';
import { findingId } from './findings/finding-id.js';
import { foldedWords } from './claims/tokens.js';
import type { PageRecord, Reached } from '../model/report-model.js';
import { analyzeSentenceText, placeMatches, sentenceMention, type RuleTrace, type TextAnalysis } from './rules/match-sentence.js';
import { localized, type CompiledRule } from './rules/rule.js';
import type { RuleSet } from './rules/rule-set.js';
import { ruleConfidence } from './learned/confidence.js';
import { learnedHits, type LearnedCandidate } from './learned/tier.js';
import { useLanguages } from './languages/table.js';

export interface AnalyzeOptions {
  /** force the language of every page ('auto' or undefined: `<html lang>`, else detected) */
  lang?: Lang | 'auto';
  /** collect links for the crawler */
  collectLinks?: boolean;
  /** record what every rule did on every sentence (`check --explain`) */
  explain?: boolean;
  /**
   * obey `claimscan-disable-next` comments in pages (`--honor-inline-opt-outs`, or `honorInlineOptOuts`
   * in a config group: for one's own sites). Off by default: a scanned site must not be able to
   * silence its own claims; ignored comments are counted on the page record.
   */
  honorInlineOptOuts?: boolean;
  /** collect the page's `<img>` sources (for --ocr) */
  collectImages?: boolean;
  /** sees every sentence the learned tier's gate lets through (`eval --rank`, training) */
  onLearnedCandidate?: (c: LearnedCandidate) => void;
}

export interface SentenceExplanation {
  text: string;
  headingPath: string[];
  topic: Record<string, TopicDecision>;
  rules: RuleTrace[];
}

export interface PageAnalysis {
  page: PageRecord;
  findings: Finding[];
  extracted?: ExtractedPage;
  explanation?: SentenceExplanation[];
}

/** Pick the page language: forced, declared, or detected from its text. */
export function pageLanguage(extracted: ExtractedPage, forced: AnalyzeOptions['lang'], ruleSet: RuleSet): Lang {
  if (forced && forced !== 'auto') return forced;
  const known = new Set(ruleSet.packs.flatMap((p) => p.languages));
  // The first few thousand characters tell the language as well as the whole page.
  let sample = '';
  for (const b of extracted.blocks) {
    sample += b.text + ' ';
    if (sample.length > 4000) break;
  }
  const declared = extracted.declaredLang;
  if (declared && known.has(declared)) {
    // Site themes often declare their default language over content in another: a text that
    // is clearly in the other language wins.
    const scores = languageScores(sample);
    const other = declared === 'fr' ? 'en' : declared === 'en' ? 'fr' : undefined;
    if (other && scores[other] >= 8 && scores[other] > 3 * scores[declared as 'fr' | 'en']) return other;
    return declared;
  }
  return identifyLanguage(sample, declared === 'fr' ? 'fr' : 'en').lang;
}

export function analyzePage(snapshot: PageSnapshot, ruleSet: RuleSet, options: AnalyzeOptions = {}): PageAnalysis {
  const page: PageRecord = {
    url: snapshot.url,
    ...(snapshot.finalUrl && snapshot.finalUrl !== snapshot.url ? { finalUrl: snapshot.finalUrl } : {}),
    title: '',
    lang: '',
    status: snapshot.status,
    ...(snapshot.error ? { error: snapshot.error } : {}),
    fetchedAt: snapshot.fetchedAt,
    ...(snapshot.sha256 ? { sha256: snapshot.sha256 } : {}),
    ...(snapshot.rendered ? { rendered: true } : {}),
    ...(snapshot.note ? { note: snapshot.note } : {}),
    findings: 0,
  };
  if (snapshot.pdf) {
    page.state = 'analysed';
    return analyzePdf(snapshot, snapshot.pdf, page, ruleSet, options);
  }
  if (snapshot.html === undefined) {
    page.state = snapshot.error || !(snapshot.status >= 200 && snapshot.status < 400) ? 'failed' : 'skipped';
    return { page, findings: [] };
  }
  page.state = 'analysed';
  const extracted = extractPage(snapshot.html, { baseUrl: snapshot.finalUrl ?? snapshot.url, collectLinks: options.collectLinks, collectImages: options.collectImages });
  const lang = pageLanguage(extracted, options.lang, ruleSet);
  page.title = extracted.title;
  page.lang = lang;
  page.reached = reachOf(extracted, snapshot);
  if (extracted.flattened) page.note = [page.note, `${extracted.flattened} element(s) nested deeper than ${MAX_DEPTH} levels flattened`].filter(Boolean).join('; ');
  let blocks = extracted.blocks;
  if (!options.honorInlineOptOuts) {
    const ignored = blocks.filter((b) => b.disabledRules?.length).length;
    if (ignored) {
      page.inlineOptOutsIgnored = ignored;
      // copies: the extracted blocks (stored in history) keep their comments for a later rescan
      blocks = blocks.map((b) => (b.disabledRules ? { ...b, disabledRules: undefined } : b));
    }
  }
  const result = analyzeBlocks(blocks, extracted.title, lang, snapshot.url, ruleSet, options.explain, textCacheOn, options.onLearnedCandidate);
  page.findings = result.findings.length;
  return { page, findings: result.findings, extracted, explanation: result.explanation };
}

/** Was the page's content reached, or did a wall stand in front of it? (extract/reachability.ts) */
function reachOf(extracted: ExtractedPage, snapshot: PageSnapshot): Reached {
  const shown = extracted.blocks.filter((b) => b.kind !== 'title' && b.kind !== 'meta');
  const textLength = shown.reduce((n, b) => n + b.text.length, 0);
  const text = textLength < REACH_TEXT_NEEDED ? shown.map((b) => b.text).join('\n') : '';
  return classifyReach({ title: extracted.title, text, textLength, html: snapshot.html, url: snapshot.finalUrl ?? snapshot.url, steps: snapshot.steps });
}

/** A PDF document: its pages' text as blocks, each finding with its page number. */
function analyzePdf(snapshot: PageSnapshot, pdf: PdfText, page: PageRecord, ruleSet: RuleSet, options: AnalyzeOptions): PageAnalysis {
  const blocks: TextBlock[] = [];
  let heading: string | undefined;
  const title = pdf.title ?? pdf.pages.flatMap((p) => p.blocks).find((b) => b.heading)?.text ?? '';
  if (title) blocks.push({ kind: 'title', text: title, headingPath: [] });
  for (const p of pdf.pages) {
    for (const b of p.blocks) {
      if (b.heading) {
        blocks.push({ kind: 'heading', text: b.text, headingPath: [], page: p.number, selector: '' });
        heading = b.text;
      } else blocks.push({ kind: 'text', text: b.text, headingPath: heading ? [heading] : [], page: p.number, selector: '' });
    }
  }
  const textLength = blocks.reduce((n, b) => n + (b.kind === 'title' ? 0 : b.text.length), 0);
  const extracted: ExtractedPage = { title, ...(pdf.lang ? { declaredLang: pdf.lang } : {}), blocks, links: [], scriptCount: 0, textLength, noFollow: true };
  const lang = pageLanguage(extracted, options.lang, ruleSet);
  page.title = title;
  page.lang = lang;
  page.pdfPages = { total: pdf.pageCount, read: pdf.pages.length };
  page.reached = textLength > 0 ? { ok: true } : { ok: false, kind: 'empty', signals: ['the PDF has no text layer (a scan or images only)'] };
  const result = analyzeBlocks(blocks, title, lang, snapshot.url, ruleSet, options.explain, textCacheOn);
  page.findings = result.findings.length;
  return { page, findings: result.findings, extracted, explanation: result.explanation };
}

/** Most sentence texts remembered per rule set (boilerplate repeats from page to page). */
const TEXT_CACHE_LIMIT = 20_000;
const textCaches = new WeakMap<RuleSet, Map<string, TextAnalysis>>();

let textCacheOn = true;

/** Whether sentence analyses are being reused (false inside `withoutTextCache`). */
export function textCacheEnabled(): boolean {
  return textCacheOn;
}

/** Run `fn` with every sentence analysed afresh, as if never seen (the analysis benchmark's "no cache" rounds). */
export function withoutTextCache<T>(fn: () => T): T {
  textCacheOn = false;
  try {
    return fn();
  } finally {
    textCacheOn = true;
  }
}

/** Forget the sentences seen so far (the benchmark starts every round as a new crawl). */
export function clearTextCache(ruleSet: RuleSet): void {
  textCaches.delete(ruleSet);
}

/** The words-only analysis of a sentence, from the cache when the same text was seen before. */
function analyzeText(text: string, lang: Lang, block: TextBlock, index: number, ruleSet: RuleSet, fresh: boolean): { analysis: TextAnalysis; sentence?: Sentence } {
  let cache = textCaches.get(ruleSet);
  if (!cache) textCaches.set(ruleSet, (cache = new Map()));
  const key = `${lang}\u0000${text}`;
  const cached = fresh ? undefined : cache.get(key);
  if (cached) return { analysis: cached };
  const sentence = makeSentence(text, lang, block, index);
  const analysis = analyzeSentenceText(sentence, ruleSet);
  if (fresh) return { analysis, sentence };
  if (cache.size >= TEXT_CACHE_LIMIT) cache.clear();
  cache.set(key, analysis);
  return { analysis, sentence };
}

/** A list item (or its lead-in) longer than this is a sentence of its own, not part of one. */
const MAX_LIST_ITEM = 200;

/** The analysis proper, from text blocks on: also what `check "<text>"` runs. */
export function analyzeBlocks(
  blocks: TextBlock[],
  title: string,
  lang: Lang,
  url: string,
  ruleSet: RuleSet,
  explain = false,
  textCache = true,
  /** sees every sentence the learned tier's gate lets through (`eval --rank`, training) */
  onLearnedCandidate?: (c: LearnedCandidate) => void,
): { findings: Finding[]; explanation?: SentenceExplanation[] } {
  useLanguages(ruleSet.languages);
  const ctx = newTopicContext(title, lang);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const pageAsserted = new Set<string>();
  const explanation: SentenceExplanation[] | undefined = explain ? [] : undefined;
  let index = 0;
  const critical = title ? titleIsCritical(makeSentence(title, lang, { kind: 'title', text: title, headingPath: [] }, -1)) : false;
  let leadIn: string | undefined;
  for (const block of blocks) {
    // On a critical page (an investigation, a myth-buster), headings name the claims examined.
    const quoting = critical && (block.kind === 'heading' || block.kind === 'title');
    const texts = sentenceTexts(block.text);
    // A list continues the sentence that introduces it ("<the treatment> permet de : – réduire
    // la cellulite"): each short item is read together with its lead-in, as one claim.
    if (block.kind === 'list-item' && leadIn && texts.length === 1 && texts[0].length <= MAX_LIST_ITEM) texts[0] = `${leadIn} ${texts[0]}`;
    else if (block.kind !== 'list-item') leadIn = undefined;
    if (block.kind === 'text' || block.kind === 'list-item') {
      const last = texts[texts.length - 1];
      // its colon is dropped: a negation in the lead-in (« ne permet pas de : ») reaches the item
      if (last && /[:：]\s*$/.test(last) && last.length <= MAX_LIST_ITEM) leadIn = last.replace(/\s*[:：]\s*$/, '');
    }
    const earlier: EarlierSentence[] = [];
    for (const [n, text] of texts.entries()) {
      const { analysis, sentence } = analyzeText(text, lang, block, index++, ruleSet, explain || !textCache);
      for (const id of analysis.pageAsserts) pageAsserted.add(id);
      const trace: RuleTrace[] | undefined = explain ? [] : undefined;
      // the sentences before this one in its paragraph (this one is added once it is judged)
      const place: TextBlock & { earlier?: EarlierSentence[] } = n ? { ...block, earlier } : block;
      const hits = quoting ? [] : placeMatches(analysis, place, ruleSet, ctx, trace);
      // The learned tier reads what no rule matched.
      const learned = quoting || hits.length ? [] : learnedHits(analysis, text, lang, block, sentence, ruleSet, ctx, trace, onLearnedCandidate);
      if (explanation && sentence) {
        const topic: Record<string, TopicDecision> = {};
        for (const [id, t] of ruleSet.topics) topic[id] = t.decide(sentenceMention(sentence, t), block.headingPath, ctx, place.earlier);
        explanation.push({ text, headingPath: block.headingPath, topic, rules: trace! });
      }
      earlier.push({ text, line: analysis.line, mentions: analysis.mentions });
      let words: string | undefined;
      for (const hit of hits) {
        // The folded words are the sentence's part of the id: kept with its cached analysis.
        words ??= analysis.words ??= foldedWords(text);
        const id = findingId(url, hit.rule.id, text, words);
        if (seen.has(id)) continue;
        seen.add(id);
        findings.push(makeFinding(hit.rule, url, lang, title, text, hit.match, hit.matchStart, hit.matchEnd, block, id, ruleConfidence(hit.rule, hit.topic?.via)));
      }
      for (const l of learned) {
        words ??= analysis.words ??= foldedWords(text);
        const id = findingId(url, l.ruleId, text, words);
        if (seen.has(id)) continue;
        seen.add(id);
        const f = makeFinding(l.rule, url, lang, title, text, text, 0, text.length, block, id, l.confidence);
        findings.push({ ...f, ruleId: l.ruleId, category: l.category });
      }
    }
  }
  for (const rule of ruleSet.pageRules(lang)) {
    if (index === 0 || pageAsserted.has(rule.id)) continue;
    const pageFinding = runPageRule(rule, blocks, title, lang, url, ruleSet, findings, index);
    if (pageFinding && !seen.has(pageFinding.id)) findings.push(pageFinding);
  }
  return { findings, explanation };
}

function makeFinding(
  rule: CompiledRule,
  url: string,
  lang: Lang,
  title: string,
  text: string,
  match: string,
  matchStart: number,
  matchEnd: number,
  block: TextBlock | undefined,
  id = findingId(url, rule.id, text),
  confidence?: number,
): Finding {
  return {
    id,
    ruleId: rule.id,
    category: rule.category,
    severity: rule.severity,
    url,
    text,
    match,
    matchStart,
    matchEnd,
    headingPath: block?.headingPath ?? [],
    selector: blockSelector(block),
    lang,
    message: localized(rule.message, lang),
    source: findingSource(rule, lang),
    pack: { name: rule.pack.name, version: rule.pack.version },
    ...(title ? { pageTitle: title } : {}),
    confidence: confidence ?? ruleConfidence(rule, undefined),
    ...(block?.page ? { page: block.page } : {}),
    ...(block?.image ? { image: block.image } : {}),
  };
}

/** The rule's source as a finding carries it: the quote verbatim, and its translation into the page's language when the pack has one. */
function findingSource(rule: CompiledRule, lang: Lang): Finding['source'] {
  const s = rule.source;
  const translated = s.translation?.[lang];
  return {
    document: s.document,
    title: s.title,
    quote: s.quote,
    ...(s.url ? { url: s.url } : {}),
    ...(translated ? { translation: { lang, text: translated } } : {}),
  };
}

/** Claims listed in a page-level finding's evidence. */
const EVIDENCE_CLAIMS = 10;

/**
 * A page-scope rule fires on a page about its topic that promotes it (it made at least one
 * claim, or names the topic in its title or main heading) and asserts none of the rule's
 * patterns anywhere (checked by the caller, sentence by sentence) (for the shipped pack: no word about risks, side effects or off-label use).
 */
function runPageRule(
  rule: CompiledRule,
  blocks: TextBlock[],
  title: string,
  lang: Lang,
  url: string,
  ruleSet: RuleSet,
  findings: Finding[],
  sentencesChecked: number,
): Finding | undefined {
  const topic = rule.topic ? ruleSet.topics.get(rule.topic) : undefined;
  const claims = findings.filter((f) => f.pack.name === rule.pack.name);
  let namedIn: string | undefined;
  if (topic && !claims.length) {
    const ctx = newTopicContext(title, lang);
    const mainHeadings = blocks.filter((b) => b.kind === 'heading' && b.headingPath.length === 0).map((b) => b.text);
    if (!topic.pageIsAbout(mainHeadings, ctx)) return undefined;
    namedIn = title && topic.pageIsAbout([], ctx) ? title : mainHeadings.find((h) => topic.pageIsAbout([h], newTopicContext('', lang)));
  }
  const first = blocks.find((b) => b.kind === 'title') ?? blocks[0];
  const text = title || first?.text || url;
  const finding = makeFinding(rule, url, lang, title, text, '', 0, 0, first?.kind === 'title' ? first : undefined);
  const sentences = new Map<string, NonNullable<Finding['pageEvidence']>['claims'][number]>();
  for (const f of claims) {
    const key = `${f.selector}\u0000${f.text}`;
    const known = sentences.get(key);
    if (known) {
      if (!known.categories.includes(f.category)) known.categories.push(f.category);
    } else sentences.set(key, { text: f.text, selector: f.selector, categories: [f.category], headingPath: f.headingPath });
  }
  const listed = [...sentences.values()];
  finding.pageEvidence = {
    lookedFor: (rule.patterns.get(lang) ?? []).map((p) => p.source),
    sentencesChecked,
    claims: listed.slice(0, EVIDENCE_CLAIMS),
    ...(listed.length > EVIDENCE_CLAIMS ? { moreClaims: listed.length - EVIDENCE_CLAIMS } : {}),
    ...(namedIn ? { namedIn } : {}),
  };
  return finding;
}
