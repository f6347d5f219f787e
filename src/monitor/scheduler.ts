/**
 * Runs jobs on cron schedules (croner: 5-field or 6-field with seconds, time zones, DST
 * handled). One run at a time per job: a run that comes due while the previous one is still
 * going is skipped and logged. A run that fails is logged and the schedule goes on. `stop()`
 * stops the timers, asks running jobs to stop (their signal aborts) and waits for them.
 */
import { Cron } from 'croner';

export interface ScheduledJob {
  name: string;
  /** cron expression */
  pattern: string;
  timezone?: string;
  run(signal: AbortSignal): Promise<void>;
}

export interface SchedulerOptions {
  log: (line: string) => void;
  /** called when a run throws (after logging), e.g. to count failures */
  onError?: (job: string, error: unknown) => void;
}

export class Scheduler {
  private readonly crons = new Map<string, Cron>();
  private readonly running = new Map<string, { promise: Promise<void>; controller: AbortController }>();
  private stopped = false;

  constructor(
    private readonly jobs: ScheduledJob[],
    private readonly options: SchedulerOptions,
  ) {}

  start(): void {
    if (this.stopped) throw new Error('a stopped scheduler cannot start again');
    for (const job of this.jobs) {
      const cron = new Cron(job.pattern, {
        timezone: job.timezone,
        protect: () => this.options.log(`${job.name}: the previous scan is still running; this run is skipped`),
      }, () => this.runOnce(job));
      this.crons.set(job.name, cron);
      this.options.log(`${job.name}: scheduled "${job.pattern}"${job.timezone ? ` (${job.timezone})` : ''}, next run ${formatRun(cron.nextRun(), job.timezone)}`);
    }
  }

  /** Run a job now, unless it is already running. Resolves when the run ends; never rejects. */
  runOnce(job: ScheduledJob): Promise<void> {
    const current = this.running.get(job.name);
    if (current) return current.promise;
    const controller = new AbortController();
    const promise = (async () => {
      const started = Date.now();
      try {
        await job.run(controller.signal);
      } catch (e) {
        this.options.log(`${job.name}: the scan failed: ${(e as Error)?.message ?? String(e)} (the schedule goes on)`);
        this.options.onError?.(job.name, e);
      } finally {
        this.running.delete(job.name);
        const next = this.stopped ? null : this.crons.get(job.name)?.nextRun() ?? null;
        this.options.log(`${job.name}: run ended after ${((Date.now() - started) / 1000).toFixed(1)} s${next ? `; next run ${formatRun(next, job.timezone)}` : ''}`);
      }
    })();
    this.running.set(job.name, { promise, controller });
    return promise;
  }

  /** When each job runs next. */
  nextRuns(): Array<{ name: string; next: Date | null }> {
    return this.jobs.map((job) => ({ name: job.name, next: this.crons.get(job.name)?.nextRun() ?? new Cron(job.pattern, { timezone: job.timezone, paused: true }).nextRun() }));
  }

  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Stop scheduling; abort running jobs (unless `wait`), and resolve once they have ended. */
  async stop(options: { wait?: boolean } = {}): Promise<void> {
    this.stopped = true;
    for (const cron of this.crons.values()) cron.stop();
    const runs = [...this.running.values()];
    if (!options.wait) for (const r of runs) r.controller.abort();
    await Promise.all(runs.map((r) => r.promise));
  }
}

/** "2026-11-23 06:00 Europe/Paris" */
export function formatRun(date: Date | null, timezone?: string): string {
  if (!date) return 'never';
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(date);
  return `${parts}${timezone ? ` ${timezone}` : ''}`;
}
