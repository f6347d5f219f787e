/**
 * `--urls FILE`: one URL a line; blank lines and `#` comments (whole line, or after a space)
 * are ignored; a bare host (`clinique-exemple.fr/soins`) means https.
 */
import { readFileSync } from 'node:fs';
import { cleanUrl } from './canonical-url.js';

export class UrlListError extends Error {
  override name = 'UrlListError';
}

export function parseUrlList(text: string, source = 'URL list'): string[] {
  const urls: string[] = [];
  const bad: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const withScheme = /^[a-z][\w+.-]*:/i.test(line) ? line : `https://${line}`;
    const url = /\s/.test(line) ? undefined : cleanUrl(withScheme);
    if (url) urls.push(url);
    else bad.push(`${source}:${i + 1}: not an http(s) URL: ${line.slice(0, 200)}`);
  });
  if (bad.length) {
    const more = bad.length > 10 ? `\n…and ${bad.length - 10} more` : '';
    throw new UrlListError(bad.slice(0, 10).join('\n') + more);
  }
  return urls;
}

export function readUrlList(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UrlListError(`cannot read URL list ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return parseUrlList(text, file);
}
