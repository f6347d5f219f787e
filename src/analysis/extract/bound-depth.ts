/**
 * HTML nested deeper than browsers build it is flattened before parsing. htmlparser2 keeps
 * its stack of open elements in an array it shifts and unshifts, so each element opened costs
 * the current depth: 100,000 nested `<span>`s took 15 s to parse, 400,000 close to two
 * minutes, and the recursive text walk overflowed the call stack. Chromium's parser stops
 * nesting at 512 levels; so does this pass: tags that would open deeper than that are left
 * out (with their closing tags), their text stays where it is. One pass over the tags, with
 * a stack that never grows past the bound: linear in the size of the page.
 */

/** Chromium's parser: kMaximumHTMLParserDOMTreeDepth. */
export const MAX_DEPTH = 512;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'command', 'basefont', 'frame']);
/** Elements whose content is text up to their closing tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
/** An open tag of these closes an open element of the same name (as the parser does). */
const SELF_CLOSING_SIBLINGS = new Set(['p', 'li', 'option', 'dt', 'dd', 'tr', 'td', 'th', 'optgroup', 'rt', 'rp']);

export interface BoundedHtml {
  html: string;
  /** opening tags left out for being too deep */
  flattened: number;
}

export function boundDepth(html: string, maxDepth = MAX_DEPTH): BoundedHtml {
  // fewer tags than the bound cannot nest past it
  if (countUpTo(html, '<', maxDepth + 1) <= maxDepth) return { html, flattened: 0 };
  const stack: string[] = [];
  const dropped = new Map<string, number>();
  let flattened = 0;
  let out: string[] | undefined;
  let copied = 0;
  const drop = (from: number, to: number) => {
    out ??= [];
    out.push(html.slice(copied, from));
    copied = to;
  };
  let i = 0;
  while ((i = html.indexOf('<', i)) >= 0) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    const closing = html.charCodeAt(i + 1) === 47; // '/'
    const start = i + (closing ? 2 : 1);
    let j = start;
    while (j < html.length && j - start < 64 && isNameChar(html.charCodeAt(j))) j++;
    if (j === start) {
      i++;
      continue;
    }
    const name = html.slice(start, j).toLowerCase();
    const gt = html.indexOf('>', j);
    if (gt < 0) break;
    const tagEnd = gt + 1;
    if (closing) {
      const owed = dropped.get(name);
      if (owed) {
        dropped.set(name, owed - 1);
        drop(i, tagEnd);
      } else {
        const at = stack.lastIndexOf(name); // the stack holds at most maxDepth names
        if (at >= 0) stack.length = at;
      }
      i = tagEnd;
      continue;
    }
    if (RAW_TEXT.has(name)) {
      const end = indexOfCloseTag(html, name, tagEnd);
      i = end < 0 ? html.length : end;
      continue;
    }
    if (VOID.has(name) || html.charCodeAt(gt - 1) === 47) {
      i = tagEnd;
      continue;
    }
    if (SELF_CLOSING_SIBLINGS.has(name) && stack[stack.length - 1] === name) stack.pop();
    if (stack.length >= maxDepth) {
      dropped.set(name, (dropped.get(name) ?? 0) + 1);
      flattened++;
      drop(i, tagEnd);
    } else stack.push(name);
    i = tagEnd;
  }
  if (!out) return { html, flattened };
  out.push(html.slice(copied));
  return { html: out.join(''), flattened };
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 58;
}

function countUpTo(s: string, ch: string, limit: number): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0 && n < limit; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** Start of `</name` (any case) at or after `from`, or -1. */
function indexOfCloseTag(html: string, name: string, from: number): number {
  let i = from;
  while ((i = html.indexOf('</', i)) >= 0) {
    if (html.slice(i + 2, i + 2 + name.length).toLowerCase() === name) return i;
    i += 2;
  }
  return -1;
}
