/**
 * Opening the history database: WAL journal (a reader — the review UI — never blocks the
 * scan writing), foreign keys on, a busy timeout so two claimscan processes wait for each
 * other instead of failing, and the schema migrated to the current version.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { UserError } from '../user-error.js';

export type Db = Database.Database;

/** Where history is kept when neither `--db` nor the config says otherwise (CLAIMSCAN_DB overrides it). */
export const DEFAULT_DB = process.env.CLAIMSCAN_DB || 'reports/claimscan.db';

export class HistoryError extends UserError {
  override name = 'HistoryError';
}

export interface OpenOptions {
  /** the database must exist already (commands that read history: diff, review, rescan) */
  mustExist?: boolean;
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const file = resolve(path);
  if (options.mustExist && !existsSync(file)) {
    throw new HistoryError(`no history database at ${path} (scan something first, or pass --db PATH)`);
  }
  mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
  } catch (e) {
    throw new HistoryError(`cannot open the history database ${path}: ${(e as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a commit survives a killed process; only a power loss may drop the last ones.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // a long history's indexes do not fit SQLite's default 2 MB cache: writes would read pages back
    db.pragma('cache_size = -32768');
    migrate(db, path);
  } catch (e) {
    db.close();
    if (e instanceof HistoryError) throw e;
    throw new HistoryError(openProblem(path, e as Error & { code?: string }));
  }
  return db;
}

/** Say what is wrong with a database that would not open: only a file of another kind is "not a history database". */
export function openProblem(path: string, e: Error & { code?: string }): string {
  const code = e.code ?? '';
  if (code === 'SQLITE_READONLY' || /^SQLITE_READONLY/.test(code) || /readonly|read-only/i.test(e.message)) {
    return `cannot write the history database ${path}: it (or its folder) is read-only — check its permissions, or pass --db PATH or --no-history (${e.message})`;
  }
  if (code === 'SQLITE_FULL' || /database or disk is full/i.test(e.message)) return `cannot write the history database ${path}: the disk is full — free some space or pass --db PATH on another disk (${e.message})`;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return `the history database ${path} is locked by another process (${e.message})`;
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PERM') return `cannot open the history database ${path}: ${e.message}`;
  return `${path} is not a claimscan history database: ${e.message}`;
}

/**
 * Bring the schema to the current version. `version` is the one this process read when it
 * opened the file; another process may have migrated it since (see below).
 */
export function migrate(db: Db, path: string, version = db.pragma('user_version', { simple: true }) as number): void {
  if (version > MIGRATIONS.length) {
    throw new HistoryError(`${path} was written by a newer claimscan (schema ${version}, this one knows ${MIGRATIONS.length}): upgrade claimscan`);
  }
  if (version === MIGRATIONS.length) return;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      // Read again under the write lock: claimscan processes that opened a new database at the
      // same moment all saw version 0, and the first to get the lock has migrated it since.
      if ((db.pragma('user_version', { simple: true }) as number) > v) return;
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
