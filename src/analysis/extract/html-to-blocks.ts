import { load } from 'cheerio/slim'; // htmlparser2 only: parse5 and undici are not loaded (startup)
import type { AnyNode, Element } from 'domhandler';
import { tidy } from '../claims/normalize.js';
import { langFromAttribute } from '../claims/language.js';
import type { ExtractedPage, TextBlock, BlockKind } from '../../model/blocks.js';
import { boundDepth } from './bound-depth.js';
import { stripControls } from '../../model/text-safety.js';

/** Elements whose content is never visible text. */
const SKIP = new Set([
  'script', 'style', 'template', 'noscript', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas',
  'select', 'datalist', 'head', 'audio', 'video', 'map',
]);

/** Elements that start a new block of text (their text is not glued to their neighbours'). */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'dd', 'details', 'dialog', 'div', 'dl',
  'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'thead', 'tfoot', 'tr', 'td', 'th', 'ul', 'caption', 'legend', 'label', 'button',
  'option', 'menu', 'center', 'html',
]);

const HEADING = /^h([1-6])$/;
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;
const DISABLE_COMMENT = /claimscan-disable-next\s+([\w.\-, ]+)/;

/** Most text a single block may hold; beyond it the text is cut (a 5 MB blob is not prose). */
const MAX_BLOCK_CHARS = 50_000;

export interface ExtractOptions {
  /** base URL the page was fetched from, to resolve links */
  baseUrl?: string;
  /** collect links (the crawler needs them; a folder scan does not) */
  collectLinks?: boolean;
  /** collect `<img>` sources (for --ocr) */
  collectImages?: boolean;
}

/**
 * Read the visible text of an HTML document as blocks, each with its heading path.
 * Scripts, styles, templates and hidden elements are left out.
 */
export function extractPage(html: string, options: ExtractOptions = {}): ExtractedPage {
  // htmlparser2 in HTML mode: forgiving with broken markup and several times faster than parse5.
  // nesting past what browsers build is flattened first: parsing deep nesting is quadratic
  const bounded = boundDepth(html);
  const $ = load(bounded.html, { xml: { xmlMode: false, decodeEntities: true } });
  const root = $.root()[0];
  const page: ExtractedPage = {
    title: '',
    blocks: [],
    links: [],
    scriptCount: 0,
    textLength: 0,
    noFollow: false,
    ...(bounded.flattened ? { flattened: bounded.flattened } : {}),
  };
  const links = new Set<string>();
  let base: URL | undefined;
  try {
    base = options.baseUrl ? new URL(options.baseUrl) : undefined;
  } catch {
    base = undefined;
  }

  const headings: Array<{ level: number; text: string }> = [];
  let buffer = '';
  let bufferElement: Element | undefined;
  let bufferKind: BlockKind = 'text';
  let pendingDisabled: string[] | undefined;
  const headingPath = () => headings.map((h) => h.text);

  const emit = (kind: BlockKind, rawText: string, element: Element | undefined, path: string[]) => {
    // control characters (ESC, NUL, bidi overrides) never leave the page
    const text = stripControls(tidy(rawText.length > MAX_BLOCK_CHARS ? rawText.slice(0, MAX_BLOCK_CHARS) : rawText));
    if (!text || !/[\p{L}\p{N}]/u.test(text)) return;
    const block: TextBlock = { kind, text, headingPath: path, element };
    if (pendingDisabled) {
      block.disabledRules = pendingDisabled;
      pendingDisabled = undefined;
    }
    page.blocks.push(block);
    page.textLength += text.length;
  };
  const flush = () => {
    if (buffer) emit(bufferKind, buffer, bufferElement, headingPath());
    buffer = '';
  };

  const visit = (node: AnyNode, blockElement: Element | undefined, blockKind: BlockKind): void => {
    if (node.type === 'text') {
      if (buffer.length < MAX_BLOCK_CHARS) {
        if (!buffer) {
          bufferElement = blockElement;
          bufferKind = blockKind;
        }
        buffer += (node as unknown as { data: string }).data;
      }
      return;
    }
    if (node.type === 'comment') {
      const m = DISABLE_COMMENT.exec((node as unknown as { data: string }).data);
      if (m) pendingDisabled = m[1].split(/[\s,]+/).filter(Boolean);
      return;
    }
    if (node.type === 'script' || node.type === 'style') {
      if (node.type === 'script') page.scriptCount++;
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    if (node.type === 'root') {
      for (const child of (node as unknown as { children: AnyNode[] }).children) visit(child, blockElement, blockKind);
      return;
    }
    const el = node as Element;
    const name = el.name;
    const attribs = el.attribs;
    if (name === 'html' && !page.declaredLang) page.declaredLang = langFromAttribute(attribs.lang ?? attribs['xml:lang']);
    if (name === 'title') {
      if (!page.title) page.title = tidy($(el).text());
      return;
    }
    if (name === 'meta') {
      readMeta(attribs, page);
      return;
    }
    if (name === 'base' && attribs.href && base) {
      try {
        base = new URL(attribs.href, base);
      } catch {
        /* keep the page URL */
      }
      return;
    }
    if (name === 'head') {
      // The head holds no visible text, but its title, meta and base matter.
      for (const child of el.children) if (child.type === 'tag' || child.type === 'script') visit(child, undefined, 'text');
      return;
    }
    if (SKIP.has(name)) {
      if (name === 'script') page.scriptCount++;
      return;
    }
    if (isHidden(attribs, name)) return;
    if (name === 'a' && options.collectLinks && attribs.href) addLink(attribs.href, base, links);
    if (name === 'img' || (name === 'input' && attribs.type === 'image') || name === 'area') {
      if (options.collectImages && name === 'img') addImage(attribs, base, page, headingPath());
      const alt = attribs.alt?.trim();
      if (alt && alt.length > 3) {
        flush();
        emit('alt', alt, el, headingPath());
      }
      return;
    }
    if (name === 'br') {
      buffer += '\n';
      return;
    }

    const heading = HEADING.exec(name);
    if (heading) {
      flush();
      const text = tidy($(el).text());
      const level = Number(heading[1]);
      while (headings.length && headings[headings.length - 1].level >= level) headings.pop();
      if (text) {
        emit('heading', text, el, headingPath());
        headings.push({ level, text });
      }
      return;
    }
    if (BLOCK.has(name)) {
      flush();
      const kind: BlockKind = name === 'li' || name === 'dd' || name === 'dt' ? 'list-item' : name === 'td' || name === 'th' ? 'cell' : 'text';
      for (const child of el.children) visit(child, el, kind);
      flush();
      return;
    }
    for (const child of el.children) visit(child, blockElement, blockKind);
  };

  visit(root, undefined, 'text');
  flush();
  page.title = stripControls(page.title);
  if (page.description) page.description = stripControls(page.description);
  if (page.title) page.blocks.unshift({ kind: 'title', text: page.title, headingPath: [] });
  if (page.description) page.blocks.splice(page.title ? 1 : 0, 0, { kind: 'meta', text: page.description, headingPath: [] });
  page.links = [...links];
  return page;
}

function readMeta(attribs: Record<string, string>, page: ExtractedPage): void {
  const name = (attribs.name ?? attribs.property ?? '').toLowerCase();
  const content = attribs.content ?? '';
  if ((name === 'description' || name === 'og:description') && !page.description) {
    const text = tidy(content);
    if (text) page.description = text;
  } else if (name === 'robots' && /nofollow|none/i.test(content)) {
    page.noFollow = true;
  } else if ((attribs['http-equiv'] ?? '').toLowerCase() === 'content-language' && !page.declaredLang) {
    page.declaredLang = langFromAttribute(content);
  }
}

function isHidden(attribs: Record<string, string>, name: string): boolean {
  if ('hidden' in attribs) return true;
  if (attribs['aria-hidden'] === 'true') return true;
  if (name === 'input' && attribs.type === 'hidden') return true;
  const style = attribs.style;
  return style !== undefined && HIDDEN_STYLE.test(style);
}

/** An `<img>`: its largest source (srcset), declared size and alt text, unless declared small. */
function addImage(attribs: Record<string, string>, base: URL | undefined, page: ExtractedPage, headingPath: string[]): void {
  let src = attribs.src ?? attribs['data-src'] ?? '';
  const srcset = attribs.srcset ?? attribs['data-srcset'];
  if (srcset) {
    let best = 0;
    for (const part of srcset.split(',')) {
      const [url, size] = part.trim().split(/\s+/);
      const n = parseFloat(size ?? '1') || 1;
      if (url && n >= best) {
        best = n;
        src = url;
      }
    }
  }
  if (!base || !src || /^\s*data:/i.test(src)) return;
  const width = Number(attribs.width) || undefined;
  const height = Number(attribs.height) || undefined;
  if ((width !== undefined && width < 150) || (height !== undefined && height < 50)) return;
  try {
    const url = new URL(src.trim(), base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    page.images ??= [];
    if (page.images.length >= 100 || page.images.some((i) => i.url === url.href)) return;
    page.images.push({ url: url.href, ...(width ? { width } : {}), ...(height ? { height } : {}), ...(headingPath.length ? { headingPath } : {}), ...(attribs.alt?.trim() ? { alt: attribs.alt.trim() } : {}) });
  } catch {
    /* an unparsable src is no image */
  }
}

function addLink(href: string, base: URL | undefined, links: Set<string>): void {
  if (!base || /^\s*(javascript|mailto|tel|data):/i.test(href)) return;
  try {
    const url = new URL(href.trim(), base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    url.hash = '';
    links.add(url.href);
  } catch {
    /* an unparsable href is not a link */
  }
}
