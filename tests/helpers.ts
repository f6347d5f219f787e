import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { loadRuleSet } from '../src/analysis/rules/load.js';
import type { RuleSet } from '../src/analysis/rules/rule-set.js';

/** The 12 claim categories of ../shared/claims-taxonomy.md, a public contract the shipped pack declares. */
export const TAXONOMY_IDS = [
  'efficacy.proven', 'efficacy.treats', 'science.validated', 'safety.no-risk', 'safety.natural', 'safety.low-dose',
  'action.local-only', 'approval.authorized', 'training.recognized-diploma', 'mixture.in-office', 'treatment.replacement', 'page.no-risk-disclosure',
];

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin/claimscan.js');
export const FIXTURES = join(ROOT, 'tests/fixtures');

// CLI runs keep their history apart from the developer's reports/claimscan.db, one file per test file.
const TEST_DB = join(mkdtempSync(join(tmpdir(), 'claimscan-db-')), 'history.db');
afterAll(() => rmSync(dirname(TEST_DB), { recursive: true, force: true }));

let shared: RuleSet | undefined;
/** The shipped rule packs, loaded once per test file. */
export function builtinRules(): RuleSet {
  shared ??= loadRuleSet();
  return shared;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real CLI (compiled by the global setup) and collect its output. */
export function runCli(args: string[], options: { input?: string | Buffer; cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', CLAIMSCAN_DB: TEST_DB, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A temporary folder removed after the test file. */
export function tempDir(prefix = 'claimscan-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A small HTML page; `body` is inserted as is. */
export function page(opts: { title?: string; lang?: string; body: string; head?: string }): string {
  return `<!doctype html><html${opts.lang ? ` lang="${opts.lang}"` : ''}><head><meta charset="utf-8"><title>${opts.title ?? ''}</title>${opts.head ?? ''}</head><body>${opts.body}</body></html>`;
}
