import type { Command } from 'commander';
import type { Finding } from '../model/finding.js';
import { colors } from '../report/text-report.js';
import { diffScans, diffSummaryLine, reportDiff, type ScanDiff } from '../store/diff.js';
import { listScans, previousCompleted, resolveScanRef, seriesOf, scanLabel, type ScanInfo } from '../store/scans.js';
import type { Db } from '../store/database.js';
import { currentDecisions, HIDDEN_STATUSES } from '../store/triage.js';
import { EXIT, UsageError } from './errors.js';
import { addDbOptions, asUsageErrors, openHistoryDb } from './history-options.js';

interface DiffOptions {
  db?: string;
  config?: string;
  format?: string;
  group?: string;
  list?: boolean;
  all?: boolean;
  failOnNew?: boolean;
}

export function registerDiff(program: Command): void {
  const command = program
    .command('diff')
    .description('what changed between two scans: new, unchanged and fixed findings, pages gone')
    .argument('[from]', 'earlier scan: its number, latest or latest~N (default: the scan before TO)')
    .argument('[to]', 'later scan (default: the latest scan of the same targets)')
    .option('-f, --format <format>', 'text or json', 'text')
    .option('-g, --group <name>', 'scans of this config group')
    .option('--list', 'list the scans in the history instead')
    .option('--all', 'include findings triaged as false positive or ignored')
    .option('--fail-on-new', 'exit 1 when there are new findings');
  addDbOptions(command).action((from: string | undefined, to: string | undefined, opts: DiffOptions) => {
    process.exitCode = diffCommand(from, to, opts);
  });
}

export function diffCommand(fromRef: string | undefined, toRef: string | undefined, opts: DiffOptions): number {
  if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`--format takes text or json, not "${opts.format}"`);
  const { db } = openHistoryDb(opts);
  try {
    if (opts.list) return listCommand(db, opts);
    const series = opts.group ? seriesOf([], opts.group) : undefined;
    const { from, to } = asUsageErrors(() => pickScans(db, fromRef, toRef, series));
    if (from.series !== to.series) process.stderr.write(`claimscan: note: scan #${from.id} and scan #${to.id} are not of the same targets\n`);
    const decisions = currentDecisions(db);
    const hidden = opts.all ? undefined : (id: string) => HIDDEN_STATUSES.has(decisions.get(id)?.status ?? '');
    const diff = diffScans(db, from, to, { hidden });
    process.stdout.write(opts.format === 'json' ? JSON.stringify(diffJson(diff), null, 2) + '\n' : diffText(diff, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR));
    return opts.failOnNew && diff.new.length ? EXIT.findings : EXIT.ok;
  } finally {
    db.close();
  }
}

/** Which two scans: both named; `from` named (to the latest of its targets); or the latest and the one before. */
function pickScans(db: Db, fromRef: string | undefined, toRef: string | undefined, series: string | undefined): { from: ScanInfo; to: ScanInfo } {
  if (fromRef && toRef) return { from: resolveScanRef(db, fromRef, series), to: resolveScanRef(db, toRef, series) };
  if (fromRef) {
    const from = resolveScanRef(db, fromRef, series);
    const to = resolveScanRef(db, 'latest', from.series);
    if (to.id === from.id) throw new UsageError(`scan #${from.id} is the latest scan of its targets: nothing after it to compare with`);
    return { from, to };
  }
  const to = resolveScanRef(db, 'latest', series);
  const from = previousCompleted(db, to);
  if (!from) throw new UsageError(`scan #${to.id} is the first complete scan of its targets: nothing before it to compare with (see claimscan diff --list)`);
  return { from, to };
}

function scanJson(s: ScanInfo) {
  return {
    id: s.id,
    startedAt: s.startedAt,
    ...(s.finishedAt ? { finishedAt: s.finishedAt } : {}),
    targets: s.targets,
    ...(s.group ? { group: s.group } : {}),
    state: s.state,
    pages: s.pages,
    findings: s.findings,
  };
}

/** `{ from, to, new, unchanged, resolved, pagesGone, notRechecked }`, findings in the report's shape. */
export function diffJson(diff: ScanDiff) {
  return {
    from: scanJson(diff.from),
    to: scanJson(diff.to),
    summary: diffSummaryLine(reportDiff(diff)),
    new: diff.new,
    unchanged: diff.unchanged,
    resolved: diff.resolved,
    pagesGone: diff.pagesGone,
    notRechecked: diff.notRechecked,
  };
}

function diffText(diff: ScanDiff, color: boolean): string {
  const c = colors(color);
  const out: string[] = [];
  out.push(c.bold(`${scanLabel(diff.from)}  →  ${scanLabel(diff.to)}`));
  out.push(diffSummaryLine(reportDiff(diff)));
  const list = (title: string, findings: Finding[], paint: (s: string) => string) => {
    if (!findings.length) return;
    out.push('', c.bold(title));
    for (const f of findings) out.push(`  ${paint(f.severity.padEnd(6))} ${f.category.padEnd(28)} ${f.url}`, `         « ${f.text} »  ${c.dim(f.id)}`);
  };
  list('New', diff.new, c.red);
  list('Fixed (the page no longer makes the claim)', diff.resolved, c.green);
  if (diff.pagesGone.length) {
    out.push('', c.bold('Pages gone'));
    for (const p of diff.pagesGone) {
      out.push(`  ${p.url}  ${c.dim(p.status ? `HTTP ${p.status}` : 'no longer found')}${p.findings.length ? `, ${p.findings.length} finding(s) gone with it` : ''}`);
    }
  }
  list('Not rechecked (the page could not be read this time)', diff.notRechecked, c.dim);
  if (diff.to.state !== 'done') out.push('', c.yellow(`scan #${diff.to.id} did not finish (${diff.to.state}): pages it did not reach are not counted as gone`));
  return out.join('\n') + '\n';
}

function listCommand(db: Db, opts: DiffOptions): number {
  const scans = listScans(db, { group: opts.group, limit: 200 });
  if (opts.format === 'json') {
    process.stdout.write(JSON.stringify(scans.map(scanJson), null, 2) + '\n');
    return EXIT.ok;
  }
  if (!scans.length) {
    process.stdout.write('the history has no scan yet\n');
    return EXIT.ok;
  }
  const rows = scans.map((s) => [
    `#${s.id}`,
    s.startedAt.slice(0, 16).replace('T', ' '),
    s.state,
    String(s.pages),
    String(s.findings),
    `${(s.durationMs / 1000).toFixed(1)} s`,
    s.group ? `group ${s.group}` : s.targets.join(' '),
  ]);
  const head = ['scan', 'started (UTC)', 'state', 'pages', 'findings', 'took', 'targets'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]))).join('  ');
  process.stdout.write([line(head), ...rows.map(line)].join('\n') + '\n');
  return EXIT.ok;
}
