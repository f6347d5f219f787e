/**
 * The scans table: one row per scan, created when it starts and completed when it ends, so a
 * scan that was killed is still there (state "running") to be resumed.
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { HistoryError, type Db } from './database.js';

export type ScanState = 'running' | 'interrupted' | 'done';

export interface ScanInfo {
  id: number;
  /** what was scanned, canonical: scans of the same series are compared with each other */
  series: string;
  group?: string;
  targets: string[];
  options: Record<string, unknown>;
  packs: Array<{ name: string; version: string }>;
  toolVersion: string;
  startedAt: string;
  finishedAt?: string;
  durationMs: number;
  state: ScanState;
  /** 1, plus the times the scan was resumed */
  runs: number;
  pages: number;
  pagesFailed: number;
  /** every finding, triaged ones included */
  findings: number;
}

interface ScanRow {
  id: number;
  series: string;
  group_name: string | null;
  targets: string;
  options: string;
  packs: string;
  tool_version: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number;
  state: ScanState;
  runs: number;
  pid: number | null;
  host: string | null;
  pages: number;
  pages_failed: number;
  findings: number;
}

function toInfo(r: ScanRow): ScanInfo {
  return {
    id: r.id,
    series: r.series,
    ...(r.group_name ? { group: r.group_name } : {}),
    targets: JSON.parse(r.targets) as string[],
    options: JSON.parse(r.options) as Record<string, unknown>,
    packs: JSON.parse(r.packs) as ScanInfo['packs'],
    toolVersion: r.tool_version,
    startedAt: r.started_at,
    ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
    durationMs: r.duration_ms,
    state: r.state,
    runs: r.runs,
    pages: r.pages,
    pagesFailed: r.pages_failed,
    findings: r.findings,
  };
}

/**
 * The series a scan belongs to: its group when it came from the config, else its targets
 * (local paths made absolute, URLs as given), sorted, so the same command run from anywhere
 * is compared with its earlier runs.
 */
export function seriesOf(targets: string[], group?: string): string {
  if (group) return `group:${group}`;
  const canonical = targets.map((t) => (t === '-' || /^[a-z][a-z0-9+.-]*:/i.test(t) ? t : resolve(t)));
  return JSON.stringify([...new Set(canonical)].sort());
}

export interface NewScan {
  targets: string[];
  group?: string;
  options: Record<string, unknown>;
  packs: Array<{ name: string; version: string }>;
  toolVersion: string;
  startedAt: string;
}

export function createScan(db: Db, scan: NewScan): ScanInfo {
  const series = seriesOf(scan.targets, scan.group);
  // Scans of the series left "running" by a process that is gone were killed: say so.
  const stale = db.prepare(`SELECT id, pid, host FROM scans WHERE series = ? AND state = 'running'`).all(series) as Array<{ id: number; pid: number | null; host: string | null }>;
  for (const s of stale) {
    if (!(s.pid && s.host === hostname() && processAlive(s.pid))) db.prepare(`UPDATE scans SET state = 'interrupted', pid = NULL WHERE id = ?`).run(s.id);
  }
  const info = db
    .prepare(
      `INSERT INTO scans (series, group_name, targets, options, packs, tool_version, started_at, state, pid, host)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?) RETURNING *`,
    )
    .get(
      series,
      scan.group ?? null,
      JSON.stringify(scan.targets),
      JSON.stringify(scan.options),
      JSON.stringify(scan.packs),
      scan.toolVersion,
      scan.startedAt,
      process.pid,
      hostname(),
    ) as ScanRow;
  return toInfo(info);
}

/**
 * The scan `--resume` continues: the latest of the series, if it did not finish. Refuses one
 * that another live process on this machine is still running.
 */
export function claimResumable(db: Db, series: string): ScanInfo | undefined {
  return db.transaction(() => {
    const row = db.prepare(`SELECT * FROM scans WHERE series = ? ORDER BY id DESC LIMIT 1`).get(series) as ScanRow | undefined;
    if (!row || row.state === 'done') return undefined;
    if (row.state === 'running' && row.pid && row.pid !== process.pid && row.host === hostname() && processAlive(row.pid)) {
      throw new HistoryError(`scan #${row.id} of these targets is still running (process ${row.pid}); wait for it or stop it before resuming`);
    }
    db.prepare(`UPDATE scans SET state = 'running', runs = runs + 1, pid = ?, host = ? WHERE id = ?`).run(process.pid, hostname(), row.id);
    return toInfo({ ...row, state: 'running', runs: row.runs + 1 });
  }).immediate();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function finishScan(db: Db, id: number, state: Exclude<ScanState, 'running'>, finishedAt: string, addDurationMs: number): void {
  db.prepare(`UPDATE scans SET state = ?, finished_at = ?, duration_ms = duration_ms + ?, pid = NULL WHERE id = ?`).run(state, finishedAt, Math.round(addDurationMs), id);
}

export function getScan(db: Db, id: number): ScanInfo | undefined {
  const row = db.prepare(`SELECT * FROM scans WHERE id = ?`).get(id) as ScanRow | undefined;
  return row && toInfo(row);
}

export function listScans(db: Db, filter: { series?: string; group?: string; limit?: number } = {}): ScanInfo[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.series) {
    where.push('series = ?');
    args.push(filter.series);
  }
  if (filter.group) {
    where.push('group_name = ?');
    args.push(filter.group);
  }
  const sql = `SELECT * FROM scans ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
  return (db.prepare(sql).all(...args, filter.limit ?? -1) as ScanRow[]).map(toInfo);
}

/** The scan a new one is compared with: the latest completed scan of the same series before it. */
export function previousCompleted(db: Db, scan: Pick<ScanInfo, 'id' | 'series'>): ScanInfo | undefined {
  const row = db.prepare(`SELECT * FROM scans WHERE series = ? AND id < ? AND state = 'done' ORDER BY id DESC LIMIT 1`).get(scan.series, scan.id) as ScanRow | undefined;
  return row && toInfo(row);
}

/**
 * A scan named on the command line: its number, `latest`, or `latest~N` (N scans before the
 * latest), within `series` when given.
 */
export function resolveScanRef(db: Db, ref: string, series?: string): ScanInfo {
  if (/^#?\d+$/.test(ref)) {
    const scan = getScan(db, Number(ref.replace('#', '')));
    if (!scan) throw new HistoryError(`no scan #${ref.replace('#', '')} in the history`);
    return scan;
  }
  const m = /^latest(?:~(\d+))?$/.exec(ref);
  if (!m) throw new HistoryError(`"${ref}" is not a scan: give its number (see \`claimscan diff --list\`), latest or latest~N`);
  const back = Number(m[1] ?? 0);
  const rows = db
    .prepare(`SELECT * FROM scans ${series ? 'WHERE series = ?' : ''} ORDER BY id DESC LIMIT 1 OFFSET ?`)
    .all(...(series ? [series, back] : [back])) as ScanRow[];
  if (!rows.length) throw new HistoryError(back ? `there are not ${back + 1} scans${series ? ' of these targets' : ''} in the history` : 'the history has no scan yet');
  return toInfo(rows[0]);
}

/** A short name for a scan, for lists and headings. */
export function scanLabel(scan: ScanInfo): string {
  const what = scan.group ? `group ${scan.group}` : scan.targets.join(' ');
  return `#${scan.id} ${scan.startedAt.slice(0, 16).replace('T', ' ')} ${what}`;
}
