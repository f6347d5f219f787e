import { isMap, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/**
 * The line of any value of a parsed YAML document: 1-based, of the value at `path`, or of its
 * nearest ancestor that exists. Rule packs and language files name it in their errors.
 */
export function lineFinder(doc: Document, lineCounter: LineCounter): (path: ReadonlyArray<PropertyKey>) => number | undefined {
  return (path) => {
    let node: unknown = doc.contents;
    let found = node as Node | undefined;
    for (const key of path) {
      if (isMap(node)) node = node.get(key, true);
      else if (isSeq(node)) node = node.get(Number(key), true);
      else break;
      if (!node) break;
      found = node as Node;
    }
    const offset = found?.range?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
}
