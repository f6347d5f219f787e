import type { Command } from 'commander';
import { identifyLanguage } from '../analysis/claims/identify-language.js';
import type { TextBlock } from '../model/blocks.js';
import { analyzeBlocks, type SentenceExplanation } from '../analysis/analyze-page.js';
import { colors, renderFinding } from '../report/text-report.js';
import { collect, loadRules, parseLang, parseMinConfidenceOption } from './common.js';
import { byConfidence, meetsConfidence } from '../report/confidence-view.js';
import { EXIT } from './errors.js';

interface CheckOptions {
  lang?: string;
  title?: string;
  heading?: string;
  explain?: boolean;
  rules?: string[];
  format?: string;
  minConfidence?: string;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check one piece of text and print its findings (handy when writing rules)')
    .argument('<text>', 'the text, e.g. "La mésothérapie est sans danger."')
    .option('--lang <lang>', 'fr, en or auto', 'auto')
    .option('--title <title>', 'page title the text stands under (for topic scoping)')
    .option('--heading <heading>', 'heading the text stands under')
    .option('--explain', 'show every sentence: topic, polarity, and what each rule did')
    .option('-r, --rules <pack>', 'also load a rule pack: a folder, a folder of packs, npm:<package> or a shipped pack name such as iv-drips (repeatable)', collect)
    .option('-f, --format <format>', 'text or json', 'text')
    .option('--min-confidence <x>', 'leave out findings whose confidence (0–1) is under x')
    .action((text: string, opts: CheckOptions) => {
      process.exitCode = checkCommand(text, opts);
    });
}

export function checkCommand(text: string, opts: CheckOptions): number {
  const ruleSet = loadRules(opts.rules);
  const minConfidence = parseMinConfidenceOption(opts.minConfidence);
  const forced = parseLang(opts.lang);
  const guess = forced && forced !== 'auto' ? undefined : identifyLanguage(`${opts.title ?? ''} ${text}`, 'fr');
  let lang = guess?.lang ?? forced!;
  const blocks: TextBlock[] = [];
  if (opts.title) blocks.push({ kind: 'title', text: opts.title, headingPath: [] });
  blocks.push({ kind: 'text', text, headingPath: opts.heading ? [opts.heading] : [] });
  let { findings, explanation } = analyzeBlocks(blocks, opts.title ?? '', lang, 'text:', ruleSet, Boolean(opts.explain));
  // A few words may be either language: when unsure and nothing was found, try the other one.
  if (guess && !guess.confident && !findings.length) {
    const other = lang === 'fr' ? 'en' : 'fr';
    const second = analyzeBlocks(blocks, opts.title ?? '', other, 'text:', ruleSet, Boolean(opts.explain));
    if (second.findings.length) ({ findings, explanation } = second), (lang = other);
  }
  findings = byConfidence(findings.filter((f) => meetsConfidence(f, minConfidence)));
  if (opts.format === 'json') {
    process.stdout.write(JSON.stringify({ lang, findings, ...(opts.explain ? { explanation } : {}) }, null, 2) + '\n');
    return findings.length ? EXIT.findings : EXIT.ok;
  }
  const c = colors(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const out: string[] = [];
  if (opts.explain) out.push(...explainLines(explanation ?? [], lang, c), '');
  if (!findings.length) out.push(`no finding (language: ${lang})`);
  for (const f of findings) out.push(...renderFinding(f, c));
  process.stdout.write(out.join('\n') + '\n');
  return findings.length ? EXIT.findings : EXIT.ok;
}

function explainLines(sentences: SentenceExplanation[], lang: string, c: ReturnType<typeof colors>): string[] {
  const out = [`language: ${lang}`];
  for (const s of sentences) {
    out.push('', c.bold(`« ${s.text} »`));
    if (s.headingPath.length) out.push(`  under: ${s.headingPath.join(' > ')}`);
    for (const [topic, d] of Object.entries(s.topic)) out.push(`  topic ${topic}: ${d.onTopic ? 'yes' : 'no'} (${d.via})`);
    if (!s.rules.length) out.push(c.dim('  no rule matched'));
    for (const r of s.rules) out.push(`  ${r.outcome === 'flagged' ? c.red('flagged ') : c.dim(r.outcome.padEnd(8))} ${r.ruleId}: ${r.detail}`);
  }
  return out;
}
