/**
 * Triage: reviewers' decisions on findings, by finding id. Every decision is a new row (the
 * table refuses updates and deletes); a finding's current status is its latest row, and it
 * applies to the same finding id in every later scan.
 */
import type { TriageDecision } from '../model/report-model.js';
import type { Db } from './database.js';

export const TRIAGE_STATUSES = ['confirmed', 'false-positive', 'fixed', 'ignored'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

/** Statuses that take a finding out of reports: nobody reviews the same false positive twice. */
export const HIDDEN_STATUSES: ReadonlySet<string> = new Set<TriageStatus>(['false-positive', 'ignored']);

/** Where a decision was made. */
export type TriageVia = 'cli' | 'review' | 'import';

export interface TriageRow extends TriageDecision {
  id: number;
  findingId: string;
  via: TriageVia;
}

interface Row {
  id: number;
  finding_id: string;
  status: TriageStatus;
  note: string | null;
  by: string | null;
  at: string;
  via: TriageVia;
}

function toRow(r: Row): TriageRow {
  return { id: r.id, findingId: r.finding_id, status: r.status, ...(r.note ? { note: r.note } : {}), ...(r.by ? { by: r.by } : {}), at: r.at, via: r.via };
}

export function toDecision(r: TriageRow): TriageDecision {
  return { status: r.status, ...(r.note ? { note: r.note } : {}), ...(r.by ? { by: r.by } : {}), at: r.at };
}

export function isTriageStatus(value: string): value is TriageStatus {
  return (TRIAGE_STATUSES as readonly string[]).includes(value);
}

export function recordDecision(db: Db, findingId: string, decision: TriageDecision, via: TriageVia): TriageRow {
  const row = db
    .prepare(`INSERT INTO triage (finding_id, status, note, by, at, via) VALUES (?, ?, ?, ?, ?, ?) RETURNING *`)
    .get(findingId, decision.status, decision.note ?? null, decision.by ?? null, decision.at, via) as Row;
  return toRow(row);
}

const LATEST = `SELECT t.* FROM triage t JOIN (SELECT MAX(id) AS id FROM triage GROUP BY finding_id) latest ON latest.id = t.id`;

/** The current decision on every finding that has one. */
export function currentDecisions(db: Db): Map<string, TriageRow> {
  const map = new Map<string, TriageRow>();
  for (const r of db.prepare(LATEST).all() as Row[]) map.set(r.finding_id, toRow(r));
  return map;
}

/** The current decisions on the findings of one scan. */
export function decisionsForScan(db: Db, scanId: number): Map<string, TriageRow> {
  const rows = db.prepare(`${LATEST} WHERE t.finding_id IN (SELECT finding_id FROM findings WHERE scan_id = ?)`).all(scanId) as Row[];
  return new Map(rows.map((r) => [r.finding_id, toRow(r)]));
}

/** Every decision ever made on a finding, oldest first: the audit trail. */
export function auditTrail(db: Db, findingId: string): TriageRow[] {
  return (db.prepare(`SELECT * FROM triage WHERE finding_id = ? ORDER BY id`).all(findingId) as Row[]).map(toRow);
}

/** The latest decisions across all findings, newest first. */
export function recentDecisions(db: Db, limit = 50): TriageRow[] {
  return (db.prepare(`SELECT * FROM triage ORDER BY id DESC LIMIT ?`).all(limit) as Row[]).map(toRow);
}

/**
 * Full finding ids matching what a user typed: a whole id, or a prefix of at least 6
 * characters (like a git commit), among the findings history has seen or triaged.
 */
export function matchFindingIds(db: Db, typed: string): string[] {
  const prefix = typed.toLowerCase();
  if (!/^[0-9a-f]{6,}$/.test(prefix)) return [];
  const rows = db
    .prepare(
      `SELECT DISTINCT finding_id AS id FROM findings WHERE finding_id >= ? AND finding_id < ?
       UNION SELECT DISTINCT finding_id FROM triage WHERE finding_id >= ? AND finding_id < ? LIMIT 10`,
    )
    .all(prefix, prefix + 'g', prefix, prefix + 'g') as Array<{ id: string }>;
  return rows.map((r) => r.id);
}
