/**
 * Topic scoping: a claim counts only when it is about the rule's topic (one a pack defines),
 * named in the sentence itself or in the nearest heading or page title that names any
 * treatment. "<another treatment> est sans danger" under a heading naming that other treatment
 * is not about the topic, even on a clinic page whose title names the topic.
 */
import type { Lang } from './language.js';
import { compilePhrase, type TermLists } from './phrase.js';
import { stemLine } from './sentence.js';
import { tokenize } from './tokens.js';

export interface TopicDefinition {
  id: string;
  /** words that name the topic, per language */
  aliases: Record<Lang, string[]>;
  /** words that name other treatments: a context naming only these is about something else */
  others: Record<Lang, string[]>;
}

export type TopicMention = 'on' | 'off' | undefined;

export interface TopicDecision {
  onTopic: boolean;
  /** where the decision came from: "sentence", "heading: …", "title: …", or "nowhere" */
  via: string;
}

/** Page-wide state for topic decisions: headings are shared by many sentences. */
export interface TopicContext {
  title: string;
  lang: Lang;
  cache: Map<string, TopicMention>;
}

/** A sentence before another in its paragraph: its text, stem line, and what it names when that was worked out (topic id → mention). */
export interface EarlierSentence {
  text: string;
  line: string;
  mentions: ReadonlyMap<string, TopicMention>;
}

export function newTopicContext(title: string, lang: Lang): TopicContext {
  return { title, lang, cache: new Map() };
}

export class CompiledTopic {
  private readonly aliases = new Map<Lang, RegExp | null>();
  private readonly others = new Map<Lang, RegExp | null>();
  /** global-flag twins of the expressions above, for finding every mention */
  private readonly globals = new Map<RegExp, RegExp>();

  constructor(
    readonly definition: TopicDefinition,
    private readonly lists: TermLists,
  ) {
    // Compile eagerly so that a bad alias is reported when the pack loads.
    for (const lang of new Set([...Object.keys(definition.aliases), ...Object.keys(definition.others)])) this.regexes(lang);
  }

  get id(): string {
    return this.definition.id;
  }

  private regexes(lang: Lang): { alias: RegExp | null; other: RegExp | null } {
    if (!this.aliases.has(lang)) {
      const build = (phrases: string[] | undefined) =>
        phrases?.length ? new RegExp(`(?<= )(?:${phrases.map((p) => compilePhrase(p, lang, this.lists).regex).join('|')})`) : null;
      this.aliases.set(lang, build(this.definition.aliases[lang]));
      this.others.set(lang, build(this.definition.others[lang]));
    }
    return { alias: this.aliases.get(lang)!, other: this.others.get(lang)! };
  }

  /** Where in the line the topic ('on') and other treatments ('off') are named: line offsets. */
  mentionOffsets(line: string, lang: Lang): { on: number[]; off: number[] } {
    const { alias, other } = this.regexes(lang);
    const all = (re: RegExp | null) => {
      const out: number[] = [];
      if (!re) return out;
      let g = this.globals.get(re);
      if (!g) this.globals.set(re, (g = new RegExp(re.source, 'g')));
      g.lastIndex = 0;
      for (let m = g.exec(line); m; m = g.exec(line)) out.push(m.index);
      return out;
    };
    return { on: all(alias), off: all(other) };
  }

  /** Does this stem line name the topic ('on'), only other treatments ('off'), or neither? */
  mention(line: string, lang: Lang): TopicMention {
    const { alias, other } = this.regexes(lang);
    if (alias?.test(line)) return 'on';
    if (other?.test(line)) return 'off';
    return undefined;
  }

  private mentionOfText(text: string, ctx: TopicContext): TopicMention {
    const key = `${this.id}\u0000${text}`;
    if (ctx.cache.has(key)) return ctx.cache.get(key);
    const result = this.mention(stemLine(tokenize(text, ctx.lang)).line, ctx.lang);
    ctx.cache.set(key, result);
    return result;
  }

  /**
   * Is a sentence about this topic? `own` is what the sentence itself names (see `mention`);
   * failing that, the nearest earlier sentence of its paragraph naming a treatment ("Skin
   * boosters are injected… They leave the skin brighter"), then its nearest heading naming one,
   * then the page title.
   */
  decide(own: TopicMention, path: string[], ctx: TopicContext, earlier: readonly EarlierSentence[] = []): TopicDecision {
    if (own) return { onTopic: own === 'on', via: 'sentence' };
    for (let i = earlier.length - 1; i >= 0; i--) {
      const e = earlier[i];
      const m = e.mentions.has(this.id) ? e.mentions.get(this.id) : this.mention(e.line, ctx.lang);
      if (m) return { onTopic: m === 'on', via: `paragraph: ${e.text}` };
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const m = this.mentionOfText(path[i], ctx);
      if (m) return { onTopic: m === 'on', via: `heading: ${path[i]}` };
    }
    if (ctx.title) {
      const m = this.mentionOfText(ctx.title, ctx);
      if (m) return { onTopic: m === 'on', via: `title: ${ctx.title}` };
    }
    return { onTopic: false, via: 'nowhere: neither the sentence, its headings nor the title name it' };
  }

  /** Is the page as a whole about this topic (its title or first heading names it)? */
  pageIsAbout(headings: string[], ctx: TopicContext): boolean {
    if (ctx.title && this.mentionOfText(ctx.title, ctx) === 'on') return true;
    return headings.some((h) => this.mentionOfText(h, ctx) === 'on');
  }
}
