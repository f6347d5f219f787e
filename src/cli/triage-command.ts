import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { findingHistory } from '../store/read-scan.js';
import type { Db } from '../store/database.js';
import { exportTriage, readTriageFile, importTriage } from '../store/triage-file.js';
import { auditTrail, currentDecisions, isTriageStatus, matchFindingIds, recordDecision, TRIAGE_STATUSES, type TriageRow } from '../store/triage.js';
import { writeOutput } from './common.js';
import { EXIT, UsageError } from './errors.js';
import { addDbOptions, asUsageErrors, openHistoryDb, triageFilePath } from './history-options.js';

interface TriageOptions {
  db?: string;
  config?: string;
  status?: string;
  note?: string;
  by?: string;
  log?: boolean;
  list?: boolean;
  export?: string | boolean;
  import?: string;
  format?: string;
}

export function registerTriage(program: Command): void {
  const command = program
    .command('triage')
    .description('record a decision on findings (kept in history with who, when and why, and applied to later scans)')
    .argument('[finding-id...]', 'finding ids (or unique prefixes of 6+ characters), as reports show them')
    .option('-s, --status <status>', TRIAGE_STATUSES.join('|'))
    .option('-n, --note <text>', 'why')
    .option('--by <name>', 'who decides (default: $CLAIMSCAN_USER, else your user name)')
    .option('--log', 'show the audit trail of the given findings (every decision, oldest first)')
    .option('--list', 'list the current decision on every triaged finding')
    .option('--export [file]', 'write the current decisions to a baseline file (default: .claimscan-triage.yaml; - for stdout)')
    .option('--import <file>', 'merge a baseline file into history (a newer decision wins; nothing is overwritten)')
    .option('-f, --format <format>', 'text or json (--log, --list)', 'text');
  addDbOptions(command).action(async (ids: string[], opts: TriageOptions) => {
    process.exitCode = await triageCommand(ids, opts);
  });
}

export async function triageCommand(ids: string[], opts: TriageOptions): Promise<number> {
  const actions = [opts.status !== undefined, Boolean(opts.log), Boolean(opts.list), opts.export !== undefined, opts.import !== undefined].filter(Boolean).length;
  if (actions !== 1) throw new UsageError('say what to do: --status S with finding ids, --log with finding ids, --list, --export [file] or --import file');
  if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`--format takes text or json, not "${opts.format}"`);
  const { db, config } = openHistoryDb(opts, { mustExist: opts.import !== undefined ? false : true });
  try {
    if (opts.import !== undefined) {
      const { added, kept } = importTriage(db, asUsageErrors(() => readTriageFile(opts.import!)));
      process.stderr.write(`${added} decision(s) imported from ${opts.import}${kept ? `, ${kept} already known or older than history's` : ''}\n`);
      return EXIT.ok;
    }
    if (opts.export !== undefined) {
      const file = typeof opts.export === 'string' ? opts.export : triageFilePath(config);
      await writeOutput(exportTriage(db), file);
      if (file !== '-') process.stderr.write(`${currentDecisions(db).size} decision(s) written to ${file}\n`);
      return EXIT.ok;
    }
    if (opts.list) return list(db, opts.format);
    if (!ids.length) throw new UsageError(`give the id of at least one finding (reports show it, e.g. "id 3f2a9c0d1e2b4a5c")`);
    const full = ids.map((id) => resolveId(db, id));
    if (opts.log) return log(db, full, opts.format);
    const status = opts.status!;
    if (!isTriageStatus(status)) throw new UsageError(`--status takes one of ${TRIAGE_STATUSES.join(', ')}, not "${status}"`);
    const at = new Date().toISOString();
    const by = opts.by ?? defaultReviewer();
    db.transaction(() => {
      for (const id of full) recordDecision(db, id, { status, ...(opts.note ? { note: opts.note } : {}), ...(by ? { by } : {}), at }, 'cli');
    }).immediate();
    for (const id of full) {
      const { finding } = findingHistory(db, id);
      process.stderr.write(`${id} → ${status}${finding ? `  (${finding.ruleId}, ${finding.url})` : ''}\n`);
    }
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/** Who is triaging when --by is not given. */
export function defaultReviewer(): string | undefined {
  if (process.env.CLAIMSCAN_USER) return process.env.CLAIMSCAN_USER;
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

function resolveId(db: Db, typed: string): string {
  const matches = matchFindingIds(db, typed);
  if (matches.includes(typed.toLowerCase())) return typed.toLowerCase();
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw new UsageError(`"${typed}" matches several findings (${matches.slice(0, 5).join(', ')}…): give more characters`);
  throw new UsageError(`no finding "${typed}" in the history (ids are 16 hexadecimal characters, shown in reports; the scan must have kept history)`);
}

function rowLine(r: TriageRow): string {
  return `${r.at.slice(0, 19).replace('T', ' ')}  ${r.status.padEnd(14)} ${(r.by ?? '-').padEnd(12)} ${r.via.padEnd(6)} ${r.note ?? ''}`.trimEnd();
}

function log(db: Db, ids: string[], format: string | undefined): number {
  const trails = ids.map((id) => ({ id, finding: findingHistory(db, id).finding, decisions: auditTrail(db, id) }));
  if (format === 'json') {
    process.stdout.write(JSON.stringify(trails, null, 2) + '\n');
    return EXIT.ok;
  }
  const out: string[] = [];
  for (const t of trails) {
    out.push(`${t.id}${t.finding ? `  ${t.finding.ruleId}  ${t.finding.url}` : ''}`);
    if (t.finding) out.push(`  « ${t.finding.text} »`);
    if (!t.decisions.length) out.push('  no decision yet');
    for (const r of t.decisions) out.push(`  ${rowLine(r)}`);
    out.push('');
  }
  process.stdout.write(out.join('\n'));
  return EXIT.ok;
}

function list(db: Db, format: string | undefined): number {
  const rows = [...currentDecisions(db).values()].sort((a, b) => (a.at < b.at ? 1 : -1));
  if (format === 'json') {
    process.stdout.write(JSON.stringify(rows.map((r) => ({ ...r, finding: findingHistory(db, r.findingId).finding })), null, 2) + '\n');
    return EXIT.ok;
  }
  if (!rows.length) {
    process.stdout.write('no finding has been triaged yet\n');
    return EXIT.ok;
  }
  process.stdout.write(rows.map((r) => `${r.findingId}  ${rowLine(r)}`).join('\n') + '\n');
  return EXIT.ok;
}
