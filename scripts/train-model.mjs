#!/usr/bin/env node
// Trains and measures the learned recall tier of a rule pack, and measures its rules' precision.
//
//   npm run build && node scripts/train-model.mjs [--real FILE] [--extra FILE]... [--pack DIR] [--topic ID] [--dry-run]
//
// Reads labeled sets from outside the repository (default: ../shared/eval/real-dev.jsonl for real
// text, ../shared/eval/claims-dev.jsonl and tests/fixtures/eval/*.jsonl as extra training data)
// and writes, into the pack:
//   confidence.json — per rule, findings right/wrong on the real-text set (finding confidence);
//   model.json      — per-category logistic regression weights over hashed features (no text).
// Then prints the 5-fold cross-validation on the real-text set, grouped by site (source_url
// host): rules alone vs rules + learned tier. Each fold's thresholds are picked by an inner
// grouped 5-fold CV on its training part (the lowest score at which the tier's own findings
// keep precision ≥ 0.9). The tier is enabled only when the outer CV shows it adds recall at
// that precision. Deterministic: the same data gives the same files.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(join(root, 'dist', p));
const { loadRuleSet } = await dist('analysis/rules/load.js');
const { readLabeledSet, analyzeItem, PAGE_LEVEL } = await dist('authoring/eval-set.js');
const { textFeatures, DEFAULT_FEATURES } = await dist('analysis/learned/features.js');
const { LearnedModel, useLearnedModels, MODEL_FORMAT, MODEL_FILE } = await dist('analysis/learned/model.js');
const { CONFIDENCE_FORMAT, CONFIDENCE_FILE, viaKind, clearConfidenceTables } = await dist('analysis/learned/confidence.js');

// ---------------------------------------------------------------- options
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i < 0 ? dflt : argv[i + 1];
};
const many = (name) => argv.flatMap((a, i) => (a === name ? [argv[i + 1]] : []));
const realFile = resolve(opt('--real', join(root, '../shared/eval/real-dev.jsonl')));
const fixtureDir = join(root, 'tests/fixtures/eval');
const extraFiles = many('--extra').length
  ? many('--extra').map((f) => resolve(f))
  : [join(root, '../shared/eval/claims-dev.jsonl'), ...(existsSync(fixtureDir) ? readdirSync(fixtureDir).filter((f) => f.endsWith('.jsonl')).map((f) => join(fixtureDir, f)) : [])];
const packDir = resolve(opt('--pack', join(root, 'rules/mesotherapy')));
const topicId = opt('--topic', 'mesotherapy');
const dryRun = argv.includes('--dry-run');
const TARGET = Number(opt('--precision', '0.9'));
const FOLDS = 5;
const MIN_TP = 3; // a threshold needs this many right findings in the inner CV
const MIN_DF = Number(opt('--min-df', '3')); // features seen in fewer training passages are dropped (no memorising one passage)
const MIN_Q = Number(opt('--min-q', '3'));
const EPOCHS = Number(opt('--epochs', '12'));
const L2 = Number(opt('--l2', '1e-4'));
const FEATURES = { ...DEFAULT_FEATURES, charMin: Number(opt('--char-min', DEFAULT_FEATURES.charMin)), charMax: Number(opt('--char-max', DEFAULT_FEATURES.charMax)) };

// ---------------------------------------------------------------- data
const real = readLabeledSet(realFile).map((it) => ({ ...it, group: hostOf(it.source_url) ?? `item:${it.id}`, real: true }));
const extra = argv.includes('--no-extra') ? [] : extraFiles.filter((f) => existsSync(f)).flatMap((f) => readLabeledSet(f).map((it) => ({ ...it, id: `${f}#${it.id}`, real: false })));
console.error(`real-text set: ${real.length} passages from ${new Set(real.map((i) => i.group)).size} sites; extra training passages: ${extra.length}`);

// The rules alone, with a stand-in model that flags nothing, so the gate still reports the
// sentences the tier may read.
const ruleSet = loadRuleSet({ dirs: [packDir], builtin: false });
const pack = ruleSet.packs.find((p) => resolve(p.dir) === packDir);
if (!pack) throw new Error(`no pack loaded from ${packDir}`);
if (!ruleSet.topics.has(topicId)) throw new Error(`topic ${topicId} is not defined by ${packDir}`);
const stub = new LearnedModel(
  { format: MODEL_FORMAT, version: '0', topic: topicId, ruleIdPrefix: 'stub', enabled: false, features: DEFAULT_FEATURES, buckets: '', categories: {} },
  pack,
  ruleSet.rules,
);
useLearnedModels(ruleSet, [stub]);
clearConfidenceTables();

const t0 = Date.now();
for (const it of real) {
  const r = analyzeItem(it, ruleSet, true);
  it.ruleCats = new Set(r.findings.filter((f) => f.category !== PAGE_LEVEL).map((f) => f.category));
  it.ruleFindings = r.findings.filter((f) => f.category !== PAGE_LEVEL).map((f) => {
    const rule = ruleSet.rule(f.ruleId);
    const sentence = r.explanation?.find((s) => s.text === f.text);
    return { ruleId: f.ruleId, category: f.category, via: viaKind(rule?.topic ? sentence?.topic[rule.topic]?.via : undefined) };
  });
  it.candidates = r.candidates.map((c) => textFeatures(c.text, c.lang, FEATURES));
}
console.error(`rules run on the real-text set in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// ---------------------------------------------------------------- rule precision → confidence.json
const counts = { overall: { tp: 0, fp: 0 }, rules: {}, via: {} };
for (const it of real) {
  const gold = new Set(it.labels);
  for (const f of it.ruleFindings) {
    const k = gold.has(f.category) ? 'tp' : 'fp';
    counts.overall[k]++;
    (counts.rules[f.ruleId] ??= { tp: 0, fp: 0 })[k]++;
    (counts.via[f.via] ??= { tp: 0, fp: 0 })[k]++;
  }
}
const confidenceTable = {
  format: CONFIDENCE_FORMAT,
  measuredOn: `${real.length} labeled real-text passages (${basename(realFile)}); counts of findings only`,
  priorWeight: 4,
  overall: counts.overall,
  rules: Object.fromEntries(Object.entries(counts.rules).sort(([a], [b]) => a.localeCompare(b))),
  via: counts.via,
};

// ---------------------------------------------------------------- model
const categories = [...new Set([...real, ...extra].flatMap((it) => it.labels))].filter((c) => c !== PAGE_LEVEL && ruleSet.rules.some((r) => r.category === c && r.scope === 'sentence')).sort();
for (const it of [...real, ...extra]) it.x = textFeatures(it.text, it.lang === 'auto' ? 'en' : it.lang, FEATURES);

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

/** Logistic regression per category, SGD with L2, on the items' features (df-pruned). */
function train(items) {
  const df = new Map();
  for (const it of items) for (const b of it.x.index) df.set(b, (df.get(b) ?? 0) + 1);
  const keep = (b) => (df.get(b) ?? 0) >= MIN_DF;
  const docs = items.map((it) => {
    const idx = Array.from(it.x.index).filter(keep);
    return { idx, v: 1 / Math.sqrt(Math.max(1, idx.length)), labels: new Set(it.labels) };
  });
  const size = 2 ** DEFAULT_FEATURES.bits;
  const models = {};
  for (const c of categories) {
    const w = new Float64Array(size);
    let bias = 0;
    const pos = docs.filter((d) => d.labels.has(c)).length;
    const posWeight = pos ? Math.min(5, Math.sqrt((docs.length - pos) / pos)) : 1;
    const rand = rng(0x5eed + c.length);
    const order = docs.map((_, i) => i);
    let step = 0;
    for (let e = 0; e < EPOCHS; e++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const i of order) {
        const d = docs[i];
        const y = d.labels.has(c) ? 1 : 0;
        let z = bias;
        for (const b of d.idx) z += w[b] * d.v;
        const p = 1 / (1 + Math.exp(-z));
        const lr = 0.5 / (1 + step++ / docs.length);
        const g = (p - y) * (y ? posWeight : 1);
        bias -= lr * g;
        for (const b of d.idx) w[b] -= lr * (g * d.v + L2 * w[b]);
      }
    }
    models[c] = { w, bias };
  }
  return models;
}

function prob(model, x) {
  let z = model.bias;
  for (const b of x.index) z += model.w[b] * x.value;
  return 1 / (1 + Math.exp(-z));
}

/** Per item and category, the best score among the item's gated sentences (categories the rules already gave are left out). */
function tierScores(models, items) {
  const out = [];
  for (const it of items) {
    for (const c of categories) {
      if (it.ruleCats.has(c) || !it.candidates.length) continue;
      let best = 0;
      for (const x of it.candidates) best = Math.max(best, prob(models[c], x));
      out.push({ it, c, p: best, right: it.labels.includes(c) });
    }
  }
  return out;
}

/** Per category: the lowest score at which the tier's findings keep precision ≥ TARGET (null: none). */
function pickThresholds(scored) {
  const th = {};
  for (const c of categories) {
    const s = scored.filter((x) => x.c === c).sort((a, b) => b.p - a.p);
    let tp = 0;
    let fp = 0;
    let best = null;
    for (let i = 0; i < s.length; i++) {
      if (s[i].right) tp++;
      else fp++;
      if (i + 1 < s.length && s[i + 1].p === s[i].p) continue;
      if (s[i].p < 0.5) break;
      if (tp >= MIN_TP && tp / (tp + fp) >= TARGET) best = { threshold: s[i].p, tp, fp, precision: tp / (tp + fp) };
    }
    th[c] = best;
  }
  return th;
}

/** Groups (sites) into k folds of about equal size, deterministically. */
function foldsOf(items, k) {
  const size = new Map();
  for (const it of items) size.set(it.group, (size.get(it.group) ?? 0) + 1);
  const groups = [...size].sort((a, b) => b[1] - a[1] || hash(a[0]) - hash(b[0]));
  const load = new Array(k).fill(0);
  const fold = new Map();
  for (const [g, n] of groups) {
    const f = load.indexOf(Math.min(...load));
    fold.set(g, f);
    load[f] += n;
  }
  return items.map((it) => fold.get(it.group));
}

function cvScores(trainReal, k, seedOffset = 0) {
  const fold = foldsOf(trainReal, k);
  const scored = [];
  for (let f = 0; f < k; f++) {
    const tr = trainReal.filter((_, i) => fold[i] !== f);
    const te = trainReal.filter((_, i) => fold[i] === f);
    const models = train([...tr, ...extra]);
    scored.push(...tierScores(models, te));
  }
  return scored;
}

if (argv.includes('--diag')) {
  const scored = cvScores(real, FOLDS);
  for (const c of categories) {
    const s = scored.filter((x) => x.c === c).sort((a, b) => b.p - a.p);
    const pos = s.filter((x) => x.right).length;
    const at = (k) => `${s.slice(0, k).filter((x) => x.right).length}/${k}`;
    console.log(`${c}: gated items ${s.length}, missed by rules ${pos}; right in top 5/10/20/40: ${at(5)} ${at(10)} ${at(20)} ${at(40)}; top scores ${s.slice(0, 5).map((x) => x.p.toFixed(2)).join(' ')}`);
  }
  process.exit(0);
}

// ---------------------------------------------------------------- outer cross-validation
const outerFold = foldsOf(real, FOLDS);
const tierPreds = new Map(); // item id → Set of categories the tier adds
const perFold = [];
for (let f = 0; f < FOLDS; f++) {
  const trainReal = real.filter((_, i) => outerFold[i] !== f);
  const test = real.filter((_, i) => outerFold[i] === f);
  const thresholds = pickThresholds(cvScores(trainReal, FOLDS));
  const models = train([...trainReal, ...extra]);
  for (const s of tierScores(models, test)) {
    const t = thresholds[s.c];
    if (t && s.p >= t.threshold) {
      if (!tierPreds.has(s.it.id)) tierPreds.set(s.it.id, new Set());
      tierPreds.get(s.it.id).add(s.c);
    }
  }
  perFold.push({ fold: f, test: test.length, thresholds: Object.fromEntries(Object.entries(thresholds).filter(([, t]) => t).map(([c, t]) => [c, round(t.threshold)])) });
  console.error(`fold ${f + 1}/${FOLDS}: ${test.length} test passages; thresholds ${JSON.stringify(perFold[f].thresholds)}`);
}

function metrics(pred) {
  let tp = 0, fp = 0, fn = 0, alarms = 0, negatives = 0;
  const per = {};
  for (const it of real) {
    const gold = new Set(it.labels);
    const got = pred(it);
    if (!gold.size) {
      negatives++;
      if (got.size) alarms++;
    }
    for (const c of new Set([...gold, ...got])) {
      per[c] ??= { tp: 0, fp: 0, fn: 0 };
      if (gold.has(c) && got.has(c)) (per[c].tp++, tp++);
      else if (got.has(c)) (per[c].fp++, fp++);
      else (per[c].fn++, fn++);
    }
  }
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, tp + fn);
  return { tp, fp, fn, p, r, f1: (2 * p * r) / Math.max(1e-9, p + r), alarms, negatives, per };
}
const rulesOnly = metrics((it) => it.ruleCats);
const withTier = metrics((it) => new Set([...it.ruleCats, ...(tierPreds.get(it.id) ?? [])]));
let tierTp = 0, tierFp = 0;
for (const it of real) for (const c of tierPreds.get(it.id) ?? []) it.labels.includes(c) ? tierTp++ : tierFp++;
const tierPrecision = tierTp / Math.max(1, tierTp + tierFp);
const enabled = tierTp > 0 && tierPrecision >= TARGET;

// ---------------------------------------------------------------- final model: all data, thresholds from the outer out-of-fold scores
const finalThresholds = pickThresholds(cvScores(real, FOLDS));
const finalModels = train([...real, ...extra]);
const stored = storeModel(finalModels, finalThresholds, enabled);

// ---------------------------------------------------------------- report
const pct = (x) => x.toFixed(3);
const line = (name, m) => `| ${name} | ${pct(m.p)} | ${pct(m.r)} | ${pct(m.f1)} | ${m.tp} | ${m.fp} | ${m.fn} | ${m.alarms}/${m.negatives} (${((100 * m.alarms) / m.negatives).toFixed(1)} %) |`;
const out = [
  `5-fold cross-validation on ${basename(realFile)} (${real.length} passages, ${new Set(real.map((i) => i.group)).size} sites), folds grouped by site; thresholds picked inside each training fold (inner grouped 5-fold CV, tier precision ≥ ${TARGET}, ≥ ${MIN_TP} right findings).`,
  '',
  '| | precision | recall | F1 | tp | fp | fn | false alarms |',
  '|---|---|---|---|---|---|---|---|',
  line('rules alone', rulesOnly),
  line('rules + learned tier', withTier),
  '',
  `learned tier's own findings: ${tierTp + tierFp} (${tierTp} right, ${tierFp} wrong): precision ${pct(tierPrecision)}; recall added ${pct(withTier.r - rulesOnly.r)}. Tier ${enabled ? 'ENABLED' : 'DISABLED (it does not add recall at precision ≥ ' + TARGET + ')'}.`,
  '',
  '| category | rules P | rules R | +tier P | +tier R | tier adds (right/wrong) |',
  '|---|---|---|---|---|---|',
  ...Object.keys(withTier.per).sort().map((c) => {
    const a = rulesOnly.per[c] ?? { tp: 0, fp: 0, fn: 0 };
    const b = withTier.per[c];
    const P = (x) => (x.tp + x.fp ? pct(x.tp / (x.tp + x.fp)) : '–');
    const R = (x) => (x.tp + x.fn ? pct(x.tp / (x.tp + x.fn)) : '–');
    return `| ${c} | ${P(a)} | ${R(a)} | ${P(b)} | ${R(b)} | ${b.tp - a.tp}/${b.fp - a.fp} |`;
  }),
  '',
  `final model: ${stored.bucketCount} weighted hash buckets, categories with a threshold: ${Object.entries(finalThresholds).filter(([, t]) => t).map(([c, t]) => `${c} ≥ ${round(t.threshold)} (CV precision ${pct(t.precision)})`).join(', ') || 'none'}`,
];
console.log(out.join('\n'));

if (!dryRun) {
  writeFileSync(join(packDir, CONFIDENCE_FILE), JSON.stringify(confidenceTable, null, 1) + '\n');
  writeFileSync(join(packDir, MODEL_FILE), JSON.stringify(stored.model) + '\n');
  console.error(`wrote ${join(packDir, CONFIDENCE_FILE)} and ${join(packDir, MODEL_FILE)}`);
}

// ---------------------------------------------------------------- helpers
function storeModel(models, thresholds, on) {
  // int8 weights per category, scaled by the largest weight
  const scale = {};
  for (const c of categories) {
    let max = 0;
    for (const v of models[c].w) max = Math.max(max, Math.abs(v));
    scale[c] = max / 127 || 1;
  }
  const buckets = [];
  // a bucket is kept when some category gives it a weight of at least MIN_Q (of ±127): the
  // smallest weights barely move a score and would double the file
  for (let b = 0; b < 2 ** DEFAULT_FEATURES.bits; b++) if (categories.some((c) => Math.abs(Math.round(models[c].w[b] / scale[c])) >= MIN_Q)) buckets.push(b);
  const cats = {};
  for (const c of categories) {
    const q = Int8Array.from(buckets, (b) => Math.max(-127, Math.min(127, Math.round(models[c].w[b] / scale[c]))));
    const t = thresholds[c];
    cats[c] = { bias: round(models[c].bias, 5), scale: Number(scale[c].toPrecision(6)), threshold: t ? round(t.threshold, 4) : null, ...(t ? { precision: round(t.precision) } : {}), weights: Buffer.from(q.buffer).toString('base64') };
  }
  return {
    bucketCount: buckets.length,
    model: {
      format: MODEL_FORMAT,
      version: '1',
      topic: topicId,
      ruleIdPrefix: `${pack.name === 'mesotherapy' ? 'meso' : pack.name}-learned`,
      enabled: on,
      features: FEATURES,
      buckets: Buffer.from(Uint32Array.from(buckets).buffer).toString('base64'),
      categories: cats,
      training: {
        script: 'scripts/train-model.mjs',
        passages: { real: real.length, extra: extra.length },
        minDocumentFrequency: MIN_DF,
        epochs: EPOCHS,
        l2: L2,
        crossValidation: {
          folds: FOLDS,
          groupedBy: 'site',
          targetPrecision: TARGET,
          rulesAlone: summary(rulesOnly),
          rulesAndTier: summary(withTier),
          tier: { right: tierTp, wrong: tierFp, precision: round(tierPrecision) },
        },
      },
    },
  };
}

function summary(m) {
  return { precision: round(m.p), recall: round(m.r), f1: round(m.f1), falseAlarms: m.alarms, negatives: m.negatives };
}
function round(x, d = 3) {
  return Math.round(x * 10 ** d) / 10 ** d;
}
function hostOf(u) {
  try {
    return new URL(u).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
function basename(f) {
  return f.split('/').pop();
}
