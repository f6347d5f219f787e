import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Node } from 'yaml';
import { fieldPath } from './errors.js';
import { lineFinder } from '../../yaml-lines.js';
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
  const key = contentKey(text);
  const seen = parsed.get(key) ?? shippedParse(key);
  if (seen) return { file, data: structuredClone(seen.data), lineOf: seen.lineOf };
  const read = parseYaml(file, text);
  parsed.set(key, { data: structuredClone(read.data), lineOf: read.lineOf });
  if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
  return read;
}

/**
 * Files parsed in this process, by content. Parsing is a third of loading the shipped packs, and a
 * process loads them again with every other pack it is given (`rules test` of a new pack, a
 * config's packs, watch's scans): a file whose text is unchanged is not parsed twice. Callers get
 * their own copy of the data.
 */
const parsed = new Map<string, { data: unknown; lineOf: YamlFile['lineOf'] }>();
const PARSED_KEPT = 64;

function contentKey(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * The shipped YAML as parsed when claimscan was built (`npm run build` writes
 * dist/shipped-yaml.json with scripts/parse-shipped-yaml.mjs): data and every value's line, by the
 * file's content, so a new process skips parsing the shipped packs (about 0.23 s of its start).
 * A file edited since the build has another content and is parsed as any other.
 */
export const SHIPPED_YAML = 'shipped-yaml.json';
let shipped: Record<string, ParsedYaml> | undefined;

function shippedParse(key: string): { data: unknown; lineOf: YamlFile['lineOf'] } | undefined {
  if (!shipped) {
    try {
      shipped = JSON.parse(readFileSync(new URL(`../../${SHIPPED_YAML}`, import.meta.url), 'utf8')) as Record<string, ParsedYaml>;
    } catch {
      shipped = {}; // not built (the sources run directly), or unreadable: parse
    }
  }
  const entry = shipped[key];
  return entry && { data: entry.data, lineOf: lineOfTable(entry.lines) };
}

/** A YAML text's data and the line of every value in it, keyed by path (keys joined with NUL). */
export interface ParsedYaml {
  data: unknown;
  lines: Record<string, number>;
}

/** Parse a YAML text for dist/shipped-yaml.json: what readYamlFile would return, as JSON. */
export function parseForShipping(file: string, text: string): { key: string; parsed: ParsedYaml } {
  const { data, doc, lineCounter } = parseDoc(file, text);
  const lines: Record<string, number> = {};
  const visit = (node: unknown, path: Array<string | number>) => {
    const offset = (node as Node | undefined)?.range?.[0];
    if (offset === undefined) return;
    lines[path.map(String).join('\0')] = lineCounter.linePos(offset).line;
    if (isMap(node)) {
      for (const pair of node.items) if (isPair(pair) && isScalar(pair.key) && pair.value) visit(pair.value, [...path, String(pair.key.value)]);
    } else if (isSeq(node)) node.items.forEach((item, i) => visit(item, [...path, i]));
  };
  visit(doc.contents, []);
  return { key: contentKey(text), parsed: { data, lines } };
}

/** lineOf from a table of lines: the value at `path`, or its nearest ancestor in the table (as lineFinder walks the document). */
export function lineOfTable(lines: Record<string, number>): YamlFile['lineOf'] {
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const line = lines[path.slice(0, n).map(String).join('\0')];
      if (line !== undefined) return line;
    }
    return undefined;
  };
}

function parseYaml(file: string, text: string): YamlFile {
  const { data, doc, lineCounter } = parseDoc(file, text);
  return { file, data, lineOf: lineFinder(doc, lineCounter) };
}

function parseDoc(file: string, text: string): { data: unknown; doc: ReturnType<typeof parseDocument>; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'core', lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new RuleLoadError(file, `not valid YAML: ${e.message.split('\n')[0]}`, undefined, undefined, e.linePos?.[0].line);
  }
  refuseTags(file, doc.contents, [], lineCounter);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 200 });
  } catch (e) {
    throw new RuleLoadError(file, `not usable YAML: ${(e as Error).message}`);
  }
  return { data, doc, lineCounter };
}

/** Tags of plain data; anything else (`!!js/function`, `!!python/object`, `!custom`) is refused. */
const DATA_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq', 'binary', 'timestamp'].map((t) => `tag:yaml.org,2002:${t}`));

/**
 * Refuse any tag written in the file that is not plain data: the core schema would read
 * `!!js/function "…"` as a string, silently; a rule pack asking for code must be an error,
 * with its file, line and field.
 */
function refuseTags(file: string, node: unknown, path: Array<string | number>, lines: LineCounter): void {
  if (!node || typeof node !== 'object') return;
  const tag = (node as Node).tag;
  if (tag && !DATA_TAGS.has(tag)) {
    const offset = (node as Node).range?.[0];
    const shown = tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
    throw new RuleLoadError(file, `YAML tag ${shown} is not allowed: a rule pack is plain data (strings, numbers, lists, maps)`, undefined, fieldPath(path) || undefined, offset === undefined ? undefined : lines.linePos(offset).line);
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      refuseTags(file, pair.key, path, lines);
      refuseTags(file, pair.value, [...path, key], lines);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => refuseTags(file, item, [...path, i], lines));
  }
}
