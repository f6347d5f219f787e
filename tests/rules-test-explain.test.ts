import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { explainRule } from '../src/authoring/explain-rule.js';
import { runRuleTests } from '../src/authoring/run-rule-tests.js';
import { loadRuleSet } from '../src/analysis/rules/load.js';
import { builtinRules, runCli, tempDir } from './helpers.js';

/** A one-rule pack about mesotherapy with the given fixture pages in tests/. */
function packWithFixtures(dir: string, fixtures: Record<string, string>): string {
  mkdirSync(join(dir, 'tests'), { recursive: true });
  writeFileSync(join(dir, 'pack.yaml'), stringify({ name: 'fx', version: '1.0.0', languages: ['en'], defaultTopic: 'mesotherapy', sources: { DOC: { title: 'A document' } } }));
  writeFileSync(
    join(dir, 'r.yaml'),
    stringify({
      rules: [
        {
          id: 'fx-wonder',
          category: 'efficacy.proven',
          message: 'Not proven.',
          source: { document: 'DOC', quote: 'the sentence that refutes the claim' },
          patterns: { en: ['wonder drug'] },
          examples: { flag: ['Mesotherapy is a wonder drug.'], pass: ['Mesotherapy is no wonder drug.'] },
        },
      ],
    }),
  );
  for (const [name, html] of Object.entries(fixtures)) writeFileSync(join(dir, 'tests', name), html);
  return dir;
}

const html = (body: string, head = '<title>Mesotherapy – Clinic</title>') => `<!doctype html>\n<html lang="en">\n<head>${head}</head>\n<body>\n${body}\n</body>\n</html>\n`;

describe('fixture pages beside a pack', () => {
  const dir = tempDir('claimscan-fixtures-');

  it('checks expect and expect-not comments against the element that follows them', async () => {
    const pack = packWithFixtures(join(dir, 'good'), {
      'page.html': html(
        [
          '<!-- expect: fx-wonder -->',
          '<p>Our mesotherapy is a wonder drug.</p>',
          '<!-- expect-not: fx-wonder -->',
          '<p>Mesotherapy is not a wonder drug.</p>',
          '<!-- expect: fx-wonder -->',
          '<div><p>Intro.</p><p>Truly a <strong>wonder drug</strong>, our meso.</p></div>',
          '<!-- expect: fx-wonder -->',
          '<p>Our meso, <em>the wonder drug</em> everyone wants.</p>',
        ].join('\n'),
      ),
    });
    const set = loadRuleSet({ dirs: [pack] });
    const run = await runRuleTests(set, { packs: set.packs.filter((p) => p.name === 'fx') });
    expect(run.problems).toEqual([]);
    expect(run.rules).toHaveLength(1);
    expect(run.rules[0].fixtures.map((f) => [f.kind, f.ok, f.line])).toEqual([
      ['expect', true, 5],
      ['expect-not', true, 7],
      ['expect', true, 9],
      ['expect', true, 11],
    ]);
    expect(run).toMatchObject({ passed: 6, failed: 0, fixtureFiles: 1 });
  });

  it('reports broken expectations, findings no comment expects, unknown rules and misplaced comments', async () => {
    const pack = packWithFixtures(join(dir, 'bad'), {
      'page.html': html(
        [
          '<!-- expect: fx-wonder -->',
          '<p>Our mesotherapy is a wonder drug?</p>',
          '<!-- expect-not: fx-wonder -->',
          '<p>Our mesotherapy is a wonder drug.</p>',
          '<p>Our meso, a wonder drug.</p>',
          '<!-- expect: fx-wondr -->',
          '<p>Hello.</p>',
          '<p><!-- expect: fx-wonder --> text right after the comment</p>',
        ].join('\n'),
      ),
    });
    const set = loadRuleSet({ dirs: [pack] });
    const run = await runRuleTests(set, { packs: set.packs.filter((p) => p.name === 'fx') });
    const checks = run.rules[0].fixtures;
    expect(checks.filter((c) => !c.ok).map((c) => [c.kind, c.line])).toEqual([
      ['expect', 5],
      ['expect-not', 7],
      ['unexpected', 9],
    ]);
    expect(checks[0].got).toMatch(/^nothing: held back: question/);
    expect(checks[1].got).toMatch(/^flagged "wonder drug"/);
    expect(checks[2].got).toMatch(/put <!-- expect: fx-wonder --> before the element/);
    expect(run.problems.map((p) => [p.line, p.message])).toEqual([
      [10, expect.stringMatching(/"expect: fx-wondr" names no loaded rule \(did you mean "fx-wonder"\?\)/)],
      [12, expect.stringMatching(/must stand right before an element/)],
    ]);
    expect(run.failed).toBe(5);
  });

  it('a comment before <html> covers the whole page, e.g. a page-level rule', async () => {
    const pack = packWithFixtures(join(dir, 'page'), {
      'page.html': `<!-- expect: meso-page-no-risk-disclosure, fx-wonder -->\n${html('<h1>Mesotherapy</h1>\n<p>Our meso is a wonder drug.</p>')}`,
    });
    const set = loadRuleSet({ dirs: [pack] });
    const run = await runRuleTests(set, { packs: set.packs.filter((p) => p.name === 'fx') });
    expect(run.rules.map((r) => [r.ruleId, r.ok])).toEqual([
      ['fx-wonder', true],
      ['meso-page-no-risk-disclosure', true],
    ]);
  });
});

describe('claimscan rules test', () => {
  it('runs the examples and fixture pages of the example pack iv-drips: all pass', async () => {
    const r = await runCli(['rules', 'test', 'rules/iv-drips']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok {3}iv-safety-no-risk \(\d+\/\d+ examples, \d+\/\d+ fixture checks\)$/m);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed \(2 fixture pages\)$/m);
    expect(r.stdout).not.toMatch(/meso-/);
  });

  it('takes a rule file to test only its rules, and --rule for one rule; --json for tools', async () => {
    const r = await runCli(['rules', 'test', 'rules/mesotherapy/safety.yaml', '--json']);
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout);
    expect(run.rules.map((x: { ruleId: string }) => x.ruleId).sort()).toEqual(['meso-safety-low-dose', 'meso-safety-natural', 'meso-safety-no-risk']);
    const one = await runCli(['rules', 'test', '--rule', 'meso-action-local-only']);
    expect(one.stdout).toMatch(/^ok {3}meso-action-local-only /m);
    expect(one.stdout.match(/^(ok|FAIL) /gm)).toHaveLength(1);
  });

  it('says why when there is nothing to test, with exit 2', async () => {
    const r = await runCli(['rules', 'test', 'rules/nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such folder of rule packs \(shipped packs: iv-drips, mesotherapy\)/);
  });
});

describe('claimscan rules explain', () => {
  it('shows what the rule flags, why, its source sentence, patterns, term lists and examples', async () => {
    const r = await runCli(['rules', 'explain', 'meso-safety-natural']);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^meso-safety-natural {2}Natural products presented as harmless$/m);
    expect(out).toMatch(/pack {6}mesotherapy@\d+\.\d+\.\d+ {2}.*rules\/mesotherapy\/safety\.yaml:\d+/);
    expect(out).toMatch(/severity medium \(the category default\)/);
    expect(out).toContain('Source: FICHE');
    expect(out).toContain('ces arguments ne sont pas fondés scientifiquement');
    expect(out).toMatch(/@natural ⟷ @harmless \(within 10\) {2}— both phrases, in either order/);
    expect(out).toMatch(/@harmless \[fr\]: sans aucun\? risque\*/);
    expect(out).toMatch(/✓ flags {2}\[fr\] « Nos cocktails de mésothérapie sont 100 % naturels/);
    expect(out).toMatch(/✓ passes \[en\] « Mesotherapy gives natural-looking results within weeks. »\n\s+not flagged: /);
  });

  it('finds a rule of a shipped opt-in pack and says how to use it', async () => {
    const r = await runCli(['rules', 'explain', 'iv-efficacy-proven']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/note {6}opt-in pack "iv-drips": scans use it only with --rules iv-drips/);
    expect(r.stdout).toMatch(/topic {5}Perfusions de vitamines \(iv-drip\)/);
  });

  it('an unknown id exits 2 with the closest ids', async () => {
    const r = await runCli(['rules', 'explain', 'meso-safety-norisk']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no rule "meso-safety-norisk" \(did you mean "meso-safety-no-risk"/);
  });

  it('is built from the compiled rule: overrides show, examples are run', () => {
    const set = loadRuleSet({ overrides: { severity: { 'meso-safety-no-risk': 'low' }, extend: { 'meso-safety-no-risk': { patterns: { en: ['feather light'] } } } } });
    const x = explainRule(set.rule('meso-safety-no-risk')!, set);
    expect(x).toMatchObject({ severity: 'low', severityFrom: 'config', category: 'safety.no-risk', topic: { id: 'mesotherapy' } });
    expect(x.patterns.en.map((p) => p.source)).toContain('feather light');
    expect(x.examples.length).toBeGreaterThan(5);
    expect(x.examples.every((e) => e.ok)).toBe(true);
    expect(explainRule(builtinRules().rule('meso-safety-no-risk')!, builtinRules()).severityFrom).toBe('category');
  });
});
