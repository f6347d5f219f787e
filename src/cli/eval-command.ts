import type { Command } from 'commander';
import { learnedModels, setLearnedTier } from '../analysis/learned/model.js';
import { EvalSetError } from '../authoring/eval-set.js';
import { evaluateSet, rankUnmatched, type EvalError, type EvalResult, type Scores } from '../authoring/eval-run.js';
import { colors } from '../report/text-report.js';
import { collect, loadRules, writeOutput } from './common.js';
import { EXIT, UsageError } from './errors.js';

interface EvalOptions {
  rules?: string[];
  rank?: string;
  top?: string;
  format?: string;
  output?: string;
  learned?: boolean;
  show?: string;
  minF1?: string;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('score the rules on a labeled set (JSONL: id, lang, title, heading, text, labels): per-category precision, recall, F1, false alarms, and each miss and false alarm with its trace; or, with --rank, list unlabeled sentences the learned model scores high that no rule matched')
    .argument('[set.jsonl]', 'the labeled set')
    .option('--rank <file|folder>', 'rank the sentences of a JSONL file or a folder of .html/.jsonl files for labeling')
    .option('--top <n>', 'with --rank: how many sentences to list', '50')
    .option('--show <n>', 'list at most n misses and n false alarms (default: all)')
    .option('--no-learned', 'the rules alone, without the learned tier')
    .option('--min-f1 <x>', 'exit 1 when the overall F1 is under x')
    .option('-r, --rules <pack>', 'also load a rule pack (repeatable)', collect)
    .option('-f, --format <format>', 'text or json', 'text')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (set: string | undefined, opts: EvalOptions) => {
      process.exitCode = await evalCommand(set, opts);
    });
}

function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${option} takes a whole number, not "${value}"`);
  return n;
}

export async function evalCommand(set: string | undefined, opts: EvalOptions): Promise<number> {
  if (opts.format !== undefined && opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`--format takes text or json, not "${opts.format}"`);
  if (!set && !opts.rank) throw new UsageError('give a labeled set (claimscan eval set.jsonl) or --rank FILE|FOLDER');
  if (set && opts.rank) throw new UsageError('give either a labeled set or --rank, not both');
  const top = positiveInt(opts.top, '--top') ?? 50;
  const show = positiveInt(opts.show, '--show');
  const minF1 = opts.minF1 === undefined ? undefined : Number(opts.minF1);
  if (minF1 !== undefined && !(minF1 >= 0 && minF1 <= 1)) throw new UsageError(`--min-f1 takes a number from 0 to 1, not "${opts.minF1}"`);
  const ruleSet = loadRules(opts.rules);
  if (opts.learned === false) setLearnedTier(ruleSet, false);
  const c = colors(!opts.output && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  try {
    if (opts.rank) {
      if (!learnedModels(ruleSet, true).length) throw new UsageError('--rank needs a learned model: none of the loaded packs ships a model.json (train one with scripts/train-model.mjs)');
      const result = rankUnmatched(opts.rank, ruleSet, top);
      const text =
        opts.format === 'json'
          ? JSON.stringify(result, null, 2) + '\n'
          : [
              `${result.ranked.length} sentence(s) no rule matched, best model score first (read ${result.read} page(s) or passage(s), ${result.candidates} sentence(s) on topic and asserted):`,
              ...result.ranked.map((r) => `${r.score.toFixed(2)}  ${r.category.padEnd(28)} ${c.dim(`[${r.lang}] ${r.source}`)}\n      « ${r.text} »`),
            ].join('\n') + '\n';
      await writeOutput(text, opts.output);
      return EXIT.ok;
    }
    const result = evaluateSet(set!, ruleSet);
    await writeOutput(opts.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderEval(result, show, c), opts.output);
    return minF1 !== undefined && result.overall.f1 < minF1 ? EXIT.findings : EXIT.ok;
  } catch (e) {
    if (e instanceof EvalSetError) throw new UsageError(e.message);
    throw e;
  }
}

const pct = (x: number) => x.toFixed(3);

function row(name: string, s: Scores, width: number): string {
  return `${name.padEnd(width)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}  ${pct(s.precision)}  ${pct(s.recall)}  ${pct(s.f1)}`;
}

export function renderEval(r: EvalResult, show: number | undefined, c: ReturnType<typeof colors>): string {
  const width = Math.max(28, ...Object.keys(r.byCategory).map((k) => k.length));
  const out: string[] = [`${r.set}: ${r.items} passages`, '', c.bold(`${'category'.padEnd(width)}   tp   fp   fn  precis  recall  F1`)];
  for (const [cat, s] of Object.entries(r.byCategory)) out.push(row(cat, s, width));
  out.push(c.bold(row('all', r.overall, width)));
  for (const [lang, s] of Object.entries(r.byLanguage)) out.push(row(`  ${lang} (${s.items} passages)`, s, width));
  out.push('', `false alarms: ${r.falseAlarms.items} of ${r.falseAlarms.of} passages without a claim (${(100 * r.falseAlarms.rate).toFixed(1)} %)`);
  const list = (title: string, errors: EvalError[], kind: 'miss' | 'alarm') => {
    if (!errors.length) return;
    const shown = show === undefined ? errors : errors.slice(0, show);
    out.push('', c.bold(`${title} (${errors.length}${shown.length < errors.length ? `, ${shown.length} shown` : ''})`));
    for (const e of shown) {
      out.push('', `${c.bold(e.id)} [${e.lang}] ${kind === 'miss' ? 'missed' : 'flagged wrongly'}: ${e.categories.join(', ')}${kind === 'alarm' ? ` by ${e.rules.join(', ')}` : ''}  (labels: ${e.gold.join(', ') || 'none'}; found: ${e.got.join(', ') || 'nothing'})`);
      if (e.title) out.push(c.dim(`  title: ${e.title}`));
      for (const s of e.trace) {
        out.push(`  « ${s.text} »`);
        if (s.headingPath.length) out.push(c.dim(`    under: ${s.headingPath.join(' > ')}`));
        for (const [topic, d] of Object.entries(s.topic)) out.push(c.dim(`    topic ${topic}: ${d.onTopic ? 'yes' : 'no'} (${d.via})`));
        if (!s.rules.length) out.push(c.dim('    no rule matched'));
        for (const t of s.rules) out.push(`    ${t.outcome === 'flagged' ? c.red('flagged ') : c.dim(t.outcome.padEnd(8))} ${t.ruleId}: ${t.detail}`);
      }
    }
  };
  list('Misses', r.misses, 'miss');
  list('False alarms', r.falseAlarmItems, 'alarm');
  return out.join('\n') + '\n';
}
