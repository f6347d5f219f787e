/**
 * Cleanups run when the current test file ends, wherever they are registered: vitest's afterAll
 * only takes hooks declared while the file is collected, so one called from inside a test or a
 * beforeAll (a server started in a test) silently never ran. tests/setup-file.ts runs them.
 */
type Cleanup = () => unknown;

const KEY = Symbol.for('claimscan.tests.fileEnd');

function pending(): Cleanup[] {
  const g = globalThis as { [KEY]?: Cleanup[] };
  return (g[KEY] ??= []);
}

/** Run `fn` when this test file ends (after its own afterAll hooks), last registered first. */
export function atFileEnd(fn: Cleanup): void {
  pending().push(fn);
}

/** Run and forget every registered cleanup (tests/setup-file.ts, at the end of each file). */
export async function runFileEnd(): Promise<void> {
  const list = pending().splice(0).reverse();
  for (const fn of list) {
    try {
      await fn();
    } catch {
      /* a cleanup that fails must not hide the others */
    }
  }
}
