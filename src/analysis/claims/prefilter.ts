/**
 * A prefilter from words to the phrases that could match a sentence holding them (the idea of a
 * search engine's candidate step): each item needs a word from each of its anchor sets; one pass
 * over the sentence's words (hash look-ups and a walk of a prefix trie) counts which items have
 * them all. Only those are worth running a regular expression for.
 */
import type { Anchors } from './phrase.js';
import type { Token } from './tokens.js';

interface PrefixNode {
  next: Map<string, PrefixNode>;
  /** (item, group) pairs whose anchor is the prefix ending here, packed as item * 32 + group */
  items: number[];
}

export class Prefilter<T> {
  private readonly items: T[] = [];
  /** bit mask of every group each item requires */
  private readonly full: number[] = [];
  private readonly exact = new Map<string, number[]>();
  private readonly prefixes: PrefixNode = { next: new Map(), items: [] };
  /** items with no anchor group: always candidates */
  private readonly always: number[] = [];
  private masks = new Uint32Array(0);
  /** per word (folded form, with the stem it had): the packed (item, group) pairs it satisfies — pages repeat words. A prefilter serves one language. */
  private readonly byWord = new Map<string, { stem: string; packed: number[] }>();
  private static readonly NONE: number[] = [];

  get size(): number {
    return this.items.length;
  }

  add(item: T, requires: Anchors[]): void {
    this.byWord.clear();
    const id = this.items.length;
    this.items.push(item);
    // A 32-bit mask per item: the first 31 groups are checked (a superset test stays correct).
    const groups = requires.filter((g) => !g.any).slice(0, 31);
    this.full.push(groups.length ? 2 ** groups.length - 1 : 0);
    if (!groups.length) this.always.push(id);
    groups.forEach((g, gi) => {
      const packed = id * 32 + gi;
      for (const stem of g.exact) {
        const list = this.exact.get(stem);
        if (list) list.push(packed);
        else this.exact.set(stem, [packed]);
      }
      for (const prefix of g.prefixes) {
        let node = this.prefixes;
        for (const ch of prefix) {
          let child = node.next.get(ch);
          if (!child) node.next.set(ch, (child = { next: new Map(), items: [] }));
          node = child;
        }
        node.items.push(packed);
      }
    });
  }

  /** What one word satisfies: its stem's exact anchors and every prefix anchor of its folded form. */
  private wordItems(t: Token): number[] {
    // By folded form, checked against the stem: the stem usually follows from the form, but a
    // token made by a repair need not (a cache by form alone once gave "does" from "doesn't" the
    // anchors of another stem, and hid "does not damage the skin" later on the same page).
    const seen = this.byWord.get(t.norm);
    if (seen && seen.stem === t.stem) return seen.packed;
    const found: number[] = [];
    const ex = this.exact.get(t.stem);
    if (ex) found.push(...ex);
    let node: PrefixNode | undefined = this.prefixes;
    for (let i = 0; i < t.norm.length && node; i++) {
      node = node.next.get(t.norm[i]);
      if (node?.items.length) found.push(...node.items);
    }
    const packed = found.length ? found : Prefilter.NONE;
    if (this.byWord.size > 100_000) this.byWord.clear();
    this.byWord.set(t.norm, { stem: t.stem, packed });
    return packed;
  }

  /** Items whose every anchor group the words meet, in the order they were added. */
  candidates(tokens: Token[]): T[] {
    if (this.masks.length < this.items.length) this.masks = new Uint32Array(this.items.length);
    const masks = this.masks;
    const touched: number[] = [];
    const mark = (packed: number[]) => {
      for (const p of packed) {
        const id = p >>> 5;
        if (masks[id] === 0) touched.push(id);
        masks[id] |= 1 << (p & 31);
      }
    };
    for (const t of tokens) {
      const packed = this.wordItems(t);
      if (packed.length) mark(packed);
    }
    const ready = this.always.slice();
    for (const id of touched) {
      if (masks[id] >>> 0 === this.full[id] >>> 0) ready.push(id);
      masks[id] = 0;
    }
    if (ready.length > 1) ready.sort((a, b) => a - b);
    return ready.map((i) => this.items[i]);
  }
}
