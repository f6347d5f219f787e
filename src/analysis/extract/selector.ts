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
    let index = 1;
    let sameNameSiblings = 0;
    const parent = node.parent as Element | null;
    for (const sibling of parent?.children ?? []) {
      if (sibling.type !== 'tag' || (sibling as Element).name !== name) continue;
      sameNameSiblings++;
      if (sibling === node) index = sameNameSiblings;
    }
    parts.unshift(sameNameSiblings > 1 ? `${name}:nth-of-type(${index})` : name);
    node = parent && parent.type === 'tag' ? parent : null;
  }
  return parts.join(' > ');
}

/** The selector reported for a block's text: precomputed (stored pages), else from its element. */
export function blockSelector(block: TextBlock | undefined): string {
  if (block?.selector !== undefined) return block.selector;
  if (block?.element) return cssSelector(block.element);
  return block?.kind === 'title' ? 'title' : 'html';
}
