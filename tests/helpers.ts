import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { atFileEnd } from './support/file-end.js';
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

// CLI runs keep their history apart from the developer's reports/claimscan.db, one file per test
// file: made when a file first runs the CLI, removed when that file ends (test files share their
// worker and this module, see tests/setup-file.ts).
let testDb: string | undefined;
function testDbPath(): string {
  if (!testDb) {
    const dir = mkdtempSync(join(tmpdir(), 'claimscan-db-'));
    testDb = join(dir, 'history.db');
    atFileEnd(() => {
      rmSync(dir, { recursive: true, force: true });
      testDb = undefined;
    });
  }
  return testDb;
}

/** The shipped rule packs (compiled once per process by loadRuleSet; each call makes them the active ones). */
export function builtinRules(): RuleSet {
  return loadRuleSet();
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  input?: string | Buffer;
  cwd?: string;
  env?: Record<string, string>;
  /** spawned runs only: the child is killed after this long */
  timeoutMs?: number;
}

/**
 * Run the CLI in this process, from the TypeScript sources: `main()` as `bin/claimscan.js` calls it,
 * with stdout/stderr captured, stdin fed from `input`, the exit code read from `process.exitCode`,
 * and env, cwd and every replaced global restored afterwards. Saves the ~1.3 s a spawned CLI spends
 * loading its modules and compiling the shipped packs on every call. One call at a time.
 * Where the process boundary is what a test checks (signals, a killed process, two processes at
 * once, the compiled binary itself), use spawnCli.
 */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  if (inProcessBusy) throw new Error('runCli runs the CLI in this process, one call at a time: await the previous call (or use spawnCli)');
  inProcessBusy = true;
  try {
    const { main } = await import('../src/cli/main.js');
    return await inProcess(main, args, options);
  } finally {
    inProcessBusy = false;
  }
}
let inProcessBusy = false;

/** A stream that keeps what is written to it, as a pipe would (not a terminal). */
class Capture extends Writable {
  text = '';
  private readonly decoder = new StringDecoder('utf8');
  constructor() {
    super({ decodeStrings: false });
  }
  override _write(chunk: string | Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.text += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    done();
  }
}

class ProcessExit extends Error {
  constructor(readonly code: number | undefined) {
    super(`process.exit(${code ?? ''}) called by the CLI under runCli: this test needs spawnCli`);
  }
}

async function inProcess(main: (argv: string[]) => Promise<void>, args: string[], options: CliOptions): Promise<CliResult> {
  const streams = ['stdin', 'stdout', 'stderr'] as const;
  const saved = {
    cwd: process.cwd(),
    env: { ...process.env },
    exitCode: process.exitCode,
    exit: process.exit,
    descriptors: streams.map((name) => Object.getOwnPropertyDescriptor(process, name)!),
    signalListeners: (['SIGINT', 'SIGTERM'] as const).map((s) => process.listeners(s)),
  };
  const stdout = new Capture();
  const stderr = new Capture();
  const input = options.input === undefined || options.input.length === 0 ? [] : [typeof options.input === 'string' ? Buffer.from(options.input) : options.input];
  const stdin = Readable.from(input);
  const replacements = { stdin, stdout, stderr };
  try {
    Object.assign(process.env, { NO_COLOR: '1', CLAIMSCAN_DB: testDbPath(), ...options.env });
    process.chdir(options.cwd ?? ROOT);
    process.exitCode = undefined;
    for (const name of streams) Object.defineProperty(process, name, { configurable: true, enumerable: true, get: () => replacements[name] });
    process.exit = ((code?: number) => {
      throw new ProcessExit(code);
    }) as typeof process.exit;
    await main([process.execPath, BIN, ...args]);
    const code = process.exitCode;
    return { code: code === undefined ? 0 : Number(code), stdout: stdout.text, stderr: stderr.text };
  } finally {
    streams.forEach((name, i) => Object.defineProperty(process, name, saved.descriptors[i]!));
    process.exit = saved.exit;
    process.exitCode = saved.exitCode;
    // the folder it started in may be gone (a timed-out test's call ending after its file's temp folders were removed)
    process.chdir(existsSync(saved.cwd) ? saved.cwd : ROOT);
    for (const key of Object.keys(process.env)) if (!(key in saved.env)) delete process.env[key];
    Object.assign(process.env, saved.env);
    // a command that left a signal handler behind would catch the test runner's Ctrl-C
    (['SIGINT', 'SIGTERM'] as const).forEach((s, i) => {
      for (const l of process.listeners(s)) if (!saved.signalListeners[i]!.includes(l)) process.off(s, l);
    });
  }
}

/**
 * Run the real CLI (`bin/claimscan.js`, the compiled code the global setup builds) in a child
 * process and collect its output: for tests of what only a process shows.
 */
export function spawnCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', CLAIMSCAN_DB: testDbPath(), ...options.env },
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
  atFileEnd(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A small HTML page; `body` is inserted as is. */
export function page(opts: { title?: string; lang?: string; body: string; head?: string }): string {
  return `<!doctype html><html${opts.lang ? ` lang="${opts.lang}"` : ''}><head><meta charset="utf-8"><title>${opts.title ?? ''}</title>${opts.head ?? ''}</head><body>${opts.body}</body></html>`;
}
