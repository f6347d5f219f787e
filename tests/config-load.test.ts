import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG } from '../src/config/example.js';
import { ConfigError } from '../src/config/errors.js';
import { readConfig } from '../src/config/load-config.js';
import type { ScanReport } from '../src/model/report-model.js';
import { page, runCli, tempDir } from './helpers.js';

describe('project config', () => {
  const dir = tempDir();
  let n = 0;
  const write = (text: string, ext = 'yaml') => {
    const file = join(dir, `config-${++n}.${ext}`);
    writeFileSync(file, text);
    return file;
  };
  const errorOf = (text: string, ext?: string): string => {
    const file = write(text, ext);
    try {
      readConfig(file);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message.replace(file, 'FILE');
    }
    throw new Error('the config was accepted');
  };
  const group = (extra: string) => `groups:\n  clinics:\n    targets: [https://clinique.example/]\n${extra}`;

  it('reads groups, schedules, crawl options and paths relative to the file', () => {
    const cfg = readConfig(
      write(`crawl:\n  concurrency: 4\ngroups:\n  clinics:\n    targets: [https://clinique.example/, ./site]\n    urlFiles: [urls.txt]\n    crawl: { depth: 2, delay: 500ms }\n    schedule: { cron: "0 6 * * 1", timezone: Europe/Paris }\nhistory:\n  db: data/h.db\n`),
    );
    const [g] = cfg.groups;
    expect(g.name).toBe('clinics');
    expect(g.targets).toEqual(['https://clinique.example/', join(dir, 'site')]);
    expect(g.urlFiles).toEqual([join(dir, 'urls.txt')]);
    expect(g.crawl).toEqual({ concurrency: 4, depth: 2, delay: '500ms' });
    expect(g.cron).toEqual({ pattern: '0 6 * * 1', timezone: 'Europe/Paris' });
    expect(cfg.dbPath).toBe(join(dir, 'data/h.db'));
    expect(cfg.config.output.formats).toEqual(['json']);
  });

  it('names the file, the line and the field of every mistake', () => {
    expect(errorOf('grups: {}\n')).toBe('FILE:1: unknown field(s) "grups"');
    expect(errorOf(group('    schedule: "every monday"\n'))).toMatch(/^FILE:4: field "groups\.clinics\.schedule": not a valid cron expression/);
    expect(errorOf(group('    schedule: "0 6 * * 1"\n    timezone: Europe/Lyon\n'))).toBe(
      'FILE:5: field "groups.clinics.timezone": not a known time zone: use an IANA name such as "Europe/Paris" or "UTC"',
    );
    expect(errorOf(group('    crawl: { maxPages: 0 }\n'))).toMatch(/^FILE:4: field "groups\.clinics\.crawl\.maxPages": /);
    expect(errorOf('groups:\n  empty: { description: nothing }\n')).toBe('FILE:2: field "groups.empty": a group needs something to scan: targets, urlFiles or sitemaps');
    expect(errorOf('output:\n  formats: [json, pdf]\n')).toBe('FILE:2: field "output.formats[1]": unknown report format "pdf": use json, text, html, csv, md, sarif');
    expect(errorOf('rules:\n  severity: { meso-safety-no-risk: critical }\n')).toMatch(/^FILE:2: field "rules\.severity\.meso-safety-no-risk": /);
    expect(errorOf('notify:\n  webhook:\n    url: https://hooks.example/x\n    headers: { Authorization: "Bearer ${CLAIMSCAN_TEST_UNSET_TOKEN}" }\n')).toBe(
      'FILE:4: field "notify.webhook.headers.Authorization": environment variable CLAIMSCAN_TEST_UNSET_TOKEN is not set',
    );
    expect(errorOf('{ "groups": { "a": { "targets": ["x"] } }, }', 'json')).toMatch(/^FILE:1: not valid JSON/);
    expect(errorOf('groups:\n  a: [\n')).toMatch(/^FILE:\d+: not valid YAML/);
  });

  it('fails a command with exit code 2 and one clear line', async () => {
    const file = write(group('    schedule: "61 * * * *"\n'));
    const r = await runCli(['watch', '--check', '--config', file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^claimscan: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: field "groups\\.clinics\\.schedule": not a valid cron expression`));
    const missing = await runCli(['scan', '-', '--config', join(dir, 'nope.yaml')], { cwd: dir, input: '<p>x</p>' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: no such config file/);
  });

  it("applies the config's rule changes to scans, and names a rule it does not know", async () => {
    const site = join(dir, 'site');
    mkdirSync(site, { recursive: true });
    writeFileSync(join(site, 'index.html'), page({ title: 'Mésothérapie', lang: 'fr', body: '<p>La mésothérapie est totalement sans danger.</p><p>Résultats garantis.</p><p>Une méthode miraculeuse de mésothérapie.</p><p>Des hématomes sont possibles.</p>' }));
    const cfg = write(
      'rules:\n  disable: [meso-efficacy-proven]\n  severity: { meso-safety-no-risk: low }\n  extend:\n    meso-efficacy-treats:\n      patterns:\n        fr: ["méthode miraculeuse"]\n',
    );
    const r = await runCli(['scan', site, '--config', cfg, '--no-history', '--format', 'json', '--quiet'], { cwd: dir });
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.findings.map((f) => [f.ruleId, f.severity]).sort()).toEqual([
      ['meso-efficacy-treats', 'medium'],
      ['meso-safety-no-risk', 'low'],
    ]);

    const bad = write('rules:\n  disable: [meso-safety-no-rsk]\n');
    const e = await runCli(['scan', site, '--config', bad, '--no-history', '--format', 'json'], { cwd: dir });
    expect(e.code).toBe(2);
    expect(e.stderr).toContain(`${bad}: field "rules.disable[0]": rule "meso-safety-no-rsk": no loaded rule has this id (did you mean "meso-safety-no-risk"`);
  });

  it('init writes a commented example that is valid as it stands', async () => {
    const here = join(dir, 'init');
    mkdirSync(here);
    const r = await runCli(['init'], { cwd: here });
    expect(r.code).toBe(0);
    const check = await runCli(['watch', '--check'], { cwd: here });
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/group clinics: https:\/\/www\.clinique\.example\/\n {2}schedule "0 6 \* \* 1" Europe\/Paris, next run \d{4}-\d\d-\d\d 06:00:00 Europe\/Paris/);
    const again = await runCli(['init'], { cwd: here });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already \(use --force/);
    expect(EXAMPLE_CONFIG).toMatch(/^# claimscan project config/);
  });
});
