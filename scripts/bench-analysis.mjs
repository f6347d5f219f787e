#!/usr/bin/env node
// Analysis benchmark (`npm run bench`): on the same pages, in one run, times
//   parse alone  — cheerio.load + the page's text, the least any HTML tool does;
//   analysis     — claimscan's whole per-page work: extraction into blocks, sentences, topic,
//                  polarity and every rule (the shipped packs), findings;
//   analysis ×10 — the same with ten times as many rules (generated variants of the shipped ones),
//                  to show how a user's extra packs change the cost.
// Pages come from the shared synthetic clinic site (../shared/bench/site.mjs), fetched once.
// The last line is the figure: "analysis X MB/s, parse alone Y MB/s, ratio R".
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'cheerio';
import { parse, stringify } from 'yaml';
import { analyzePage, clearTextCache } from '../dist/analysis/analyze-page.js';
import { loadRuleSet, BUILTIN_RULES_DIR } from '../dist/analysis/rules/load.js';

const argv = process.argv.slice(2);
const opt = (n, d) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);
const PAGES = Number(opt('--pages', '400'));
const ROUNDS = Number(opt('--rounds', '5'));
const siteScript = new URL('../../shared/bench/site.mjs', import.meta.url).pathname;

async function fetchPages() {
  const site = spawn(process.execPath, [siteScript, '--pages', String(PAGES)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((resolve, reject) => {
    site.stdout.on('data', (d) => {
      const m = /READY (\S+)/.exec(String(d));
      if (m) resolve(m[1]);
    });
    site.on('exit', () => reject(new Error('bench site did not start')));
  });
  try {
    const seen = new Set([base]);
    const queue = [base];
    const pages = [];
    while (queue.length && pages.length < PAGES) {
      const batch = queue.splice(0, 16);
      const got = await Promise.all(batch.map(async (u) => ({ u, res: await fetch(u) })));
      for (const { u, res } of got) {
        const type = res.headers.get('content-type') ?? '';
        const html = await res.text();
        if (!res.ok || !type.includes('html') || type.includes('8859')) continue;
        pages.push({ url: u, html });
        const $ = load(html);
        $('a[href]').each((_, a) => {
          const next = new URL($(a).attr('href'), u);
          next.hash = '';
          if (next.origin === new URL(base).origin && !next.pathname.startsWith('/private/') && !seen.has(next.href)) {
            seen.add(next.href);
            queue.push(next.href);
          }
        });
      }
    }
    return pages;
  } finally {
    site.kill();
  }
}

/**
 * A copy of the shipped packs with every rule repeated `times` times. `same`: the variants keep
 * the original patterns (plus one extra alternative), so each fires wherever the original does —
 * the worst case, ten times the findings. Otherwise each variant's patterns start with a word
 * of its own, like a custom pack about other wording: they rarely apply.
 */
function multipliedRules(times, same) {
  const dir = mkdtempSync(join(tmpdir(), 'claimscan-bench-rules-'));
  for (const pack of readdirSync(BUILTIN_RULES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const src = join(BUILTIN_RULES_DIR, pack.name);
    const dst = join(dir, pack.name);
    cpSync(src, dst, { recursive: true });
    for (const file of readdirSync(dst).filter((f) => f.endsWith('.yaml') && f !== 'pack.yaml')) {
      const doc = parse(readFileSync(join(dst, file), 'utf8'));
      const rules = [];
      for (const rule of doc.rules) {
        for (let i = 0; i < times; i++) {
          const variant = structuredClone(rule);
          if (i > 0) {
            variant.id = `${rule.id}-v${i}`;
            for (const [lang, list] of Object.entries(variant.patterns)) {
              if (same || rule.scope === 'page') list.push(`variante${i} ~2 motif${i}`);
              else variant.patterns[lang] = list.map((p) => (typeof p === 'string' ? `mot${i}propre ~3 ${p}` : p.near ? { near: [`mot${i}propre ~3 ${p.near[0]}`, p.near[1]], within: p.within } : p.all ? { all: [`mot${i}propre`, ...p.all] } : p));
            }
          }
          rules.push(variant);
        }
      }
      writeFileSync(join(dst, file), stringify({ rules }));
    }
  }
  return dir;
}

function time(label, pages, fn, ruleSet) {
  const bytes = pages.reduce((n, p) => n + Buffer.byteLength(p.html), 0);
  fn(pages[0]); // warm-up: compile caches, JIT
  let best = Infinity;
  let extra;
  for (let r = 0; r < ROUNDS; r++) {
    // Every round is a new crawl: sentences seen in an earlier round are forgotten.
    if (ruleSet) clearTextCache(ruleSet);
    const t0 = performance.now();
    let acc = 0;
    for (const p of pages) acc += fn(p);
    const ms = performance.now() - t0;
    if (ms < best) best = ms;
    extra = acc;
  }
  const mbs = bytes / 1e6 / (best / 1000);
  console.log(`${label.padEnd(28)} ${mbs.toFixed(1).padStart(6)} MB/s  (${(best / pages.length).toFixed(2)} ms/page, best of ${ROUNDS}; ${extra})`);
  return mbs;
}

const pages = await fetchPages();
const mb = pages.reduce((n, p) => n + Buffer.byteLength(p.html), 0) / 1e6;
console.log(`${pages.length} pages, ${mb.toFixed(1)} MB of HTML from the synthetic clinic site`);
const rules = loadRuleSet();
const tenDir = multipliedRules(10, true);
const rules10 = loadRuleSet({ builtin: false, dirs: [tenDir] });
rmSync(tenDir, { recursive: true, force: true });
const otherDir = multipliedRules(10, false);
const rulesOther = loadRuleSet({ builtin: false, dirs: [otherDir] });
rmSync(otherDir, { recursive: true, force: true });
const snapshot = (p) => ({ url: p.url, status: 200, html: p.html, fetchedAt: '' });

const parseAlone = time('parse alone (cheerio + text)', pages, (p) => load(p.html)('body').text().length > 0 ? 1 : 0);
const analysis = time(`analysis (${rules.rules.length} rules)`, pages, (p) => analyzePage(snapshot(p), rules).findings.length, rules);
const analysis10 = time(`analysis (${rules10.rules.length}, all firing)`, pages, (p) => analyzePage(snapshot(p), rules10).findings.length, rules10);
const analysisOther = time(`analysis (${rulesOther.rules.length}, own wording)`, pages, (p) => analyzePage(snapshot(p), rulesOther).findings.length, rulesOther);
// The same without the sentence cache: every sentence analysed as if never seen (pages with no boilerplate).
const fresh = time(`  no cache (${rules.rules.length} rules)`, pages, (p) => analyzePage(snapshot(p), rules, { textCache: false }).findings.length);
const fresh10 = time(`  no cache (${rules10.rules.length}, all firing)`, pages, (p) => analyzePage(snapshot(p), rules10, { textCache: false }).findings.length);
const freshOther = time(`  no cache (${rulesOther.rules.length}, own wording)`, pages, (p) => analyzePage(snapshot(p), rulesOther, { textCache: false }).findings.length);
const heap = process.memoryUsage();
console.log(`memory: rss ${(heap.rss / 1e6).toFixed(0)} MB, heap used ${(heap.heapUsed / 1e6).toFixed(0)} MB`);
console.log(`ten times the rules, all firing (10× the findings): ${(analysis / analysis10).toFixed(2)}× the time of the shipped set (no cache: ${(fresh / fresh10).toFixed(2)}×)`);
console.log(`ten times the rules, own wording: ${(analysis / analysisOther).toFixed(2)}× the time (no cache: ${(fresh / freshOther).toFixed(2)}×)`);
console.log(`no cache: analysis ${fresh.toFixed(1)} MB/s, ratio ${(fresh / parseAlone).toFixed(2)}`);
console.log(`analysis ${analysis.toFixed(1)} MB/s, parse alone ${parseAlone.toFixed(1)} MB/s, ratio ${(analysis / parseAlone).toFixed(2)}`);
