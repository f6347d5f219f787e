/**
 * `--render auto`: does a page's static HTML look client-rendered — little visible text but
 * scripts that would write it (a React/Vue/Angular shell, a page filled by fetch())? Reads the
 * raw HTML with a light scan and stops as soon as it has seen enough text, so ordinary pages
 * cost next to nothing.
 */

/** Visible characters below which a page that runs scripts is rendered. */
export const MIN_STATIC_TEXT = 300;
/** …and below which an application shell (an empty mount point) is rendered. */
export const MIN_SHELL_TEXT = 1000;

/** Markup of an application shell: an empty mount point for a client-side framework. */
const APP_SHELL = /<(?:div|main|body)[^>]*\bid\s*=\s*["']?(?:root|app|__next|__nuxt|___gatsby|svelte|q-app)\b[^>]*>\s*<\/(?:div|main)>|<(?:app-root|ng-app)\b|\bng-app\b|data-reactroot|<noscript>[^<]*(?:enable|activer|activez)[^<]*javascript/i;

/** Whole elements that hold no visible text, comments, tags, and runs of text. */
const TOKENS = /<(script|style|noscript|template|svg|title|textarea)\b[^>]*>[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->|<[^>]*>|[^<]+/gi;

export interface RenderHint {
  render: boolean;
  /** visible characters counted (stops counting at the threshold) */
  text: number;
  scripts: number;
}

export function renderHint(html: string, minText = MIN_STATIC_TEXT): RenderHint {
  const enough = Math.max(minText, MIN_SHELL_TEXT);
  let text = 0;
  let scripts = 0;
  TOKENS.lastIndex = 0;
  for (let m = TOKENS.exec(html); m; m = TOKENS.exec(html)) {
    const token = m[0];
    if (token.charCodeAt(0) !== 60 /* < */) {
      text += token.trim().length;
      if (text >= enough) return { render: false, text, scripts };
    } else if (m[1] && m[1].toLowerCase() === 'script') {
      scripts++;
    } else if (token.length > 7 && /^<script\b/i.test(token)) {
      scripts++; // <script src=…> with no closing tag in sight
    }
  }
  const render = scripts > 0 && (text < minText || APP_SHELL.test(html));
  return { render, text, scripts };
}

/** True when the page should be rendered in a browser to read its text. */
export function looksClientRendered(html: string): boolean {
  return renderHint(html).render;
}
