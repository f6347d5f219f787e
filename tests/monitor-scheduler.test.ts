import { describe, expect, it } from 'vitest';
import { Scheduler, type ScheduledJob } from '../src/monitor/scheduler.js';
import { waitFor } from './history-helpers.js';

const EVERY_SECOND = '* * * * * *';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduler', () => {
  it('runs a per-second schedule twice and stops cleanly', async () => {
    const lines: string[] = [];
    let runs = 0;
    const job: ScheduledJob = { name: 'clinics', pattern: EVERY_SECOND, run: async () => void runs++ };
    const scheduler = new Scheduler([job], { log: (l) => lines.push(l) });
    scheduler.start();
    await waitFor(() => runs === 2, 'two runs', 10_000);
    await scheduler.stop();
    const after = runs;
    await sleep(2200); // two more ticks would have come
    expect(runs).toBe(after);
    expect(after).toBeGreaterThanOrEqual(2);
    expect(scheduler.busy).toBe(false);
    expect(lines[0]).toMatch(/^clinics: scheduled "\* \* \* \* \* \*", next run \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(lines.filter((l) => /^clinics: run ended/.test(l)).length).toBe(after);
  });

  it('survives a failing run and logs it', async () => {
    const lines: string[] = [];
    let runs = 0;
    const failures: string[] = [];
    const scheduler = new Scheduler(
      [
        {
          name: 'flaky',
          pattern: EVERY_SECOND,
          run: async () => {
            runs++;
            if (runs === 1) throw new Error('site unreachable');
          },
        },
      ],
      { log: (l) => lines.push(l), onError: (name) => failures.push(name) },
    );
    scheduler.start();
    await waitFor(() => runs === 2, 'a run after the failure', 10_000);
    await scheduler.stop();
    expect(failures).toEqual(['flaky']);
    expect(lines).toContain('flaky: the scan failed: site unreachable (the schedule goes on)');
  });

  it('runs one scan at a time per group: a run due while the last one goes on is skipped', async () => {
    const lines: string[] = [];
    let active = 0;
    let most = 0;
    let runs = 0;
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const scheduler = new Scheduler(
      [
        {
          name: 'slow',
          pattern: EVERY_SECOND,
          run: async () => {
            runs++;
            active++;
            most = Math.max(most, active);
            await slow;
            active--;
          },
        },
      ],
      { log: (l) => lines.push(l) },
    );
    scheduler.start();
    await waitFor(() => lines.some((l) => l === 'slow: the previous scan is still running; this run is skipped'), 'a skipped run', 10_000);
    release();
    await scheduler.stop({ wait: true });
    expect(most).toBe(1);
    expect(runs).toBe(1);
  });

  it('stop() aborts a running scan and waits for it to end', async () => {
    let aborted = false;
    let ended = false;
    const scheduler = new Scheduler(
      [
        {
          name: 'long',
          pattern: EVERY_SECOND,
          run: (signal) =>
            new Promise<void>((resolve) => {
              signal.addEventListener('abort', () => {
                aborted = true;
                setTimeout(() => {
                  ended = true; // e.g. the scan writing the report of what it did
                  resolve();
                }, 50);
              });
            }),
        },
      ],
      { log: () => undefined },
    );
    scheduler.start();
    await waitFor(() => scheduler.busy, 'the run to start', 10_000);
    await scheduler.stop();
    expect(aborted).toBe(true);
    expect(ended).toBe(true);
    expect(scheduler.busy).toBe(false);
  });
});
