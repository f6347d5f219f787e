import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { askForRule } from '../src/authoring/ask-rule.js';
import { planNewRule, writePlan } from '../src/authoring/new-rule.js';
import { runRuleTests } from '../src/authoring/run-rule-tests.js';
import type { ScanReport } from '../src/model/report-model.js';
import { loadRuleSet } from '../src/analysis/rules/load.js';
import { page, runCli, tempDir } from './helpers.js';

describe('writing a pack with rules new, testing it and scanning with it', () => {
  const dir = tempDir('claimscan-authoring-');
  const pack = join(dir, 'cryo-rules');
  const ruleFile = join(pack, 'cryo-safety-no-risk.yaml');

  it('rules new creates the pack and a rule that loads and passes its example', async () => {
    const r = await runCli([
      'rules', 'new', pack,
      '--id', 'cryo-safety-no-risk',
      '--category', 'safety.no-risk',
      '--topic', 'cryolipolysis',
      '--topic-alias', 'fr:cryolipolyse', '--topic-alias', 'fr:cryo',
      '--pattern', 'fr:sans (aucun)? risque*',
      '--flag', 'fr:La cryolipolyse est sans aucun risque.',
      '--pass', "fr:La cryolipolyse n'est pas sans risque.",
      '--source', 'HAS', '--source-title', 'HAS — Risks associated with aesthetic mesotherapy (summary)',
      '--quote', 'the injection of medicinal products or medical devices necessarily involves a risk',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/created pack cryo-rules/);
    expect(r.stdout).toMatch(/ok {3}cryo-safety-no-risk \(2\/2 examples\)/);
    const manifest = readFileSync(join(pack, 'pack.yaml'), 'utf8');
    expect(manifest).toMatch(/^name: cryo-rules$/m);
    expect(manifest).toMatch(/^defaultTopic: cryolipolysis$/m);
    // commented, so the next person learns the format from the file itself
    expect(readFileSync(ruleFile, 'utf8')).toMatch(/# Phrases: words match any inflection/);
  });

  it('rules test passes after a pattern and an example are added', async () => {
    const text = readFileSync(ruleFile, 'utf8')
      .replace('        - "sans (aucun)? risque*"', '        - "sans (aucun)? risque*"\n        - "(totalement|parfaitement) (sur|sure|inoffensi*)"')
      .replace('        - "La cryolipolyse est sans aucun risque."', '        - "La cryolipolyse est sans aucun risque."\n        - "Le cryo est un soin parfaitement inoffensif."');
    writeFileSync(ruleFile, text);
    const r = await runCli(['rules', 'test', pack]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok {3}cryo-safety-no-risk \(3\/3 examples\)$/m);
    expect(r.stdout).toMatch(/^3 passed, 0 failed$/m);
    // only the named pack is tested, not the shipped one
    expect(r.stdout).not.toMatch(/meso-/);
  });

  it('rules test fails with a diff of expected vs got, and exit 1, when an example breaks', async () => {
    const original = readFileSync(ruleFile, 'utf8');
    writeFileSync(ruleFile, original.replace('"Le cryo est un soin parfaitement inoffensif."', '"Le cryo est un soin parfaitement indolore."'));
    try {
      const r = await runCli(['rules', 'test', pack]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^FAIL cryo-safety-no-risk \(2\/3 examples\)$/m);
      expect(r.stdout).toContain('example flag #2 [fr] « Le cryo est un soin parfaitement indolore. »');
      expect(r.stdout).toContain('- expected: flagged by cryo-safety-no-risk');
      expect(r.stdout).toContain('+ got:      not flagged: no pattern matched');
      expect(r.stdout).toMatch(/^2 passed, 1 failed$/m);
    } finally {
      writeFileSync(ruleFile, original);
    }
  });

  it('a scan with --rules reports the new rule’s finding under its pack name and version', async () => {
    const site = join(dir, 'site');
    mkdirSync(site);
    writeFileSync(join(site, 'cryo.html'), page({ title: 'Cryolipolyse – Institut Test', lang: 'fr', body: '<h1>Cryolipolyse</h1><p>Le cryo est un soin parfaitement inoffensif.</p>' }));
    const r = await runCli(['scan', site, '--rules', pack, '--format', 'json', '--quiet', '--no-history']);
    const report = JSON.parse(r.stdout) as ScanReport;
    const mine = report.findings.filter((f) => f.ruleId === 'cryo-safety-no-risk');
    expect(mine).toHaveLength(1);
    expect(mine[0].pack).toEqual({ name: 'cryo-rules', version: '0.1.0' });
    expect(mine[0].match).toBe('parfaitement inoffensif');
    expect(report.packs).toContainEqual({ name: 'cryo-rules', version: '0.1.0' });
  });

  it('rules new adds a second rule to the existing pack, listing a new source in its manifest', async () => {
    const r = await runCli([
      'rules', 'new', pack, '--id', 'cryo-efficacy-proven', '--category', 'efficacy.proven',
      '--pattern', 'fr:cliniquement prouv*', '--flag', 'fr:La cryolipolyse est cliniquement prouvée.',
      '--source', 'FICHE', '--source-title', 'Mésothérapie — fiche d’information', '--quote', 'l’efficacité n’est pas prouvée par des études scientifiques rigoureuses.',
      '--message', 'fr:Aucune étude rigoureuse ne le prouve.',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/updated .*pack\.yaml/);
    const manifest = readFileSync(join(pack, 'pack.yaml'), 'utf8');
    expect(manifest).toMatch(/FICHE:\s+title: "?Mésothérapie — fiche d’information/);
    expect(manifest).toMatch(/^# Rule pack "cryo-rules"/m); // comments kept
    const set = loadRuleSet({ dirs: [pack] });
    expect(set.rule('cryo-efficacy-proven')?.message).toEqual({ fr: 'Aucune étude rigoureuse ne le prouve.' });
  });

  it('without a terminal, rules new lists every missing flag and exits 2, writing nothing', async () => {
    const target = join(dir, 'half');
    const r = await runCli(['rules', 'new', target, '--id', 'x-rule']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rules new needs --category, --pattern, --flag, --source, --quote/);
    expect(existsSync(target)).toBe(false);
  });

  it('a rule that would not load is not left behind: the error names the field, the files go', async () => {
    const target = join(dir, 'broken');
    const r = await runCli([
      'rules', 'new', target, '--id', 'broken-rule', '--category', 'safety.no-risk',
      '--pattern', 'en:(unbalanced', '--flag', 'en:Mesotherapy is risk free.', '--source', 'HAS', '--quote', 'every injection carries a risk',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken-rule\.yaml:\d+: rule "broken-rule": field "patterns\.en\[0\]": unbalanced parentheses/);
    expect(existsSync(join(target, 'broken-rule.yaml'))).toBe(false);
    expect(existsSync(join(target, 'pack.yaml'))).toBe(false);
  });
});

describe('rules new on a terminal (the questions)', () => {
  it('asks for what the flags did not give, re-asks an unusable answer, and the result loads and passes', async () => {
    const dir = tempDir('claimscan-ask-');
    const answers = [
      join(dir, 'skin'), // pack folder
      '', // pack name: the default (folder name)
      'en', // languages
      'Skin booster claims', // description
      'Booster-1', // an invalid id: asked again
      'booster-no-risk',
      '4', // category number 4 = safety.no-risk
      'skin-boosters', // a new topic…
      'skin booster*, profhilo', // …and the words naming it
      'no (downtime|risk*)', // pattern
      '', // no other pattern
      'Our skin boosters carry no risk.', // must flag
      'Skin boosters carry a small risk of bruising.', // must pass
      '', // generic message
      'HAS',
      'HAS — Risks associated with aesthetic mesotherapy (summary)',
      '', // no URL
      'the injection of medicinal products or medical devices necessarily involves a risk',
    ];
    const asked: string[] = [];
    const said: string[] = [];
    const input = await askForRule(
      async (question) => {
        asked.push(question);
        return answers.shift() ?? '';
      },
      {},
      (line) => said.push(line),
    );
    expect(answers).toHaveLength(0);
    expect(said.some((l) => /an id is lower-case letters/.test(l))).toBe(true);
    expect(asked.filter((q) => q.startsWith('Rule id'))).toHaveLength(2);
    expect(input).toMatchObject({ id: 'booster-no-risk', category: 'safety.no-risk', topic: 'skin-boosters', topicAliases: { en: ['skin booster*', 'profhilo'] } });

    writePlan(planNewRule(input));
    const set = loadRuleSet({ dirs: [join(dir, 'skin')] });
    expect(set.rule('booster-no-risk')?.topic).toBe('skin-boosters');
    const run = await runRuleTests(set, { packs: set.packs.filter((p) => p.name === 'skin') });
    expect(run).toMatchObject({ passed: 2, failed: 0 });
  });
});
