/**
 * Runs inside the page (passed to `page.evaluate`, so it uses nothing outside its body): finds
 * the element of each claim — by its CSS selector, or by its text when the selector no longer
 * matches (a script changed the page) — outlines it, and returns where the outlined elements are.
 */

export interface OutlineTarget {
  selector: string;
  /** the sentence, to check the selector's element still holds it, or to find it by text */
  text: string;
}

export interface OutlineResult {
  /** targets outlined */
  outlined: number;
  /** union of the outlined elements' boxes, in page coordinates */
  top: number;
  bottom: number;
  /** full height of the page */
  height: number;
}

export function outlineClaims(targets: OutlineTarget[]): OutlineResult {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  const probe = (s: string) => norm(s).slice(0, 60);
  const holds = (el: Element, needle: string) => norm((el as HTMLElement).innerText ?? el.textContent ?? '').includes(needle);
  let candidates: Element[] | undefined;
  const byText = (needle: string): Element | undefined => {
    candidates ??= Array.from(document.body?.querySelectorAll('*') ?? []).filter((el) => !/^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(el.tagName));
    let best: Element | undefined;
    let bestLength = Infinity;
    for (const el of candidates) {
      const length = (el.textContent ?? '').length;
      if (length < needle.length || length >= bestLength) continue;
      if (holds(el, needle)) {
        best = el;
        bestLength = length;
      }
    }
    return best;
  };
  let outlined = 0;
  let top = Infinity;
  let bottom = -Infinity;
  for (const target of targets) {
    if (!target.selector || target.selector === 'html' || target.selector === 'title') continue; // the whole page
    const needle = probe(target.text);
    let el: Element | null | undefined = null;
    try {
      el = document.querySelector(target.selector);
    } catch {
      el = null;
    }
    if (el && needle && !holds(el, needle)) el = null;
    if (!el && needle) el = byText(needle);
    if (!el) continue;
    const style = (el as HTMLElement).style;
    style.setProperty('outline', '3px solid #e00000', 'important');
    style.setProperty('outline-offset', '3px', 'important');
    style.setProperty('background-color', 'rgba(255, 229, 138, 0.45)', 'important');
    const rect = el.getBoundingClientRect();
    top = Math.min(top, rect.top + window.scrollY);
    bottom = Math.max(bottom, rect.bottom + window.scrollY);
    outlined++;
  }
  const height = Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0);
  return { outlined, top: outlined ? top : 0, bottom: outlined ? bottom : 0, height };
}
