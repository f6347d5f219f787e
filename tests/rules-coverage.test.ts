/** `claimscan rules test --coverage`: the patterns no example of their rule matches. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCoverage, ruleCoverage } from '../src/authoring/coverage.js';
import { loadRuleSet } from '../src/analysis/rules/load.js';
import { runCli, tempDir } from './helpers.js';

function pack(dir: string): string {
  const p = join(dir, 'cov');
  mkdirSync(p, { recursive: true });
  writeFileSync(join(p, 'pack.yaml'), 'name: cov\nversion: 1.0.0\nlanguages: [fr]\nsources: { DOC: { title: "A document" } }\ncategories:\n  safety.no-risk: { title: { fr: Sans risque }, severity: high }\n');
  writeFileSync(
    join(p, 'rules.yaml'),
    `rules:
  - id: cov-rule
    category: safety.no-risk
    message: "Toute injection comporte un risque."
    source: { document: DOC, quote: "Toute injection comporte un risque." }
    patterns:
      fr: ["sans danger", "zero risque", "inoffensi*"]
    unless:
      fr: ["sans douleur"]
    examples:
      flag: ["Un soin sans danger."]
      pass: ["Ce soin n'est pas inoffensif."]
`,
  );
  return p;
}

describe('rules test --coverage', () => {
  const dir = tempDir();
  const dirPack = pack(dir);

  it('lists each pattern that matches none of its rule examples, per rule, with a percentage', () => {
    const set = loadRuleSet({ builtin: false, dirs: [dirPack] });
    const run = ruleCoverage(set, set.rules);
    // a pass example counts: it pins the pattern too (here, its negation)
    expect(run.rules[0].uncovered).toEqual([
      { field: 'patterns', lang: 'fr', index: 1, pattern: 'zero risque' },
      { field: 'unless', lang: 'fr', index: 0, pattern: 'sans douleur' },
    ]);
    expect(run).toMatchObject({ patterns: 4, covered: 2, percent: 50 });
    expect(formatCoverage(run).join('\n')).toMatch(/cov-rule: 2\/4 \(50 %\)\n {4}no example matches patterns\.fr\[1\]: zero risque\n {4}no example matches unless\.fr\[0\]: sans douleur\n {2}0\/1 rules fully covered; 2\/4 patterns \(50 %\)/);
  });

  it('the iv-drips pack is fully covered by its examples', () => {
    const set = loadRuleSet({ dirs: ['iv-drips'] });
    const run = ruleCoverage(set, set.rules.filter((r) => r.pack.name === 'iv-drips'));
    expect(run.rules.flatMap((r) => r.uncovered)).toEqual([]);
    expect(run.percent).toBe(100);
  });

  it('exits 1 when a pattern is not covered', async () => {
    const partial = await runCli(['rules', 'test', dirPack, '--coverage']);
    expect(partial.stdout).toMatch(/2\/4 patterns \(50 %\)/);
    expect(partial.code).toBe(1);
  });
});
