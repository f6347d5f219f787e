import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scheduler, type ScheduledJob } from '../src/monitor/scheduler.js';

const EVERY_SECOND = '* * * * * *';

// A fake clock: croner's timers and dates move when the test says, so a per-second schedule
// runs its ticks at once instead of in real seconds.
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00.250Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Move the fake clock in small steps until `check` holds; fails after `seconds` of fake time. */
async function waitFor(check: () => boolean, what: string, seconds = 10): Promise<void> {
  for (let ms = 0; ms <= seconds * 1000; ms += 50) {
    if (check()) return;
    await vi.advanceTimersByTimeAsync(50);
  }
  throw new Error(`waited ${seconds} s of the fake clock for ${what}`);
}
const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('scheduler', () => {
  it('runs a per-second schedule twice and stops cleanly', async () => {
    const lines: string[] = [];
    let runs = 0;
    const job: ScheduledJob = { name: 'clinics', pattern: EVERY_SECOND, run: async () => void runs++ };
    const scheduler = new Scheduler([job], { log: (l) => lines.push(l) });
    scheduler.start();
    await waitFor(() => runs === 2, 'two runs');
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
    await waitFor(() => runs === 2, 'a run after the failure');
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
    await waitFor(() => lines.some((l) => l === 'slow: the previous scan is still running; this run is skipped'), 'a skipped run');
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
    await waitFor(() => scheduler.busy, 'the run to start');
    let endedWhenStopped: boolean | undefined;
    const stopped = scheduler.stop().then(() => (endedWhenStopped = ended));
    await sleep(100); // the run's 50 ms of ending
    await stopped;
    expect(aborted).toBe(true);
    expect(endedWhenStopped).toBe(true);
    expect(scheduler.busy).toBe(false);
  });
});
