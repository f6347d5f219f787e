import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { RuleLoadError } from './errors.js';

/** A YAML file read as plain data, with a way to find the line of any value in it. */
export interface YamlFile {
  file: string;
  data: unknown;
  /** 1-based line of the value at `path`, or of its nearest ancestor that exists */
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
}

/**
 * Parse YAML as data only: the core schema, no custom tags (a rule file cannot construct
 * objects or run code), and a bound on aliases against "billion laughs" files.
 */
export function readYamlFile(file: string, text = readFileSync(file, 'utf8')): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'core', lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new RuleLoadError(file, `not valid YAML: ${e.message.split('\n')[0]}`, undefined, undefined, e.linePos?.[0].line);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 200 });
  } catch (e) {
    throw new RuleLoadError(file, `not usable YAML: ${(e as Error).message}`);
  }
  return {
    file,
    data,
    lineOf(path) {
      let node: unknown = doc.contents;
      let found: Node | undefined = node as Node;
      for (const key of path) {
        if (isMap(node)) node = node.get(key, true);
        else if (isSeq(node)) node = node.get(Number(key), true);
        else break;
        if (!node) break;
        found = node as Node;
      }
      const offset = found?.range?.[0];
      return offset === undefined ? undefined : lineCounter.linePos(offset).line;
    },
  };
}
