/**
 * The history database's schema, as numbered migrations. `PRAGMA user_version` records how
 * many have run; a database from an older claimscan is brought up to date when opened, one
 * transaction per step, and a newer one is refused rather than damaged.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: scans, page fetches with their stored text, findings, crawl frontier, the triage audit trail
  `
  CREATE TABLE scans (
    id            INTEGER PRIMARY KEY,
    series        TEXT NOT NULL,            -- what was scanned, canonical: "group:NAME" or the sorted targets
    group_name    TEXT,
    targets       TEXT NOT NULL,            -- JSON array, as given
    options       TEXT NOT NULL,            -- JSON object: the scan options that shape results
    packs         TEXT NOT NULL,            -- JSON array of {name, version}
    tool_version  TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    duration_ms   INTEGER NOT NULL DEFAULT 0, -- time spent scanning, summed over resumed runs
    state         TEXT NOT NULL CHECK (state IN ('running', 'interrupted', 'done')),
    runs          INTEGER NOT NULL DEFAULT 1, -- 1 + times resumed
    pid           INTEGER,                  -- process running it (to refuse resuming a live scan)
    host          TEXT,
    pages         INTEGER NOT NULL DEFAULT 0,
    pages_failed  INTEGER NOT NULL DEFAULT 0,
    findings      INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX scans_by_series ON scans (series, id);

  -- Extracted text of pages, compressed, shared by every fetch that read the same text.
  CREATE TABLE contents (
    hash   TEXT PRIMARY KEY,
    codec  TEXT NOT NULL,
    size   INTEGER NOT NULL,                -- uncompressed bytes
    data   BLOB NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE pages (
    scan_id       INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    url           TEXT NOT NULL,
    seq           INTEGER NOT NULL,         -- order in which the scan read it
    final_url     TEXT,
    status        INTEGER NOT NULL,
    error         TEXT,
    note          TEXT,
    content_type  TEXT,
    sha256        TEXT,
    bytes         INTEGER,
    depth         INTEGER,
    rendered      INTEGER NOT NULL DEFAULT 0,
    title         TEXT NOT NULL DEFAULT '',
    lang          TEXT NOT NULL DEFAULT '',
    fetched_at    TEXT,
    findings      INTEGER NOT NULL DEFAULT 0, -- every finding, triaged ones included
    screenshot    TEXT,
    content       TEXT REFERENCES contents (hash),
    PRIMARY KEY (scan_id, url)
  );
  CREATE INDEX pages_by_url ON pages (url, scan_id);
  -- the same bytes read again (an unchanged page, next week): its stored text is reused
  CREATE INDEX pages_by_sha ON pages (sha256) WHERE content IS NOT NULL;

  -- What findings share with every other finding of their rule: message, source, pack…
  CREATE TABLE finding_rules (
    hash  TEXT PRIMARY KEY,
    data  TEXT NOT NULL                     -- JSON: category, severity, message, source, pack
  ) WITHOUT ROWID;

  CREATE TABLE findings (
    scan_id     INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    finding_id  TEXT NOT NULL,
    url         TEXT NOT NULL,
    rule_id     TEXT NOT NULL,
    severity    TEXT NOT NULL,
    category    TEXT NOT NULL,
    rule_hash   TEXT NOT NULL REFERENCES finding_rules (hash),
    data        TEXT NOT NULL,              -- JSON: the finding's own fields (page, sentence, match, place)
    PRIMARY KEY (scan_id, finding_id)
  );
  CREATE INDEX findings_by_id ON findings (finding_id, scan_id);

  -- The crawl frontier of a scan, so a killed crawl resumes without fetching again what was
  -- done. Emptied when the scan completes.
  CREATE TABLE frontier (
    scan_id  INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    url      TEXT NOT NULL,
    depth    INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    done     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scan_id, key)
  );

  -- Every triage decision ever made: the latest row of a finding is its current status.
  CREATE TABLE triage (
    id          INTEGER PRIMARY KEY,
    finding_id  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('confirmed', 'false-positive', 'fixed', 'ignored')),
    note        TEXT,
    by          TEXT,
    at          TEXT NOT NULL,
    via         TEXT NOT NULL               -- cli, review, import
  );
  CREATE INDEX triage_by_finding ON triage (finding_id, id);
  CREATE TRIGGER triage_no_update BEFORE UPDATE ON triage
    BEGIN SELECT RAISE(ABORT, 'the triage audit trail is append-only'); END;
  CREATE TRIGGER triage_no_delete BEFORE DELETE ON triage
    BEGIN SELECT RAISE(ABORT, 'the triage audit trail is append-only'); END;
  `,
];
