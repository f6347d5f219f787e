import { compilePhrase, PhraseError, type Anchors, type CompiledPhrase, type TermLists } from '../claims/phrase.js';
import type { Lang } from '../claims/language.js';
import type { Pattern } from './schema.js';
import { compileUserRegex } from './user-regex.js';

/** One pattern of a rule, ready to run on a sentence. */
export interface CompiledPattern {
  /** the pattern as written, for messages and `--explain` */
  source: string;
  /** what kind of pattern: a phrase's match stays within one segment of the sentence */
  kind: 'phrase' | 'near' | 'all' | 'regex';
  /** runs on the stem line ("phrase") or on the folded word line ("regex") */
  on: 'stems' | 'words';
  /** the first finds the span; every other one must also match somewhere in the sentence */
  regexes: RegExp[];
  literals: Set<string>;
  anchors: CompiledPhrase['anchors'];
  /** anchor sets the sentence must all hit before the expressions are worth running */
  requires: Anchors[];
}

export function describePattern(p: Pattern): string {
  if (typeof p === 'string') return p;
  if ('near' in p) return `${p.near[0]} ⟷ ${p.near[1]} (within ${p.within ?? 6})`;
  if ('all' in p) return p.all.join(' & ');
  return `/${p.regex}/${p.flags ?? ''}`;
}

/** Compile a pattern for `lang`; throws PhraseError naming what is wrong. */
export function compilePattern(pattern: Pattern, lang: Lang, lists: TermLists): CompiledPattern {
  const source = describePattern(pattern);
  if (typeof pattern === 'string') {
    const p = compilePhrase(pattern, lang, lists);
    return { source, kind: 'phrase', on: 'stems', regexes: [stemRegex(p.regex)], literals: p.literals, anchors: p.anchors, requires: p.requires };
  }
  if ('near' in pattern) {
    const a = compilePhrase(pattern.near[0], lang, lists);
    const b = compilePhrase(pattern.near[1], lang, lists);
    const gap = `(?:\\S+ ){0,${pattern.within ?? 6}}?`;
    const literals = new Set([...a.literals, ...b.literals]);
    const anchors = {
      exact: new Set([...a.anchors.exact, ...b.anchors.exact]),
      prefixes: new Set([...a.anchors.prefixes, ...b.anchors.prefixes]),
      any: a.anchors.any || b.anchors.any,
    };
    return { source, kind: 'near', on: 'stems', regexes: [stemRegex(`(?:${a.regex}${gap}${b.regex}|${b.regex}${gap}${a.regex})`)], literals, anchors, requires: [...a.requires, ...b.requires] };
  }
  if ('all' in pattern) {
    const parts = pattern.all.map((ph) => compilePhrase(ph, lang, lists));
    const literals = new Set(parts.flatMap((p) => [...p.literals]));
    return { source, kind: 'all', on: 'stems', regexes: parts.map((p) => stemRegex(p.regex)), literals, anchors: parts[0].anchors, requires: parts.flatMap((p) => p.requires) };
  }
  // Checked and compiled so that no page can make it backtrack for long (see user-regex.ts).
  const re = compileUserRegex(pattern.regex, pattern.flags);
  return { source, kind: 'regex', on: 'words', regexes: [re], literals: new Set(), anchors: { exact: new Set(), prefixes: new Set(), any: true }, requires: [] };
}

function stemRegex(body: string): RegExp {
  return new RegExp(`(?<= )${body}`, 'g');
}
