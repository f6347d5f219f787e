/**
 * The triage baseline file (`.claimscan-triage.yaml`): the current decision on each finding,
 * as plain YAML to keep under version control next to the site's code, like a linter baseline.
 * Exported from history, imported (merged by date: the newer decision wins, nothing is
 * overwritten) into another machine's history, and applied by scans that keep no history.
 */
import { existsSync, readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { z } from 'zod';
import { readYamlFile } from '../analysis/rules/read-yaml.js';
import { RuleLoadError } from '../analysis/rules/errors.js';
import type { TriageDecision } from '../model/report-model.js';
import type { Db } from './database.js';
import { findingHistory } from './read-scan.js';
import { currentDecisions, recordDecision, TRIAGE_STATUSES, type TriageRow } from './triage.js';

export const TRIAGE_FILE = '.claimscan-triage.yaml';

export class TriageFileError extends Error {
  override name = 'TriageFileError';
}

const EntrySchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{16}$/, 'a finding id is 16 hexadecimal characters'),
  status: z.enum(TRIAGE_STATUSES),
  note: z.string().optional(),
  by: z.string().optional(),
  at: z.iso.datetime({ offset: true }),
  // for the humans reading the file; not used when importing
  rule: z.string().optional(),
  url: z.string().optional(),
  text: z.string().optional(),
});

const FileSchema = z.strictObject({
  version: z.literal(1),
  decisions: z.array(EntrySchema).default([]),
});

export type TriageEntry = z.infer<typeof EntrySchema>;

/** The file's text for the current decisions of `db`, sorted by id so diffs in git stay small. */
export function exportTriage(db: Db): string {
  const decisions = [...currentDecisions(db).values()].sort((a, b) => (a.findingId < b.findingId ? -1 : 1));
  const entries = decisions.map((d) => entryOf(db, d));
  const header =
    '# claimscan triage baseline: reviewers\' decisions on findings, by finding id.\n' +
    '# Keep it under version control. `claimscan scan` applies it (false-positive and ignored\n' +
    '# findings are left out of reports); `claimscan triage --import FILE` merges it into history.\n';
  return header + stringify({ version: 1, decisions: entries }, { lineWidth: 0 });
}

function entryOf(db: Db, d: TriageRow): TriageEntry {
  const { finding } = findingHistory(db, d.findingId);
  return {
    id: d.findingId,
    status: d.status,
    ...(d.note ? { note: d.note } : {}),
    ...(d.by ? { by: d.by } : {}),
    at: d.at,
    ...(finding ? { rule: finding.ruleId, url: finding.url, text: finding.text } : {}),
  };
}

/** Read and validate a baseline file; errors name the file, the entry and the field. */
export function readTriageFile(file: string): TriageEntry[] {
  let yaml;
  try {
    yaml = readYamlFile(file, readFileSync(file, 'utf8'));
  } catch (e) {
    if (e instanceof RuleLoadError) throw new TriageFileError(e.message);
    throw new TriageFileError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = FileSchema.safeParse(yaml.data ?? { version: 1 });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path as Array<string | number>;
    const line = yaml.lineOf(path);
    const field = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
    const what = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
    throw new TriageFileError(`${file}${line ? `:${line}` : ''}: ${field ? `field "${field}": ` : ''}${what}`);
  }
  return parsed.data.decisions;
}

export function decisionOf(e: TriageEntry): TriageDecision {
  return { status: e.status, ...(e.note ? { note: e.note } : {}), ...(e.by ? { by: e.by } : {}), at: e.at };
}

/**
 * Merge a baseline into history: an entry is recorded (via "import") when history has no
 * decision on that finding or an older one; the same file imported twice adds nothing.
 */
export function importTriage(db: Db, entries: TriageEntry[]): { added: number; kept: number } {
  let added = 0;
  db.transaction(() => {
    const current = currentDecisions(db);
    for (const e of entries) {
      const now = current.get(e.id);
      if (now && Date.parse(now.at) >= Date.parse(e.at)) continue;
      current.set(e.id, recordDecision(db, e.id, decisionOf(e), 'import'));
      added++;
    }
  }).immediate();
  return { added, kept: entries.length - added };
}

/** Import the baseline file when there is one; returns what happened, for a log line. */
export function importTriageFileIfPresent(db: Db, file: string): { added: number; kept: number } | undefined {
  if (!existsSync(file)) return undefined;
  return importTriage(db, readTriageFile(file));
}
