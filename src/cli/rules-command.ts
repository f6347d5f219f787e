import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { askForRule, type Ask } from '../authoring/ask-rule.js';
import { explainRule, formatExplanation } from '../authoring/explain-rule.js';
import { formatRuleTests } from '../authoring/format-results.js';
import { NewRuleError, planNewRule, readPack, writePlan, type NewRuleInput, type Tagged } from '../authoring/new-rule.js';
import { runRuleTests } from '../authoring/run-rule-tests.js';
import { formatCoverage, ruleCoverage } from '../authoring/coverage.js';
import { colors } from '../report/text-report.js';
import { RuleLoadErrors } from '../analysis/rules/errors.js';
import { MANIFEST, resolvePackSpec, shippedPacks } from '../analysis/rules/load.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import { didYouMean } from '../analysis/rules/suggest.js';
import { categoryInfo, type Category } from '../model/taxonomy.js';
import { loadShippedCategories } from '../analysis/rules/load.js';
import { collect, parseSeverity } from './common.js';
import { projectConfig, scanRules } from './history-options.js';
import { EXIT, UsageError } from './errors.js';

const RULES_OPTION = ['-r, --rules <pack>', 'also load this pack: a folder, a folder of packs, npm:<package> or a shipped pack name (repeatable)'] as const;
const CONFIG_OPTION = ['--config <file>', "project config whose packs and rule changes apply (default: claimscan.config.yaml here, if any)"] as const;

interface LoadCliOptions {
  rules?: string[];
  config?: string;
}

/** The rules as a scan here would load them: the project config's packs and changes, `--rules`, then `extra`. */
function loadForCli(opts: LoadCliOptions, extra: string[] = []): RuleSet {
  return scanRules(projectConfig(opts), [...(opts.rules ?? []), ...extra]);
}

const useColor = () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const print = (lines: string[]) => process.stdout.write(lines.join('\n') + '\n');

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('list, explain, write and test rule packs');

  rules
    .command('list')
    .description('list loaded rules: id, category, severity, languages, pack, source document')
    .option(...RULES_OPTION, collect)
    .option(...CONFIG_OPTION)
    .option('--json', 'as JSON')
    .action((opts: LoadCliOptions & { json?: boolean }) => listCommand(opts));

  rules
    .command('explain')
    .description('what a rule flags and why: its source sentence, patterns, term lists and examples')
    .argument('<id>', 'rule id (see claimscan rules list)')
    .option(...RULES_OPTION, collect)
    .option(...CONFIG_OPTION)
    .option('--json', 'as JSON')
    .action((id: string, opts: LoadCliOptions & { json?: boolean }) => explainCommand(id, opts));

  rules
    .command('test')
    .description("run the rules' examples and the fixture pages beside their packs (<pack>/tests/*.html); exit 1 on failure")
    .argument('[path...]', 'packs or rule files to test: a pack folder, a folder of packs, a rule file, npm:<package> or a shipped pack name (default: every loaded pack)')
    .option(...RULES_OPTION, collect)
    .option(...CONFIG_OPTION)
    .option('--rule <id>', 'only this rule (repeatable)', collect)
    .option('--coverage', "also list, per rule, each pattern that matches none of the rule's examples, with a coverage %; exit 1 unless every pattern is covered")
    .option('--json', 'as JSON')
    .action(async (paths: string[], opts: LoadCliOptions & { rule?: string[]; json?: boolean; coverage?: boolean }) => {
      process.exitCode = await testCommand(paths, opts);
    });

  rules
    .command('new')
    .description('write a new rule (and its pack, if new) from a commented template; asks on a terminal what the flags do not say')
    .argument('[pack]', 'pack folder to write to (created with its manifest if needed)')
    .option('--id <id>', 'rule id, e.g. my-treatment-safety-no-risk')
    .option('--category <category>', 'claim category: an id a pack declares (claimscan rules list)')
    .option('--severity <severity>', "low, medium or high (default: the category's)")
    .option('--lang <langs>', 'languages of the rule, comma-separated (default: those of its patterns)')
    .option('--pattern <phrase>', 'a pattern, e.g. "fr:sans (aucun)? risque*" (repeatable; prefix with the language)', collect)
    .option('--flag <sentence>', 'an example the rule must flag, e.g. "fr:…" (repeatable)', collect)
    .option('--pass <sentence>', 'an example it must leave alone (repeatable)', collect)
    .option('--message <text>', 'message shown with each finding, "fr:…" per language (repeatable)', collect)
    .option('--description <text>', 'what the rule flags, in a sentence')
    .option('--source <document>', "short name of the cited document (a key of the pack's sources)")
    .option('--source-title <title>', 'full title of the document, when the pack does not list it yet')
    .option('--source-url <url>', 'URL of the document')
    .option('--quote <sentence>', 'the sentence of the source that shows the claim is unsupported')
    .option('--topic <topic>', 'topic the sentence must be about (default: the pack\'s; "none" for no topic)')
    .option('--topic-alias <words>', 'for a new topic: a word naming it, "fr:…" (repeatable)', collect)
    .option('--pack-name <name>', 'name of a new pack (default: the folder name)')
    .option('--pack-description <text>', 'description of a new pack')
    .option(...RULES_OPTION, collect)
    .option(...CONFIG_OPTION)
    .option('--no-input', 'never ask: fail when a required flag is missing')
    .action(async (pack: string | undefined, opts: NewOptions) => {
      process.exitCode = await newCommand(pack, opts);
    });
}

function listCommand(opts: LoadCliOptions & { json?: boolean }): void {
  const set = loadForCli(opts);
  const rows = set.rules.map((r) => ({
    id: r.id,
    category: r.category,
    severity: r.severity,
    languages: r.languages,
    pack: `${r.pack.name}@${r.pack.version}`,
    source: r.source.document,
    scope: r.scope,
    file: r.file,
  }));
  if (opts.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  const w = Math.max(...rows.map((r) => r.id.length), 2);
  const cw = Math.max(...rows.map((r) => r.category.length), 8);
  const lines = [`${'id'.padEnd(w)}  ${'category'.padEnd(cw)}  severity  langs  pack / source`];
  for (const r of rows) lines.push(`${r.id.padEnd(w)}  ${r.category.padEnd(cw)}  ${r.severity.padEnd(8)}  ${r.languages.join(',').padEnd(5)}  ${r.pack} / ${r.source}`);
  lines.push(`${rows.length} rules in ${set.packs.length} pack(s): ${set.packs.map((p) => `${p.name}@${p.version}`).join(', ')}`);
  const loaded = new Set(set.packs.map((p) => p.name));
  const optIn = shippedPacks().filter((p) => p.optIn && !loaded.has(p.name));
  for (const p of optIn) lines.push(`opt-in pack not loaded: ${p.name}${p.description ? ` — ${p.description}` : ''} (add --rules ${p.name})`);
  print(lines);
}

function explainCommand(id: string, opts: LoadCliOptions & { json?: boolean }): void {
  let set = loadForCli(opts);
  let rule = set.rule(id);
  let note: string | undefined;
  if (!rule) {
    // Not loaded: perhaps a rule of a shipped opt-in pack.
    const optIn = shippedPacks().filter((p) => p.optIn && !set.packs.some((l) => l.name === p.name));
    if (optIn.length) {
      const wider = loadForCli(opts, optIn.map((p) => p.name));
      const found = wider.rule(id);
      if (found) {
        set = wider;
        rule = found;
        note = `opt-in pack "${found.pack.name}": scans use it only with --rules ${found.pack.name}`;
      }
    }
  }
  if (!rule) throw new UsageError(`no rule "${id}"${didYouMean(id, set.rules.map((r) => r.id))} (claimscan rules list shows the loaded rules; add a pack with --rules)`);
  const x = explainRule(rule, set);
  if (opts.json) {
    process.stdout.write(JSON.stringify(x, null, 2) + '\n');
    return;
  }
  const lines = formatExplanation(x, colors(useColor()));
  if (note) lines.splice(1, 0, `  note      ${note}`);
  print(lines);
}

/** `rules test` arguments: packs (however named) and single rule files within packs. */
function readTestPaths(paths: string[]): { specs: string[]; files: Set<string> } {
  const specs: string[] = [];
  const files = new Set<string>();
  for (const p of paths) {
    const abs = resolve(p);
    if (existsSync(abs) && statSync(abs).isFile()) {
      if (!/\.ya?ml$/.test(abs)) throw new UsageError(`${p}: rules test takes pack folders or rule files (.yaml)`);
      if (!existsSync(resolve(dirname(abs), MANIFEST))) throw new UsageError(`${p}: not in a pack (no ${MANIFEST} beside it)`);
      specs.push(dirname(abs));
      if (basename(abs) !== MANIFEST) files.add(realpathSync(abs));
    } else specs.push(p);
  }
  return { specs, files };
}

export async function testCommand(paths: string[], opts: LoadCliOptions & { rule?: string[]; json?: boolean; coverage?: boolean }): Promise<number> {
  const { specs, files } = readTestPaths(paths);
  const set = loadForCli(opts, specs);
  let packs = set.packs;
  if (specs.length) {
    const wanted = new Set(specs.flatMap((s) => resolvePackSpec(s).map((l) => realpathSync(l.dir))));
    packs = set.packs.filter((p) => wanted.has(realpathSync(p.dir)));
    if (!packs.length) throw new UsageError(`no pack to test in ${paths.join(', ')}: opt-in packs are tested when named, e.g. claimscan rules test rules/<pack>`);
  }
  for (const id of opts.rule ?? []) {
    if (!set.rule(id)) throw new UsageError(`--rule ${id}: no loaded rule has this id${didYouMean(id, set.rules.map((r) => r.id))}`);
  }
  const only = new Set(opts.rule ?? []);
  const filter = files.size || only.size ? (r: { id: string; file: string }) => (!files.size || files.has(realpathSync(r.file))) && (!only.size || only.has(r.id)) : undefined;
  const run = await runRuleTests(set, { packs, rules: filter });
  const dirs = new Set(packs.map((p) => p.dir));
  const coverage = opts.coverage ? ruleCoverage(set, set.rules.filter((r) => dirs.has(r.pack.dir) && (filter?.(r) ?? true))) : undefined;
  if (opts.json) process.stdout.write(JSON.stringify(coverage ? { ...run, coverage } : run, null, 2) + '\n');
  else print([...formatRuleTests(run, colors(useColor())), ...(coverage ? formatCoverage(coverage) : [])]);
  // exit 1: an example or fixture failed, or (with --coverage) a pattern no example matches
  return run.failed || (coverage && coverage.covered < coverage.patterns) ? EXIT.findings : EXIT.ok;
}

interface NewOptions {
  id?: string;
  category?: string;
  severity?: string;
  lang?: string;
  pattern?: string[];
  flag?: string[];
  pass?: string[];
  message?: string[];
  description?: string;
  source?: string;
  sourceTitle?: string;
  sourceUrl?: string;
  quote?: string;
  topic?: string;
  topicAlias?: string[];
  packName?: string;
  packDescription?: string;
  rules?: string[];
  config?: string;
  input?: boolean;
}

/** "fr:sans risque" → { lang: "fr", text: "sans risque" }; untagged text has no lang. */
export function parseTagged(value: string): Tagged {
  const m = /^([a-z]{2,3}):\s*(.+)$/s.exec(value);
  return m ? { lang: m[1], text: m[2].trim() } : { text: value.trim() };
}

function inputFromFlags(pack: string | undefined, o: NewOptions): Partial<NewRuleInput> {
  const known = o.category !== undefined && !categoryInfo(o.category) ? loadShippedCategories().map((c) => c.id) : [];
  if (o.category !== undefined && !known.includes(o.category) && !categoryInfo(o.category)) {
    throw new UsageError(`--category: "${o.category}" is not a category${didYouMean(o.category, known)}; one of: ${known.join(', ')}`);
  }
  const aliases: Record<string, string[]> = {};
  for (const a of (o.topicAlias ?? []).map(parseTagged)) {
    if (!a.lang) throw new UsageError(`--topic-alias "${a.text}": say its language, e.g. fr:${a.text}`);
    (aliases[a.lang] ??= []).push(a.text);
  }
  const partial: Partial<NewRuleInput> = {
    packDir: pack,
    packName: o.packName,
    packDescription: o.packDescription,
    languages: o.lang ? o.lang.split(',').map((l) => l.trim()).filter(Boolean) : undefined,
    id: o.id,
    category: o.category as Category | undefined,
    severity: parseSeverity(o.severity, '--severity'),
    description: o.description,
    messages: o.message?.map(parseTagged),
    topic: o.topic,
    topicAliases: Object.keys(aliases).length ? aliases : undefined,
    patterns: o.pattern?.map(parseTagged),
    flag: o.flag?.map(parseTagged),
    pass: o.pass?.map(parseTagged),
  };
  if (o.source || o.quote) partial.source = { document: o.source ?? '', title: o.sourceTitle, url: o.sourceUrl, quote: o.quote ?? '' };
  return partial;
}

const REQUIRED: Array<[string, (p: Partial<NewRuleInput>) => unknown]> = [
  ['<pack>', (p) => p.packDir],
  ['--id', (p) => p.id],
  ['--category', (p) => p.category],
  ['--pattern', (p) => p.patterns?.length],
  ['--flag', (p) => p.flag?.length],
  ['--source', (p) => p.source?.document],
  ['--quote', (p) => p.source?.quote],
];

function terminalAsk(): { ask: Ask; close(): void } {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  return {
    ask: (question, fallback) => rl.question(`${question}${fallback ? ` [${fallback}]` : ''}: `),
    close: () => rl.close(),
  };
}

export async function newCommand(pack: string | undefined, opts: NewOptions, ask?: Ask): Promise<number> {
  let partial = inputFromFlags(pack, opts);
  const missing = REQUIRED.filter(([, has]) => !has(partial)).map(([flag]) => flag);
  const interactive = missing.length > 0 && opts.input !== false && (ask !== undefined || Boolean(process.stdin.isTTY));
  if (missing.length && !interactive) {
    throw new UsageError(`rules new needs ${missing.join(', ')} (stdin is not a terminal, so it cannot ask). Example:\n  claimscan rules new my-rules --id my-treatment-safety-no-risk --category safety.no-risk --pattern "fr:sans (aucun)? risque*" --flag "fr:Ce soin est sans aucun risque." --source HAS --source-title "HAS — …" --quote "…"`);
  }
  const say = (line: string) => process.stdout.write(line + '\n');
  if (interactive) {
    const terminal = ask ? undefined : terminalAsk();
    try {
      partial = await askForRule(ask ?? terminal!.ask, partial, say);
    } catch (e) {
      // Ctrl-D at a question
      if ((e as Error)?.name === 'AbortError') throw new UsageError('rules new: cancelled, nothing was written');
      throw e;
    } finally {
      terminal?.close();
    }
  }

  // A pack that does not load already would make the new rule look broken: say so first.
  const packDir = partial.packDir!;
  if (readPack(packDir)) {
    try {
      loadForCli(opts, [packDir]);
    } catch (e) {
      if (e instanceof RuleLoadErrors) throw new UsageError(`the pack in ${packDir} does not load; fix it first:\n${e.message.replace(/^/gm, '  ')}`);
      throw e;
    }
  }
  let plan;
  try {
    plan = planNewRule(partial as NewRuleInput);
  } catch (e) {
    if (e instanceof NewRuleError) throw new UsageError(e.message);
    throw e;
  }
  const written = writePlan(plan);
  let set: RuleSet;
  try {
    set = loadForCli(opts, [plan.packDir]);
  } catch (e) {
    // Leave nothing half-made behind: the files go, the error says why.
    written.undo();
    throw e;
  }
  const c = colors(useColor());
  const lines: string[] = [];
  if (plan.createdPack) lines.push(`created pack ${plan.packName} in ${plan.manifestFile}`);
  else if (plan.manifestText) lines.push(`updated ${plan.manifestFile}`);
  lines.push(`wrote ${plan.ruleFile}`);
  const id = partial.id!;
  const run = await runRuleTests(set, { packs: set.packs.filter((p) => p.name === plan.packName), rules: (r) => r.id === id });
  lines.push(...formatRuleTests(run, c));
  lines.push(
    '',
    'Next: add patterns and examples to the file (rules/README.md explains the syntax), then',
    `  claimscan rules test ${packDir}`,
    `  claimscan rules explain ${id}${packDir ? ` --rules ${packDir}` : ''}`,
    `  claimscan scan <site> --rules ${packDir}`,
  );
  if (run.failed) lines.push(c.red(`The rule is written, but ${run.failed} of its examples do not behave as written: edit ${plan.ruleFile}.`));
  print(lines);
  return run.failed ? EXIT.findings : EXIT.ok;
}
