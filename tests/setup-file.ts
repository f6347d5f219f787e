import { fileURLToPath } from 'node:url';
import { afterAll, inject, vi } from 'vitest';
import { runFileEnd } from './support/file-end.js';
import { connectOrLaunch, ENDPOINT_KEY } from './support/shared-browser.js';

// Chromium is launched once for the whole run (tests/global-setup.ts): whoever calls
// launchBrowser, a test or the CLI run in-process, connects to it instead.
vi.mock('../src/crawl/render/browser.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/crawl/render/browser.js')>();
  return { ...original, launchBrowser: connectOrLaunch(original, inject(ENDPOINT_KEY)) };
});

// Test files share a worker process (isolate: false in vitest.config.ts): each starts with the
// project's modules evaluated afresh, so module state (the active language table, the known
// categories, caches) never leaks from one file to the next. Installed packages stay loaded.
vi.resetModules();

// Each file starts in the project folder, whatever a file before it left as the current folder.
process.chdir(fileURLToPath(new URL('..', import.meta.url)));

// Servers, Redis and temporary folders a file started, wherever it started them, go with it.
afterAll(runFileEnd);
