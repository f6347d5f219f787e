import type { BlockKind } from '../../model/blocks.js';
import type { Lang } from '../claims/language.js';
import type { CompiledPattern } from './compile-pattern.js';
import type { Example, Manifest, RuleSpec } from './schema.js';
import type { Category, Severity } from '../../model/taxonomy.js';

/** A kind of text a rule may read: a block kind, or "subheading" (a heading under another one). */
export type ReadKind = BlockKind | 'subheading';

export interface PackInfo {
  name: string;
  version: string;
  description?: string;
  languages: Lang[];
  /** folder the pack was loaded from */
  dir: string;
  manifest: Manifest;
}

export interface RuleSource {
  /** short name of the document ("FICHE", "HAS") */
  document: string;
  /** its full title, from the pack manifest */
  title: string;
  url?: string;
  /** the sentence of the document that refutes the claim */
  quote: string;
  section?: string;
  /** the quote translated into other languages (by language), carried by the pack */
  translation?: Record<string, string>;
}

/** A rule ready to run: validated, its patterns compiled per language. */
export interface CompiledRule {
  id: string;
  category: Category;
  severity: Severity;
  languages: Lang[];
  topic?: string;
  scope: 'sentence' | 'page';
  /** the kinds of text the rule reads (default: all) */
  reads?: ReadKind[];
  description?: string;
  message: string | Record<Lang, string>;
  source: RuleSource;
  pack: PackInfo;
  file: string;
  line?: number;
  patterns: Map<Lang, CompiledPattern[]>;
  unless: Map<Lang, CompiledPattern[]>;
  /** counter-statements that take the claim back wherever they stand in the sentence */
  refutedBy: Map<Lang, CompiledPattern[]>;
  examples: { flag: Example[]; pass: Example[] };
  spec: RuleSpec;
}

/** The message of a rule in `lang`, else English, else the first one written. */
export function localized(text: string | Record<Lang, string>, lang: Lang): string {
  if (typeof text === 'string') return text;
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? '';
}
