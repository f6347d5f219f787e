import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/setup-file.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and server tests are heavy on a 2-core machine: two files at a time.
    maxWorkers: 2,
    // Test files share their worker process instead of each starting a fresh one (about half
    // the suite's time): installed packages load once per worker, while tests/setup-file.ts has
    // the project's own modules evaluated afresh for each file, so no module state leaks from
    // file to file. runCli restores the globals it changes, fake clocks are reset after each test.
    isolate: false,
  },
});
