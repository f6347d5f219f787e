/**
 * The readable report of `claimscan rules test`: one line per rule, and under a failing rule
 * each broken example or fixture expectation as a small diff of what was expected and got.
 */
import type { colors as makeColors } from '../report/text-report.js';
import type { ExampleResult } from './test-examples.js';
import type { FixtureCheck } from './fixtures.js';
import type { RuleTestRun } from './run-rule-tests.js';

type Colors = ReturnType<typeof makeColors>;

function exampleDiff(r: ExampleResult, index: number, c: Colors): string[] {
  return [
    `     example ${r.kind} #${index} [${r.lang}] « ${r.text} »`,
    c.green(`       - expected: ${r.kind === 'flag' ? `flagged by ${r.ruleId}` : `not flagged by ${r.ruleId}`}`),
    c.red(`       + got:      ${r.got}`),
  ];
}

function fixtureDiff(f: FixtureCheck, c: Colors): string[] {
  return [
    `     ${f.file}:${f.line} ${f.kind === 'unexpected' ? 'unexpected finding in' : f.kind} ${f.element}`,
    c.green(`       - expected: ${f.expected}`),
    c.red(`       + got:      ${f.got}`),
  ];
}

function counts(list: Array<{ ok: boolean }>, what: string): string {
  return list.length ? `${list.filter((x) => x.ok).length}/${list.length} ${what}` : '';
}

/** The report as lines (no trailing newline). */
export function formatRuleTests(run: RuleTestRun, c: Colors): string[] {
  const out: string[] = [];
  for (const r of run.rules) {
    const detail = [counts(r.examples, 'examples'), counts(r.fixtures, 'fixture checks')].filter(Boolean).join(', ');
    out.push(`${r.ok ? c.green('ok  ') : c.red('FAIL')} ${r.ruleId} ${c.dim(`(${detail || 'nothing to test'})`)}`);
    if (r.ok) continue;
    const index = { flag: 0, pass: 0 };
    for (const e of r.examples) {
      index[e.kind]++;
      if (!e.ok) out.push(...exampleDiff(e, index[e.kind], c));
    }
    for (const f of r.fixtures) if (!f.ok) out.push(...fixtureDiff(f, c));
  }
  for (const p of run.problems) out.push(`${c.red('FAIL')} ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  const files = run.fixtureFiles ? ` (${run.fixtureFiles} fixture page${run.fixtureFiles === 1 ? '' : 's'})` : '';
  out.push(`${run.passed} passed, ${run.failed} failed${files}`);
  return out;
}
