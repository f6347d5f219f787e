/**
 * The phrase pattern language rules are written in, compiled to regular expressions over a
 * sentence's line (" stem1/word1 stem2/word2 … ": each token's stem and folded form). Because claimscan generates every expression from
 * words, gaps are bounded and nothing can backtrack catastrophically.
 *
 *   word        the word, any inflection (matched on its stem: "garantis" finds "garantie")
 *   word*       any word starting with "word" ("homolog*")
 *   =word       exactly this word, not its other forms ("=traite": not "traitement", which stems alike)
 *   a|b|c       one of these words
 *   word?       the word, optionally
 *   _           any one word
 *   ~N          up to N words of anything (… is ~4)
 *   @name       any entry of the named term list (entries are phrases themselves)
 *   (a b|c)     one of these phrases (a group may hold spaces; `(…)?` makes it optional)
 *   %  €  +     these symbols, literally
 */
import { fold } from './normalize.js';
import { glues, stemWord, tokenize } from './tokens.js';
import type { Lang } from './language.js';

export class PhraseError extends Error {}

/** A phrase compiled for one language. */
export interface CompiledPhrase {
  source: string;
  /** regular expression source over a sentence line; matches start after a space, end after one */
  regex: string;
  /** every literal stem (and word prefix) the phrase can match (negation words here belong to the claim) */
  literals: Set<string>;
  /** what the phrase must start with: exact stems and word prefixes; `any` when it can start anywhere */
  anchors: Anchors;
  /**
   * One anchor set per mandatory word of the phrase: a sentence can only match when it holds a
   * word of every set. Checked with a few set look-ups before the regular expression runs.
   */
  requires: Anchors[];
}

/** Words a phrase part can match: exact stems, word prefixes, or anything. */
export interface Anchors {
  exact: Set<string>;
  prefixes: Set<string>;
  any: boolean;
}

export type TermLists = (name: string, lang: Lang) => string[] | undefined;

const MAX_GAP = 12;
const MAX_DEPTH = 8;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Piece {
  regex: string;
  optional: boolean;
  anchors: CompiledPhrase['anchors'];
}

/** Compile one phrase for `lang`. Throws PhraseError with a message naming the problem. */
export function compilePhrase(source: string, lang: Lang, lists: TermLists, depth = 0, trail: string[] = []): CompiledPhrase {
  if (depth > MAX_DEPTH) throw new PhraseError(`term lists nest too deeply: ${trail.join(' → ')}`);
  const literals = new Set<string>();
  // Plain words with apostrophes or hyphens go through the sentence tokenizer, so that
  // "n'est", "doesn't" and hyphenated names are cut exactly as they are in page text.
  const words = splitWords(source).flatMap((w) =>
    /^[\p{L}\p{N}'’-]+$/u.test(w) && /['’-]/.test(w) ? tokenize(w, lang).map((t) => t.norm) : [w],
  );
  // Words the tokenizer glues in page text (a pack's topic `glued:` words) are glued here too.
  for (let i = 0; i + 1 < words.length; i++) {
    if (/^[\p{L}]+$/u.test(words[i]) && /^[\p{L}]+\*?$/u.test(words[i + 1]) && glues(fold(words[i]), fold(words[i + 1]).replace(/\*$/, ''))) {
      words.splice(i, 2, words[i] + words[i + 1]);
    }
  }
  if (!words.length) throw new PhraseError('empty phrase');
  const pieces: Piece[] = [];
  for (const word of words) pieces.push(compileWord(word, lang, lists, literals, depth, trail));
  if (pieces.every((p) => p.optional)) throw new PhraseError(`phrase "${source}" has only optional parts and would match anything`);
  // Anchors: the alternatives of the first pieces, up to and including the first mandatory one.
  const anchors = { exact: new Set<string>(), prefixes: new Set<string>(), any: false };
  for (const p of pieces) {
    for (const e of p.anchors.exact) anchors.exact.add(e);
    for (const e of p.anchors.prefixes) anchors.prefixes.add(e);
    anchors.any ||= p.anchors.any;
    if (!p.optional) break;
  }
  const requires = pieces.filter((p) => !p.optional && !p.anchors.any).map((p) => p.anchors);
  return { source, regex: pieces.map((p) => p.regex).join(''), literals, anchors, requires };
}

function compileWord(word: string, lang: Lang, lists: TermLists, literals: Set<string>, depth: number, trail: string[]): Piece {
  const none = { exact: new Set<string>(), prefixes: new Set<string>(), any: true };
  if (word === '…' || word === '...') return { regex: `(?:\\S+ ){0,4}?`, optional: true, anchors: none };
  const gap = /^~(\d+)$/.exec(word);
  if (gap) {
    const n = Number(gap[1]);
    if (n > MAX_GAP) throw new PhraseError(`gap ~${n} is larger than ${MAX_GAP} words`);
    return { regex: `(?:\\S+ ){0,${n}}?`, optional: true, anchors: none };
  }
  if (word === '_') return { regex: `\\S+ `, optional: false, anchors: none };
  let optional = false;
  if (word.length > 1 && word.endsWith('?')) {
    optional = true;
    word = word.slice(0, -1);
  }
  if (word.startsWith('(')) {
    if (!word.endsWith(')')) throw new PhraseError(`unbalanced parentheses in "${word}"`);
    return phraseAlternatives(splitAlternatives(word.slice(1, -1)), optional, lang, lists, literals, depth, trail);
  }
  if (word.startsWith('@')) {
    const name = word.slice(1);
    const entries = lists(name, lang);
    if (!entries) throw new PhraseError(`unknown term list @${name}`);
    if (trail.includes(name)) throw new PhraseError(`term list @${name} refers to itself: ${[...trail, name].join(' → ')}`);
    if (!entries.length) throw new PhraseError(`term list @${name} has no entries for language ${lang}`);
    return phraseAlternatives(entries, optional, lang, lists, literals, depth, [...trail, name]);
  }
  const anchors = { exact: new Set<string>(), prefixes: new Set<string>(), any: false };
  const alts: string[] = [];
  for (const alt of word.split('|')) {
    if (!alt) throw new PhraseError(`empty alternative in "${word}"`);
    if (alt.startsWith('=')) {
      const exact = fold(alt.slice(1));
      if (!/^[\p{L}\p{N}]+$/u.test(exact)) throw new PhraseError(`"${alt}": =word takes one word of letters or digits`);
      alts.push(`[^ /]*/${escape(exact)}`);
      anchors.prefixes.add(exact);
      literals.add(stemWord(exact, lang));
    } else if (alt.endsWith('*')) {
      const prefix = fold(alt.slice(0, -1));
      if (!/^[\p{L}\p{N}]+$/u.test(prefix)) throw new PhraseError(`"${alt}": a prefix is letters or digits followed by *`);
      if (prefix.length < 3) throw new PhraseError(`"${alt}": a prefix needs at least 3 letters`);
      // A prefix is matched on the folded word, not its stem: "eliminat*" finds "eliminates"
      // whose stem is "elimin".
      alts.push(`[^ /]*/${escape(prefix)}[^ ]*`);
      anchors.prefixes.add(prefix);
      literals.add(prefix);
    } else {
      const norm = fold(alt);
      if (!/^(?:[\p{L}\p{N}]+|[%€$£+])$/u.test(norm)) {
        throw new PhraseError(`"${alt}" is not a word: write words separated by spaces (see the pattern syntax)`);
      }
      const tokens = tokenize(norm, lang);
      const stem = tokens.length === 1 ? tokens[0].stem : stemWord(norm, lang);
      alts.push(`${escape(stem)}/[^ ]*`);
      anchors.exact.add(stem);
      literals.add(stem);
    }
  }
  const regex = `(?:${alts.join('|')}) `;
  return { regex: optional ? `(?:${regex})?` : regex, optional, anchors };
}

/**
 * One regular expression for many literal strings, their common prefixes factored out
 * ("ameliore|amelioree|ameliorent" → "amelior(?:e(?:|e|nt))"): V8 tries alternatives one by one,
 * so a term list of hundreds of word forms costs one walk down a trie instead of hundreds of tries.
 */
export function literalTrie(words: Iterable<string>): string {
  interface Node { end: boolean; next: Map<string, Node> }
  const root: Node = { end: false, next: new Map() };
  for (const w of words) {
    let n = root;
    for (const ch of w) {
      let child = n.next.get(ch);
      if (!child) n.next.set(ch, (child = { end: false, next: new Map() }));
      n = child;
    }
    n.end = true;
  }
  const emit = (n: Node): string => {
    const branches = [...n.next].map(([ch, child]) => escape(ch) + emit(child));
    if (!branches.length) return '';
    if (n.end) branches.unshift('');
    return branches.length === 1 ? branches[0] : `(?:${branches.join('|')})`;
  };
  return emit(root);
}

/** A term-list entry that is one word form (=word, word*, word): the kind and its folded text. */
function singleWord(entry: string): { kind: 'exact' | 'prefix' | 'stem'; text: string } | undefined {
  const m = /^(=?)([\p{L}\p{N}]+)(\*?)$/u.exec(entry.trim());
  if (!m || (m[1] && m[3])) return undefined;
  if (m[3] && m[2].length < 3) return undefined; // let compileWord say why
  return { kind: m[1] ? 'exact' : m[3] ? 'prefix' : 'stem', text: fold(m[2]) };
}

/** One piece that matches any of several phrases (a group, or the entries of a term list). */
function phraseAlternatives(entries: string[], optional: boolean, lang: Lang, lists: TermLists, literals: Set<string>, depth: number, trail: string[]): Piece {
  const anchors = { exact: new Set<string>(), prefixes: new Set<string>(), any: false };
  const alts: string[] = [];
  // Single-word entries are matched together through tries; phrases one by one.
  const exact = new Set<string>();
  const prefixes = new Set<string>();
  const stems = new Set<string>();
  const phrases: string[] = [];
  for (const entry of entries) {
    const single = entries.length > 8 ? singleWord(entry) : undefined;
    if (!single) {
      phrases.push(entry);
      continue;
    }
    if (single.kind === 'exact') {
      exact.add(single.text);
      anchors.prefixes.add(single.text);
      literals.add(stemWord(single.text, lang));
    } else if (single.kind === 'prefix') {
      prefixes.add(single.text);
      anchors.prefixes.add(single.text);
      literals.add(single.text);
    } else {
      const tokens = tokenize(single.text, lang);
      const stem = tokens.length === 1 ? tokens[0].stem : stemWord(single.text, lang);
      stems.add(stem);
      anchors.exact.add(stem);
      literals.add(stem);
    }
  }
  if (exact.size) alts.push(`[^ /]*/${literalTrie(exact)} `);
  if (prefixes.size) alts.push(`[^ /]*/${literalTrie(prefixes)}[^ ]* `);
  if (stems.size) alts.push(`${literalTrie(stems)}/[^ ]* `);
  for (const entry of phrases) {
    const sub = compilePhrase(entry, lang, lists, depth + 1, trail);
    alts.push(sub.regex);
    for (const l of sub.literals) literals.add(l);
    for (const e of sub.anchors.exact) anchors.exact.add(e);
    for (const e of sub.anchors.prefixes) anchors.prefixes.add(e);
    anchors.any ||= sub.anchors.any;
  }
  const regex = `(?:${alts.join('|')})`;
  return { regex: optional ? `(?:${regex})?` : regex, optional, anchors };
}

/** Split a phrase into words, keeping each parenthesised group (which may hold spaces) whole. */
function splitWords(source: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of source.trim()) {
    if (ch === '(') depth++;
    if (ch === ')') {
      depth--;
      if (depth < 0) throw new PhraseError(`unbalanced parentheses in "${source}"`);
    }
    if (/\s/.test(ch) && depth === 0) {
      if (current) out.push(current);
      current = '';
    } else current += ch;
  }
  if (depth !== 0) throw new PhraseError(`unbalanced parentheses in "${source}"`);
  if (current) out.push(current);
  return out;
}

/** "a b|c|(d|e) f" → ["a b", "c", "(d|e) f"]: split on the bars outside nested groups. */
function splitAlternatives(inner: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of inner) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === '|' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  if (out.some((a) => !a)) throw new PhraseError(`empty alternative in "(${inner})"`);
  return out;
}
