import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadRuleSet, type RuleOverrides } from '../analysis/rules/load.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import { SEVERITIES, SEVERITY_RANK, type Severity } from '../model/taxonomy.js';
import { UsageError } from './errors.js';
import { parseMinConfidence } from '../report/confidence-view.js';

/** `--min-confidence`: a number from 0 to 1, a usage error otherwise. */
export function parseMinConfidenceOption(value: string | undefined): number | undefined {
  try {
    return parseMinConfidence(value);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Collect a repeatable option into an array. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function loadRules(dirs: string[] | undefined, overrides?: RuleOverrides, builtin = true): RuleSet {
  return loadRuleSet({ dirs, overrides, builtin });
}

export function parseSeverity(value: string | undefined, option: string): Severity | undefined {
  if (value === undefined) return undefined;
  if (!(SEVERITIES as readonly string[]).includes(value)) throw new UsageError(`${option} takes one of ${SEVERITIES.join(', ')}, not "${value}"`);
  return value as Severity;
}

export function parseLang(value: string | undefined): string | undefined {
  if (value === undefined || value === 'auto') return 'auto';
  if (!/^[a-z]{2,3}$/.test(value)) throw new UsageError(`--lang takes fr, en or auto, not "${value}"`);
  return value;
}

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/** Write text to a file (creating its folder) or to stdout. */
export async function writeOutput(text: string, file: string | undefined): Promise<void> {
  if (!file || file === '-') {
    await new Promise<void>((resolve) => (process.stdout.write(text) ? resolve() : process.stdout.once('drain', resolve)));
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(text, () => resolve());
  });
}

/** stderr log line, unless quiet. */
export function logger(quiet: boolean): (line: string) => void {
  return (line) => {
    if (!quiet) process.stderr.write(line + '\n');
  };
}
