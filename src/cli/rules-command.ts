import type { Command } from 'commander';
import { runRuleExamples, type ExampleResult } from '../authoring/test-examples.js';
import { colors } from '../report/text-report.js';
import { collect, loadRules } from './common.js';
import { EXIT } from './errors.js';

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('list, explain and test rule packs');
  rules
    .command('list')
    .description('list loaded rules: id, category, severity, languages, pack, source document')
    .option('-r, --rules <dir>', 'extra rule pack folder (repeatable)', collect)
    .option('--json', 'as JSON')
    .action((opts: { rules?: string[]; json?: boolean }) => {
      const set = loadRules(opts.rules);
      const rows = set.rules.map((r) => ({ id: r.id, category: r.category, severity: r.severity, languages: r.languages, pack: `${r.pack.name}@${r.pack.version}`, source: r.source.document, scope: r.scope }));
      if (opts.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else {
        const w = Math.max(...rows.map((r) => r.id.length), 2);
        const cw = Math.max(...rows.map((r) => r.category.length), 8);
        process.stdout.write(`${'id'.padEnd(w)}  ${'category'.padEnd(cw)}  severity  langs  pack / source\n`);
        for (const r of rows) process.stdout.write(`${r.id.padEnd(w)}  ${r.category.padEnd(cw)}  ${r.severity.padEnd(8)}  ${r.languages.join(',').padEnd(5)}  ${r.pack} / ${r.source}\n`);
        process.stdout.write(`${rows.length} rules in ${set.packs.length} pack(s)\n`);
      }
    });
  rules
    .command('test')
    .description("run every rule's examples and print pass/fail per rule")
    .argument('[dir...]', 'rule pack folders to test (default: the shipped packs)')
    .option('--json', 'as JSON')
    .action((dirs: string[], opts: { json?: boolean }) => {
      const set = loadRules(dirs.length ? dirs : undefined, undefined, true);
      const selected = dirs.length ? set.rules.filter((r) => set.packs.some((p) => p.dir === r.pack.dir && p.name !== 'mesotherapy') || dirs.length === 0) : set.rules;
      const results = runRuleExamples(set, selected);
      process.exitCode = printResults(results, Boolean(opts.json));
    });
}

export function printResults(results: ExampleResult[], json: boolean): number {
  const failed = results.filter((r) => !r.ok);
  if (json) {
    process.stdout.write(JSON.stringify({ passed: results.length - failed.length, failed: failed.length, results }, null, 2) + '\n');
    return failed.length ? EXIT.findings : EXIT.ok;
  }
  const c = colors(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const byRule = new Map<string, ExampleResult[]>();
  for (const r of results) byRule.set(r.ruleId, [...(byRule.get(r.ruleId) ?? []), r]);
  for (const [id, list] of byRule) {
    const bad = list.filter((r) => !r.ok);
    process.stdout.write(`${bad.length ? c.red('FAIL') : c.green('ok  ')} ${id} (${list.length - bad.length}/${list.length})\n`);
    for (const r of bad) {
      process.stdout.write(`     ${r.kind === 'flag' ? 'should flag' : 'should pass'} [${r.lang}]: ${r.text}\n`);
      process.stdout.write(`       - expected: ${r.kind === 'flag' ? 'flagged by this rule' : 'not flagged by this rule'}\n`);
      process.stdout.write(`       + got:      ${r.got}\n`);
    }
  }
  process.stdout.write(`${results.length - failed.length} passed, ${failed.length} failed\n`);
  return failed.length ? EXIT.findings : EXIT.ok;
}
