import type { Element } from 'domhandler';
import type { TextBlock } from '../../model/blocks.js';

/** A CSS selector that finds `element` again in the same document (id-anchored when possible). */
export function cssSelector(element: Element | undefined): string {
  if (!element) return '';
  const parts: string[] = [];
  let node: Element | null = element;
  while (node && node.type === 'tag') {
    const id = node.attribs?.id;
    if (id && /^[A-Za-z][\w-]*$/.test(id)) {
      parts.unshift(`#${id}`);
      break;
    }
    const name = node.name;
    if (name === 'html') {
      parts.unshift('html');
      break;
    }
    const parent = node.parent as Element | null;
    const { index, sameNameSiblings } = siblingPosition(node, parent);
    parts.unshift(sameNameSiblings > 1 ? `${name}:nth-of-type(${index})` : name);
    node = parent && parent.type === 'tag' ? parent : null;
  }
  return parts.join(' > ');
}

interface SiblingIndex {
  /** 1-based position of each element child among the children of its name */
  position: Map<Element, number>;
  /** element children of each name */
  count: Map<string, number>;
}

/**
 * Positions of a parent's element children, computed once per parent (and remembered while
 * the document lives): a page of 100,000 sibling paragraphs costs one pass, not one per block.
 */
const siblingIndexes = new WeakMap<object, SiblingIndex>();

function siblingPosition(node: Element, parent: Element | null): { index: number; sameNameSiblings: number } {
  if (!parent) return { index: 1, sameNameSiblings: 1 };
  let entry = siblingIndexes.get(parent);
  if (!entry) {
    entry = { position: new Map(), count: new Map() };
    for (const sibling of parent.children ?? []) {
      if (sibling.type !== 'tag') continue;
      const name = (sibling as Element).name;
      const n = (entry.count.get(name) ?? 0) + 1;
      entry.count.set(name, n);
      entry.position.set(sibling as Element, n);
    }
    siblingIndexes.set(parent, entry);
  }
  return { index: entry.position.get(node) ?? 1, sameNameSiblings: entry.count.get(node.name) ?? 1 };
}

/** The selector reported for a block's text: precomputed (stored pages), else from its element. */
export function blockSelector(block: TextBlock | undefined): string {
  if (block?.selector !== undefined) return block.selector;
  if (block?.element) return cssSelector(block.element);
  return block?.kind === 'title' ? 'title' : 'html';
}
