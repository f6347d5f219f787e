import type { Command } from 'commander';
import type { Group, LoadedConfig } from '../config/load-config.js';
import { groupNamed } from '../config/load-config.js';
import { runGroup, type GroupScanner, type GroupScanRequest } from '../monitor/group-run.js';
import { formatRun, Scheduler, type ScheduledJob } from '../monitor/scheduler.js';
import { collect } from './common.js';
import { EXIT, UsageError } from './errors.js';
import { asUsageErrors, projectConfig } from './history-options.js';
import { scan } from '../scan/scan.js';
import { queueCrawl } from '../scan/queue/coordinator.js';
import { emitReport, prepareScan, type ScanCliOptions } from './scan-command.js';
import type { WebCliOptions } from './web-options.js';

interface WatchOptions {
  config?: string;
  group?: string[];
  once?: boolean;
  check?: boolean;
}

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description("run the config's scheduled scans: one at a time per group, reports written, a webhook notified of new findings")
    .option('--config <file>', 'project config (default: claimscan.config.yaml in the current folder)')
    .option('-g, --group <name>', 'only this group (repeatable)', collect)
    .option('--once', 'scan the groups now, one after the other, and exit (for cron or a systemd timer)')
    .option('--check', 'check the config and show when each group runs next, then exit')
    .action(async (opts: WatchOptions) => {
      process.exitCode = await watchCommand(opts);
    });
}

/** A log line with the time, for a long-running process's journal. */
function log(line: string): void {
  process.stderr.write(`${new Date().toISOString().slice(0, 19)}Z ${line}\n`);
}

export async function watchCommand(opts: WatchOptions): Promise<number> {
  const config = projectConfig(opts);
  if (!config) throw new UsageError('no claimscan.config.yaml here: create one with `claimscan init`, or pass --config FILE');
  if (!config.config.history.enabled) throw new UsageError(`${config.file}: watch compares each scan with the previous one and needs history: set history.enabled to true`);
  const groups = asUsageErrors(() => (opts.group?.length ? opts.group.map((name) => groupNamed(config, name)) : config.groups));
  if (!groups.length) throw new UsageError(`${config.file} defines no group to scan: add one under "groups"`);
  asUsageErrors(() => config.webhook()); // its ${VAR}s must be set before the first scan

  if (opts.check) return check(config, groups);
  if (opts.once) {
    let failed = 0;
    // Ctrl-C: the running scan writes what it has, the groups after it are not scanned
    const controller = new AbortController();
    const onSigint = () => {
      log('interrupted: writing the report of what was scanned');
      process.off('SIGINT', onSigint);
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      for (const group of groups) {
        if (controller.signal.aborted) break;
        try {
          await runGroup(config, group, scanGroup, controller.signal, log);
        } catch (e) {
          failed++;
          log(`${group.name}: the scan failed: ${(e as Error).message}`);
        }
      }
    } finally {
      process.off('SIGINT', onSigint);
    }
    return failed ? 3 : EXIT.ok;
  }

  const scheduled = groups.filter((g) => g.cron);
  if (!scheduled.length) throw new UsageError(`no group has a schedule in ${config.file}: add "schedule" to a group, or run \`claimscan watch --once\``);
  for (const g of groups.filter((g) => !g.cron)) log(`${g.name}: no schedule, not watched`);
  const jobs: ScheduledJob[] = scheduled.map((group) => ({
    name: group.name,
    pattern: group.cron!.pattern,
    timezone: group.cron!.timezone,
    run: async (signal) => {
      await runGroup(config, group, scanGroup, signal, log);
    },
  }));
  const scheduler = new Scheduler(jobs, { log });
  scheduler.start();
  log(`watching ${scheduled.length} group(s) from ${config.file} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      log(`${signal}: stopping${scheduler.busy ? ' (the running scan writes what it has and can be resumed)' : ''}`);
      void scheduler.stop().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  log('stopped');
  return EXIT.ok;
}

function check(config: LoadedConfig, groups: Group[]): number {
  const out = [`${config.file}: valid`, `history: ${config.dbPath}`, `reports: ${config.outputDir}/<group>/ (${config.config.output.formats.join(', ')})`];
  if (config.config.notify.webhook) out.push(`webhook: ${new URL(config.config.notify.webhook.url).host} on ${config.config.notify.on}`);
  const scheduler = new Scheduler(
    groups.filter((g) => g.cron).map((g) => ({ name: g.name, pattern: g.cron!.pattern, timezone: g.cron!.timezone, run: async () => undefined })),
    { log: () => undefined },
  );
  const next = new Map(scheduler.nextRuns().map((r) => [r.name, r.next]));
  for (const g of groups) {
    const what = [...g.targets, ...g.urlFiles.map((f) => `urls from ${f}`), ...g.sitemaps.map((s) => `sitemap ${s}`)];
    out.push('', `group ${g.name}: ${what.join(', ')}`);
    out.push(g.cron ? `  schedule "${g.cron.pattern}"${g.cron.timezone ? ` ${g.cron.timezone}` : ''}, next run ${formatRun(next.get(g.name) ?? null, g.cron.timezone)}` : '  no schedule (scanned by watch --once only)');
  }
  process.stdout.write(out.join('\n') + '\n');
  return EXIT.ok;
}

/** A group's scan request as scan command options (the config's crawl options are the scan's web options). */
export function scanOptionsFor(request: GroupScanRequest): { targets: string[]; options: ScanCliOptions } {
  const crawl: Record<string, string | boolean | string[]> = {};
  for (const [key, value] of Object.entries(request.crawl)) {
    if (value !== undefined) crawl[key] = typeof value === 'number' ? String(value) : value;
  }
  const options: ScanCliOptions = {
    format: 'json',
    output: request.output,
    quiet: true,
    config: request.config,
    db: request.db,
    group: request.group,
    resume: request.resume,
    ...(request.lang ? { lang: request.lang } : {}),
    ...(request.urlFiles.length ? { urls: request.urlFiles } : {}),
    ...(request.sitemaps.length ? { sitemap: request.sitemaps } : {}),
    ...(crawl as Partial<WebCliOptions>),
  };
  return { targets: request.targets, options };
}

/** A group's scan: the library scan with the group's options, its JSON report written where runGroup reads it. */
const scanGroup: GroupScanner = async (request, signal) => {
  const { targets, options } = scanOptionsFor(request);
  const prepared = prepareScan(targets, options, () => {});
  const result = await scan({ ...prepared.options, ...(prepared.queue ? { remote: queueCrawl(prepared.queue) } : {}), signal });
  await emitReport(result, 'json', prepared.dest, { log: () => {} });
  return EXIT.ok;
};
