/**
 * `claimscan rules test`: every selected rule's examples, and the fixture pages of the selected
 * packs, gathered per rule so a rule author sees at once what their rule does and does not do.
 */
import type { CompiledRule, PackInfo } from '../analysis/rules/rule.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import { fixtureFiles, runFixture, type FixtureCheck, type FixtureProblem } from './fixtures.js';
import { runExample, type ExampleResult } from './test-examples.js';

export interface RuleTestResult {
  ruleId: string;
  pack: string;
  examples: ExampleResult[];
  fixtures: FixtureCheck[];
  ok: boolean;
}

export interface RuleTestRun {
  rules: RuleTestResult[];
  /** fixtures that could not be checked as written */
  problems: FixtureProblem[];
  fixtureFiles: number;
  /** examples and fixture expectations that held / broke, problems included */
  passed: number;
  failed: number;
}

export interface RuleTestSelection {
  /** packs whose rules and fixtures are tested (default: every loaded pack) */
  packs?: PackInfo[];
  /** only these rules (default: every rule of the selected packs) */
  rules?: (rule: CompiledRule) => boolean;
}

export async function runRuleTests(ruleSet: RuleSet, selection: RuleTestSelection = {}): Promise<RuleTestRun> {
  const packs = selection.packs ?? ruleSet.packs;
  const dirs = new Set(packs.map((p) => p.dir));
  const selected = ruleSet.rules.filter((r) => dirs.has(r.pack.dir) && (selection.rules?.(r) ?? true));
  const byRule = new Map<string, RuleTestResult>();
  const entry = (rule: CompiledRule): RuleTestResult => {
    let e = byRule.get(rule.id);
    if (!e) byRule.set(rule.id, (e = { ruleId: rule.id, pack: rule.pack.name, examples: [], fixtures: [], ok: true }));
    return e;
  };
  for (const rule of selected) {
    const e = entry(rule);
    for (const ex of rule.examples.flag) e.examples.push(runExample(rule, ex, 'flag', ruleSet));
    for (const ex of rule.examples.pass) e.examples.push(runExample(rule, ex, 'pass', ruleSet));
  }

  const underTest = new Set(selected.map((r) => r.id));
  const problems: FixtureProblem[] = [];
  let files = 0;
  for (const pack of packs) {
    for (const file of fixtureFiles(pack.dir)) {
      files++;
      const run = await runFixture(file, ruleSet, underTest);
      problems.push(...run.problems);
      for (const check of run.checks) {
        const rule = ruleSet.rule(check.ruleId);
        // A file or --rule selection narrows fixtures to the rules it picked.
        if (!rule || (selection.rules && !selection.rules(rule))) continue;
        entry(rule).fixtures.push(check);
      }
    }
  }

  let passed = 0;
  let failed = problems.length;
  for (const r of byRule.values()) {
    for (const x of [...r.examples, ...r.fixtures]) {
      if (x.ok) passed++;
      else {
        failed++;
        r.ok = false;
      }
    }
  }
  return { rules: [...byRule.values()], problems, fixtureFiles: files, passed, failed };
}
