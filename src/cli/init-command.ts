import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXAMPLE_CONFIG } from '../config/example.js';
import { CONFIG_FILES } from '../config/load-config.js';
import { EXIT, UsageError } from './errors.js';

interface InitOptions {
  force?: boolean;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(`write a commented example project config (${CONFIG_FILES[0]}): target groups, schedules, rules, history, notifications`)
    .argument('[file]', 'where to write it', CONFIG_FILES[0])
    .option('--force', 'overwrite an existing file')
    .action((file: string, opts: InitOptions) => {
      process.exitCode = initCommand(file, opts);
    });
}

export function initCommand(file: string, opts: InitOptions): number {
  if (!/\.ya?ml$/.test(file)) throw new UsageError(`init writes YAML (with comments): name the file *.yaml, not "${file}"`);
  const path = resolve(file);
  if (existsSync(path) && !opts.force) throw new UsageError(`${file} exists already (use --force to overwrite it)`);
  writeFileSync(path, EXAMPLE_CONFIG);
  process.stderr.write(`wrote ${file}: edit its groups, check it with \`claimscan watch --check\`, then run \`claimscan watch\`\n`);
  return EXIT.ok;
}
