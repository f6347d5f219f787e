#!/usr/bin/env node
// One-off helper for branches started before the src/ layout change (issue 10, commit "Layout:"):
// after merging it, run `node scripts/relayout-imports.mjs [--move]` from the project root.
//  - rewrites every relative import specifier (src/, tests/, scripts/; `../dist/…` too) that no
//    longer resolves and pointed at a moved file, to that file's new place;
//  - with --move, first `git mv`s files a branch added in an old folder (src/claims/x.ts →
//    src/analysis/claims/x.ts, …) per FOLDERS below; without it, it only lists them.
// It prints what it changed and every specifier it could not resolve. Safe to run twice.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';

/** Every file the layout commit moved (old → new, under src/). */
const FILES = {
  'report/report-model.ts': 'model/report-model.ts',
  'findings/finding.ts': 'model/finding.ts', // findingId() itself moved to analysis/findings/finding-id.ts
  'fetch/page-snapshot.ts': 'model/page-snapshot.ts',
  'extract/blocks.ts': 'model/blocks.ts',
  'rules/taxonomy.ts': 'model/taxonomy.ts',
  'fetch/browser.ts': 'crawl/render/browser.ts',
  'fetch/needs-render.ts': 'crawl/render/needs-render.ts',
  'fetch/render-pool.ts': 'crawl/render/render-pool.ts',
  'pipeline/web-source.ts': 'crawl/web-source.ts',
  'pipeline/local-source.ts': 'crawl/local-source.ts',
  'pipeline/page-source.ts': 'crawl/page-source.ts',
  'pipeline/analyze-page.ts': 'analysis/analyze-page.ts',
  'pipeline/run-scan.ts': 'scan/run-scan.ts',
  'store/rescan.ts': 'authoring/rescan.ts',
};
/** Whole folders that moved; a file a branch adds there goes to the new folder. */
const FOLDERS = {
  'targets/': 'crawl/targets/',
  'fetch/': 'crawl/fetch/',
  'extract/': 'analysis/extract/',
  'claims/': 'analysis/claims/',
  'rules/': 'analysis/rules/',
  'findings/': 'analysis/findings/',
  'pipeline/': 'scan/',
};

const root = process.cwd();
const move = process.argv.includes('--move');

function newOf(srcPath) {
  if (!srcPath.startsWith('src/')) return undefined;
  const p = srcPath.slice(4);
  if (FILES[p]) return 'src/' + FILES[p];
  for (const [from, to] of Object.entries(FOLDERS)) if (p.startsWith(from)) return 'src/' + to + p.slice(from.length);
  return undefined;
}

/** Where a file in a new folder used to be (a merge may have moved it with its folder). */
function oldOf(srcPath) {
  if (!srcPath.startsWith('src/')) return undefined;
  const p = srcPath.slice(4);
  for (const [from, to] of Object.entries(FILES)) if (to === p) return 'src/' + from;
  for (const [from, to] of Object.entries(FOLDERS)) if (p.startsWith(to)) return 'src/' + from + p.slice(to.length);
  return undefined;
}

const walk = (d) =>
  existsSync(d)
    ? readdirSync(d).flatMap((n) => {
        const p = join(d, n);
        if (n === 'node_modules' || n === 'fixtures') return [];
        return statSync(p).isDirectory() ? walk(p) : [p];
      })
    : [];
const list = () => ['src', 'tests', 'scripts'].flatMap((d) => walk(join(root, d))).map((f) => relative(root, f).split('\\').join('/')).filter((f) => /\.(ts|mts|mjs|js)$/.test(f) && !f.endsWith('relayout-imports.mjs') && !f.endsWith('layout.test.ts'));

// 1. files still in an old folder
const moved = {}; // new → old
for (const f of list().filter((f) => f.startsWith('src/'))) {
  const to = newOf(f);
  if (!to || to === f) continue;
  if (existsSync(to)) {
    console.log(`both ${f} and ${to} exist: merge them by hand`);
    continue;
  }
  if (!move) {
    console.log(`in an old folder: ${f} (→ ${to}; run with --move)`);
    continue;
  }
  mkdirSync(dirname(to), { recursive: true });
  execFileSync('git', ['mv', f, to]);
  moved[to] = f;
  console.log(`moved ${f} → ${to}`);
}

// 2. specifiers
const SPEC = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\2|(new URL\(\s*)(['"])(\.{1,2}\/[^'"]+)\5(?=\s*,\s*import\.meta\.url)/g;
const asSource = (p) => (p.endsWith('.js') ? p.replace(/\.js$/, '.ts') : p);
const resolves = (p) => {
  const src = p.startsWith('dist/') ? 'src/' + p.slice(5) : p;
  return existsSync(src) || existsSync(asSource(src));
};
let unresolved = 0;
/** do all of a file's relative specifiers resolve from where it is? */
function resolvesAll(file) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(SPEC)) {
    const spec = m[3] ?? m[6];
    if (!resolves(posix.normalize(posix.join(dirname(file), spec)))) return false;
  }
  return true;
}
for (const file of list()) {
  const text = readFileSync(file, 'utf8');
  const here = dirname(file);
  const before = dirname(moved[file] ?? (resolvesAll(file) ? file : oldOf(file) ?? file));
  const fix = (spec) => {
    const direct = posix.normalize(posix.join(here, spec));
    if (resolves(direct) && !moved[file]) return spec;
    let old = posix.normalize(posix.join(before, spec));
    const dist = old.startsWith('dist/');
    if (dist) old = 'src/' + old.slice(5);
    let target = old;
    const oldKey = asSource(old);
    if (!existsSync(old) && !existsSync(oldKey)) {
      const to = newOf(oldKey);
      if (!to || !existsSync(to)) {
        if (resolves(direct)) return spec;
        console.log(`unresolved: ${file}: '${spec}'`);
        unresolved++;
        return spec;
      }
      target = old.endsWith('.js') ? to.replace(/\.ts$/, '.js') : to;
    }
    if (dist) target = 'dist/' + target.slice(4);
    let r = posix.relative(here, target);
    if (!r.startsWith('.')) r = './' + r;
    return r;
  };
  const out = text.replace(SPEC, (m, a, q, s, u, uq, us) => (s !== undefined ? a + q + fix(s) + q : u + uq + fix(us) + uq));
  if (out !== text) {
    writeFileSync(file, out);
    console.log(`rewrote imports in ${file}`);
  }
}
console.log(unresolved ? `${unresolved} specifier(s) left unresolved` : 'all relative imports resolve');
