/**
 * Finding and reading the project config. `--config FILE` names it; otherwise the first of
 * claimscan.config.yaml, .yml, .json in the current folder is used, if any. Relative paths in
 * it are relative to the file's folder. Every problem names the file, the line and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { z } from 'zod';
import { RuleLoadError } from '../analysis/rules/errors.js';
import { packSpecsRelativeTo, type RuleOverrides } from '../analysis/rules/load.js';
import { readYamlFile } from '../analysis/rules/read-yaml.js';
import { FORMATS } from '../report/render.js';
import { DEFAULT_DB } from '../store/database.js';
import { ConfigError, configPath } from './errors.js';
import { ConfigSchema, type CrawlOptions, type GroupConfig, type ProjectConfig } from './schema.js';

export const CONFIG_FILES = ['claimscan.config.yaml', 'claimscan.config.yml', 'claimscan.config.json'] as const;

export interface Group extends GroupConfig {
  name: string;
  /** the config's crawl options, then the group's */
  crawl: CrawlOptions;
  /** cron expression and time zone, when the group is scheduled */
  cron?: { pattern: string; timezone?: string };
}

export interface LoadedConfig {
  /** absolute path of the file read */
  file: string;
  /** its folder: relative paths in the config are relative to it */
  dir: string;
  /** `config.notify.webhook` as written (`${VAR}` not expanded) */
  config: ProjectConfig;
  /** the webhook with its `${VAR}`s read from the environment; throws ConfigError naming one that is unset */
  webhook: () => ProjectConfig['notify']['webhook'];
  groups: Group[];
  /** the config's rule changes, for loadRuleSet */
  overrides: RuleOverrides;
  /** rule pack folders to load, absolute */
  packDirs: string[];
  /** absolute paths */
  dbPath: string;
  triageFile: string;
  outputDir: string;
}

/** The config file to use: the one named, else one in `cwd`, else none. */
export function findConfig(explicit: string | undefined, cwd = process.cwd()): string | undefined {
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new ConfigError(explicit, 'no such config file (create one with `claimscan init`)');
    return file;
  }
  for (const name of CONFIG_FILES) {
    const file = join(cwd, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Load the config named or found, or undefined when there is none. */
export function loadConfig(explicit?: string, cwd = process.cwd()): LoadedConfig | undefined {
  const file = findConfig(explicit, cwd);
  return file ? readConfig(file) : undefined;
}

export function readConfig(file: string): LoadedConfig {
  const { data, lineOf } = parseFile(file);
  const parsed = ConfigSchema.safeParse(data ?? {});
  if (!parsed.success) throw issueError(file, parsed.error.issues[0], lineOf);
  const config = parsed.data;
  const dir = dirname(file);
  const at = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));

  config.output.formats.forEach((format, i) => {
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new ConfigError(file, `unknown report format "${format}": use ${FORMATS.join(', ')}`, `output.formats[${i}]`, lineOf(['output', 'formats', i]));
    }
  });
  // `${VAR}`s are read where they are used (watch's webhook), so a variable only the webhook
  // needs does not stop scan, diff, triage, rules or review when it is unset.
  const raw = config.notify.webhook;
  const urlLine = lineOf(['notify', 'webhook', 'url']);
  const headerLines = Object.fromEntries(Object.keys(raw?.headers ?? {}).map((name) => [name, lineOf(['notify', 'webhook', 'headers', name])]));
  const webhook = () => {
    if (!raw) return undefined;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw.headers)) headers[name] = expandEnv(value, file, `notify.webhook.headers.${name}`, headerLines[name]);
    return { ...raw, url: expandEnv(raw.url, file, 'notify.webhook.url', urlLine), headers };
  };

  if (typeof config.queue === 'string') config.queue = { url: config.queue };
  // the Redis URL may hold a password: `${VAR}` is read from the environment
  if (config.queue) config.queue.url = expandEnv(config.queue.url, file, 'queue.url', lineOf(['queue', 'url']) ?? lineOf(['queue']));

  const groups: Group[] = Object.entries(config.groups).map(([name, g]) => {
    const schedule = g.schedule;
    const cron = schedule === undefined ? undefined : typeof schedule === 'string' ? { pattern: schedule, timezone: g.timezone } : { pattern: schedule.cron, timezone: schedule.timezone ?? g.timezone };
    return {
      ...g,
      name,
      // local targets are relative to the config; URLs are kept as they are
      targets: g.targets.map((t) => (/^[a-z][a-z0-9+.-]*:/i.test(t) || t === '-' ? t : at(t))),
      urlFiles: g.urlFiles.map(at),
      crawl: { ...config.crawl, ...g.crawl },
      ...(cron ? { cron } : {}),
    };
  });

  return {
    file,
    dir,
    config,
    webhook,
    groups,
    overrides: { disable: config.rules.disable, severity: config.rules.severity, extend: config.rules.extend },
    packDirs: packSpecsRelativeTo(config.rules.packs, dir),
    dbPath: at(config.history.db ?? DEFAULT_DB),
    triageFile: at(config.history.triageFile),
    outputDir: at(config.output.dir),
  };
}

/** A group by name, with the list of names when there is no such group. */
export function groupNamed(config: LoadedConfig, name: string): Group {
  const group = config.groups.find((g) => g.name === name);
  if (!group) {
    const names = config.groups.map((g) => g.name);
    throw new ConfigError(config.file, `no group "${name}" in the config${names.length ? ` (groups: ${names.join(', ')})` : ' (it defines no group)'}`, 'groups');
  }
  return group;
}

function parseFile(file: string): { data: unknown; lineOf: (path: ReadonlyArray<string | number>) => number | undefined } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (file.endsWith('.json')) {
    try {
      return { data: JSON.parse(text), lineOf: () => undefined };
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
      throw new ConfigError(file, `not valid JSON: ${(e as Error).message}`, undefined, line);
    }
  }
  try {
    return readYamlFile(file, text);
  } catch (e) {
    if (e instanceof RuleLoadError) throw new ConfigError(file, e.problem, undefined, e.line);
    throw e;
  }
}

function issueError(file: string, issue: z.core.$ZodIssue, lineOf: (path: ReadonlyArray<string | number>) => number | undefined): ConfigError {
  const path = issue.path as Array<string | number>;
  let problem = issue.message;
  if (issue.code === 'unrecognized_keys') problem = `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  else if (issue.code === 'invalid_type' && issue.input === undefined) problem = 'this field is required';
  else if (issue.code === 'invalid_union' && path.at(-1) === 'schedule') problem = 'a schedule is a cron expression ("0 6 * * 1") or { cron, timezone }';
  return new ConfigError(file, problem, configPath(path) || undefined, lineOf(path));
}

/** `${NAME}` in a value is read from the environment, so secrets stay out of the file. */
function expandEnv(value: string, file: string, field: string, line: number | undefined): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const v = process.env[name];
    if (v === undefined) throw new ConfigError(file, `environment variable ${name} is not set`, field, line);
    return v;
  });
}
