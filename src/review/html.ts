/**
 * HTML built with a tagged template that escapes every interpolated value, so text from a
 * scanned page (sentences, titles, URLs, selectors) can never become markup: only values that
 * are already `SafeHtml` (made by this same template) are inserted as they are.
 */
import { escapeHtml } from '../report/escape.js';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = SafeHtml | string | number | boolean | null | undefined | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false || part === true) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Markup written by claimscan itself (never page content). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
