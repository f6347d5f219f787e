import { fileURLToPath } from 'node:url';
import { afterAll, inject, vi } from 'vitest';
import { builtinLanguages, useLanguages } from '../src/analysis/languages/table.js';
import { loadShippedCategories } from '../src/analysis/rules/load.js';
import { forgetCategories } from '../src/model/taxonomy.js';
import { runFileEnd } from './support/file-end.js';
import { connectOrLaunch, ENDPOINT_KEY } from './support/shared-browser.js';

// Chromium is launched once for the whole run (tests/global-setup.ts): whoever calls
// launchBrowser, a test or the CLI run in-process, connects to it instead.
vi.mock('../src/crawl/render/browser.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/crawl/render/browser.js')>();
  return { ...original, launchBrowser: connectOrLaunch(original, inject(ENDPOINT_KEY)) };
});

// Test files share a worker process and its modules (isolate: false in vitest.config.ts), which
// saves evaluating the project's modules and compiling the shipped packs again for each file.
// What a file's own packs leave behind is put back as it was: the languages sentences are read
// with, and the categories known (the shipped ones, as tests/report-fixtures.ts makes known).
useLanguages(builtinLanguages());
forgetCategories();
loadShippedCategories(); // a few ms: its YAML is parsed once per process

// Each file starts in the project folder, whatever a file before it left as the current folder.
process.chdir(fileURLToPath(new URL('..', import.meta.url)));

// Servers, Redis and temporary folders a file started, wherever it started them, go with it.
afterAll(runFileEnd);
