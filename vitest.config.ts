import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and server tests are heavy on a 2-core machine: two files at a time.
    maxWorkers: 2,
    // Test files share their worker process (and its loaded modules, compiled rule packs and
    // in-process CLI) instead of each starting a fresh one: about half the suite's time. Tests
    // leave no global state behind: runCli restores what it changes, fake clocks are reset after
    // each test, servers and folders are closed and removed by each file.
    isolate: false,
  },
});
