#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { RuleLoadError, RuleLoadErrors } from '../analysis/rules/errors.js';
import { VERSION } from '../version.js';
import { registerCheck } from './check-command.js';
import { registerDemo } from './demo-command.js';
import { registerEval } from './eval-command.js';
import { EXIT, UsageError } from './errors.js';
import { registerReport } from './report-command.js';
import { registerRules } from './rules-command.js';
import { registerScan } from './scan-command.js';
import { registerInit } from './init-command.js';
import { registerDiff } from './diff-command.js';
import { registerTriage } from './triage-command.js';
import { registerReview } from './review-command.js';
import { registerWatch } from './watch-command.js';
import { registerRescan } from './rescan-command.js';
import { registerWorker } from './worker-command.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('claimscan')
    .description('Flag unsupported mesotherapy advertising claims in web pages, citing the health-authority sentence that refutes each one.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerScan(program);
  registerRescan(program);
  registerDiff(program);
  registerTriage(program);
  registerReview(program);
  registerWatch(program);
  registerWorker(program);
  registerInit(program);
  registerCheck(program);
  registerRules(program);
  registerEval(program);
  registerReport(program);
  registerDemo(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    process.exitCode = reportError(e);
  }
}

/** Print an error the way a user can act on it; return the exit code. */
export function reportError(e: unknown): number {
  if (e instanceof CommanderError) {
    // commander already printed its message; --help and --version end with code 0
    return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (e instanceof RuleLoadErrors || e instanceof RuleLoadError) {
    process.stderr.write(`claimscan: invalid rules:\n${e.message.replace(/^/gm, '  ')}\n`);
    return EXIT.usage;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`claimscan: ${e.message}\n`);
    return EXIT.usage;
  }
  process.stderr.write(`claimscan: ${(e as Error)?.stack ?? String(e)}\n`);
  return 3;
}
