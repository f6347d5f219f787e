import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/setup-file.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Three files at a time on a 2-core machine: the heavy files mostly wait (on Chromium, child
    // processes, Redis, per-second schedules and deadlines): with two at a time, the ten heaviest
    // used 92 s of CPU in 100 s, under half of the 2 cores; a third file in flight uses the rest.
    maxWorkers: 3,
    // Test files share their worker process and its modules instead of each starting a fresh one
    // (about half the suite's time): packages load and the shipped packs compile once per worker.
    // tests/setup-file.ts puts back what a file's packs change (languages, categories), runCli
    // restores the globals it changes, fake clocks are reset after each test.
    isolate: false,
  },
});
