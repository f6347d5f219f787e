/**
 * The scan command's history options (`--db`, `--no-history`, `--resume`, `--config`) and
 * the one call that opens history for a scan, with its errors turned into usage errors
 * (exit 2, one clear line).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../config/errors.js';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { loadConfiguredRules } from '../config/rules.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import { DEFAULT_DB, HistoryError, openDatabase, type Db } from '../store/database.js';
import { ScanHistory } from '../store/scan-history.js';
import { TRIAGE_FILE, TriageFileError } from '../store/triage-file.js';
import { VERSION } from '../version.js';
import { UsageError } from './errors.js';

export interface HistoryCliOptions {
  /** history database (default: the config's, else reports/claimscan.db) */
  db?: string;
  /** false with --no-history */
  history?: boolean;
  resume?: boolean;
  /** project config file (default: claimscan.config.yaml/.yml/.json in the current folder) */
  config?: string;
  /** the config group this scan is for (set by `watch`) */
  group?: string;
}

export function addHistoryOptions(command: Command): Command {
  return command
    .option('--db <file>', `history database: every scan, page and finding, for diff, triage and --resume (default: ${DEFAULT_DB})`)
    .option('--no-history', 'keep no history for this scan')
    .option('--resume', 'continue the last unfinished scan of the same targets: what it did is not fetched again')
    .option('--config <file>', 'project config (default: claimscan.config.yaml in the current folder, if any)');
}

/** Run `fn`, turning config, history and triage-file errors into usage errors (exit 2). */
export function asUsageErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof HistoryError || e instanceof TriageFileError) throw new UsageError(e.message);
    throw e;
  }
}

/** The project config of this command, if there is one. */
export function projectConfig(opts: Pick<HistoryCliOptions, 'config'>): LoadedConfig | undefined {
  return asUsageErrors(() => loadConfig(opts.config));
}

/** Rules for a scan: the config's packs and overrides, plus `--rules` folders. */
export function scanRules(config: LoadedConfig | undefined, dirs: string[] | undefined): RuleSet {
  return asUsageErrors(() => loadConfiguredRules(config, dirs));
}

/** The history database a command uses: `--db`, else the config's, else the default. */
export function dbPath(opts: Pick<HistoryCliOptions, 'db'>, config: LoadedConfig | undefined): string {
  return opts.db ?? config?.dbPath ?? DEFAULT_DB;
}

/** The triage baseline file: the config's, else `.claimscan-triage.yaml` in the current folder. */
export function triageFilePath(config: LoadedConfig | undefined): string {
  return config?.triageFile ?? resolve(TRIAGE_FILE);
}

export interface OpenScanHistory {
  targets: string[];
  packs: Array<{ name: string; version: string }>;
  startedAt: string;
  /** options that shape the results, recorded with the scan */
  options: Record<string, unknown>;
  log: (line: string) => void;
}

export function openScanHistory(opts: HistoryCliOptions, config: LoadedConfig | undefined, scan: OpenScanHistory): ScanHistory {
  // HTML piped on stdin is a one-off check, not a page to follow from scan to scan (unless asked)
  const oneOff = scan.targets.length > 0 && scan.targets.every((t) => t === '-') && !opts.db && !opts.resume;
  const keep = opts.history !== false && (config?.config.history.enabled ?? true) && !oneOff;
  if (opts.resume && !keep) throw new UsageError('--resume needs history: drop --no-history (or enable history in the config)');
  return asUsageErrors(() =>
    ScanHistory.open({
      db: keep ? dbPath(opts, config) : undefined,
      resume: opts.resume,
      triageFile: triageFilePath(config),
      targets: scan.targets,
      group: opts.group,
      options: scan.options,
      packs: scan.packs,
      toolVersion: VERSION,
      startedAt: scan.startedAt,
      log: scan.log,
    }),
  );
}

/** Options that only say where output goes or how history is kept: not recorded with a scan. */
const NOT_RECORDED = new Set(['format', 'output', 'quiet', 'uiLang', 'screenshots', 'embedScreenshots', 'db', 'history', 'resume', 'config', 'group', 'failOn', 'progress']);

/** The scan's options as history records them (those that shape the results). */
export function recordedOptions(opts: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(opts).filter(([k, v]) => !NOT_RECORDED.has(k) && v !== undefined));
}

/** Open the history database of a command that reads it (diff, triage, review, rescan). */
export function openHistoryDb(opts: Pick<HistoryCliOptions, 'db' | 'config'>, options: { mustExist?: boolean } = { mustExist: true }): { db: Db; config: LoadedConfig | undefined; path: string } {
  const config = projectConfig(opts);
  const path = dbPath(opts, config);
  const db = asUsageErrors(() => openDatabase(path, options));
  return { db, config, path };
}

/** `--db` and `--config` for commands that read history. */
export function addDbOptions(command: Command): Command {
  return command
    .option('--db <file>', `history database (default: the config's, else ${DEFAULT_DB})`)
    .option('--config <file>', 'project config (default: claimscan.config.yaml in the current folder, if any)');
}
