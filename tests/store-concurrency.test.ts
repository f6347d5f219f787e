import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate, openDatabase } from '../src/store/database.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { createScan } from '../src/store/scans.js';
import { BatchApplier } from '../src/store/write-batch.js';
import { page, ROOT, spawnCli, tempDir } from './helpers.js';
import { queryDb } from './history-helpers.js';

describe('one history, several claimscan processes', () => {
  const dir = tempDir();

  it('a batch waits for another process that is writing, even when that one commits meanwhile', async () => {
    const file = join(dir, 'locked.db');
    const db = openDatabase(file);
    const scan = createScan(db, { targets: ['a'], options: {}, packs: [], toolVersion: 't', startedAt: new Date().toISOString() });
    // Another process takes the write lock, writes, and commits a moment later.
    const other = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(file)}); db.pragma('busy_timeout = 5000');
         db.exec('BEGIN IMMEDIATE'); db.prepare("UPDATE scans SET options = '{\\"x\\":1}'").run();
         console.log('locked'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, 300);`,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => other.stdout!.once('data', () => resolve()));
    const applier = new BatchApplier(db);
    // a batch that reads (is this text stored?) before it writes
    applier.apply({
      scanId: scan.id,
      ops: [{ kind: 'page', row: [scan.id, 'https://a/', 0, null, 200, null, null, null, null, null, 0, 0, 'A', 'fr', null, 0, null, 'h1'], replace: false, content: { hash: 'h1', codec: 'deflate+json1', json: '{"title":"A","blocks":[]}' }, rules: [], findings: [] }],
      counts: { pages: 1, pagesFailed: 0, findings: 0 },
    });
    await new Promise((resolve) => other.once('exit', resolve));
    expect(db.prepare('SELECT url FROM pages').pluck().all()).toEqual(['https://a/']);
    db.close();
  });

  it('a new database opened by several processes at once is migrated once, by whichever gets the lock first', () => {
    const file = join(dir, 'new.db');
    const first = openDatabase(file);
    // the second process read version 0 before the first one migrated the file
    const second = new Database(file);
    second.pragma('busy_timeout = 10000');
    expect(() => migrate(second, file, 0)).not.toThrow();
    expect(second.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    second.close();
    first.close();
  });

  it('scans running at the same time all record their pages', async () => {
    const db = join(dir, 'history.db');
    const folders = [0, 1, 2].map((n) => {
      const folder = join(dir, `site-${n}`);
      mkdirSync(folder);
      for (let i = 0; i < 100; i++) {
        writeFileSync(join(folder, `p${i}.html`), page({ title: 'Mésothérapie', lang: 'fr', body: `<p>Page ${i}. La mésothérapie est totalement sans danger.</p><p>Résultats garantis.</p>` }));
      }
      return folder;
    });
    const runs = await Promise.all(folders.map((f) => spawnCli(['scan', f, '--db', db, '--format', 'json', '--quiet'], { cwd: dir })));
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    expect(queryDb(db, 'SELECT state, pages FROM scans ORDER BY id')).toEqual([0, 1, 2].map(() => ({ state: 'done', pages: 100 })));
  });
});
