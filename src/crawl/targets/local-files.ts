import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const HTML_FILE = /\.html?$/i;

/** Every .html/.htm file under `path` (or `path` itself), sorted, following no symlinked folders. */
export function htmlFilesUnder(path: string): string[] {
  const root = resolve(path);
  const stat = statSync(root);
  if (stat.isFile()) return [root];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
      } else if (entry.isFile() && HTML_FILE.test(entry.name)) out.push(full);
    }
  };
  walk(root);
  return out;
}
