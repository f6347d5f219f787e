import { vi } from 'vitest';

// Test files share a worker process (isolate: false in vitest.config.ts): each starts with the
// project's modules evaluated afresh, so module state (the active language table, the known
// categories, caches) never leaks from one file to the next. Installed packages stay loaded.
vi.resetModules();
