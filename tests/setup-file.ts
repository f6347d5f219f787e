import { afterAll, vi } from 'vitest';
import { runFileEnd } from './support/file-end.js';

// Test files share a worker process (isolate: false in vitest.config.ts): each starts with the
// project's modules evaluated afresh, so module state (the active language table, the known
// categories, caches) never leaks from one file to the next. Installed packages stay loaded.
vi.resetModules();

// Servers, Redis and temporary folders a file started, wherever it started them, go with it.
afterAll(runFileEnd);
