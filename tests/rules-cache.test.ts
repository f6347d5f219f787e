/**
 * Compiled rule sets are reused within a process while their YAML is unchanged (watch's scans,
 * the CLI run in-process by tests), and compiled again as soon as a file changes.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, loadRuleSet } from '../src/analysis/rules/load.js';
import { languages } from '../src/analysis/languages/table.js';
import { lineOfTable, parseForShipping, readYamlFile } from '../src/analysis/rules/read-yaml.js';
import { tempDir } from './helpers.js';

describe('compiled rule sets kept in-process', () => {
  const dir = tempDir();
  const pack = join(dir, 'iv-drips');
  cpSync(join(BUILTIN_RULES_DIR, 'iv-drips'), pack, { recursive: true });

  it('loads unchanged packs once, and again when a rule file changes', () => {
    const first = loadRuleSet({ dirs: [pack] });
    expect(loadRuleSet({ dirs: [pack] })).toBe(first);
    // other options are another set
    const withoutIv = loadRuleSet();
    expect(withoutIv).not.toBe(first);
    expect(withoutIv.rule('iv-safety-no-risk')).toBeUndefined();

    const file = join(pack, 'safety.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('id: iv-safety-no-risk', 'id: iv-safety-no-risk-edited'));
    const edited = loadRuleSet({ dirs: [pack] });
    expect(edited).not.toBe(first);
    expect(edited.rule('iv-safety-no-risk-edited')).toBeDefined();
    expect(edited.rule('iv-safety-no-risk')).toBeUndefined();
  });

  it('a reused set is made the active one again, as a fresh load would', () => {
    const withIv = loadRuleSet({ dirs: [pack] });
    const plain = loadRuleSet();
    expect(withIv.languages).not.toBe(plain.languages);
    expect(languages()).toBe(plain.languages);
    expect(loadRuleSet({ dirs: [pack] })).toBe(withIv);
    expect(languages()).toBe(withIv.languages);
  });

  it('a pack that stops loading is reported, not served from the cache', () => {
    const ok = loadRuleSet({ dirs: [pack] });
    expect(ok.rules.length).toBeGreaterThan(0);
    writeFileSync(join(pack, 'broken.yaml'), 'rules:\n  - id: broken\n    category: no.such.category\n');
    expect(() => loadRuleSet({ dirs: [pack] })).toThrow(/broken/);
  });
});

describe('YAML files parsed once per content', () => {
  it('gives each caller its own data, and reads an edited text afresh', () => {
    const text = 'rules:\n  - id: a\n    patterns: [x]\n';
    const first = readYamlFile('one.yaml', text);
    (first.data as { rules: Array<{ id: string }> }).rules[0].id = 'changed by a caller';
    const again = readYamlFile('two.yaml', text);
    expect(again.data).toEqual({ rules: [{ id: 'a', patterns: ['x'] }] });
    expect(again.file).toBe('two.yaml');
    expect(again.lineOf(['rules', 0, 'patterns'])).toBe(3);
    expect(readYamlFile('one.yaml', text.replace('[x]', '[y]')).data).toEqual({ rules: [{ id: 'a', patterns: ['y'] }] });
  });
});

describe('the shipped YAML parsed at build time', () => {
  it('finds the same line as the parsed document for every value, and the nearest one for a path that is not there', () => {
    for (const name of ['mesotherapy/pack.yaml', 'mesotherapy/safety.yaml', 'languages/fr.yaml']) {
      const file = join(BUILTIN_RULES_DIR, name);
      const text = readFileSync(file, 'utf8');
      const fromDocument = readYamlFile(file, text);
      const { key, parsed } = parseForShipping(file, text);
      expect(key).toMatch(/^[0-9a-f]{40}$/);
      expect(parsed.data).toEqual(fromDocument.data);
      const lineOf = lineOfTable(parsed.lines);
      const paths: Array<Array<string | number>> = [];
      const walk = (value: unknown, path: Array<string | number>) => {
        paths.push(path, [...path, 'no-such-key']);
        if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
        else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      };
      walk(fromDocument.data, []);
      expect(paths.length).toBeGreaterThan(100);
      for (const path of paths) expect(lineOf(path), `${name} ${path.join('.')}`).toBe(fromDocument.lineOf(path));
    }
  });
});
