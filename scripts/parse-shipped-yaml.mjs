#!/usr/bin/env node
// Part of `npm run build`: parse the shipped YAML (rules/, rules/languages/) once, at build time,
// into dist/shipped-yaml.json — each file's data and the line of every value, by its content — so
// a claimscan process does not parse the shipped packs again at every start (src/analysis/rules/read-yaml.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { parseForShipping, SHIPPED_YAML } = await import(join(root, 'dist/analysis/rules/read-yaml.js'));

const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path);
    else if (/\.ya?ml$/.test(e.name)) files.push(path);
  }
};
walk(join(root, 'rules'));

const out = {};
for (const file of files.sort()) {
  const { key, parsed } = parseForShipping(file, readFileSync(file, 'utf8'));
  out[key] = parsed;
}
writeFileSync(join(root, 'dist', SHIPPED_YAML), JSON.stringify(out));
