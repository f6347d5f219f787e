import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { ENDPOINT_KEY, startBrowserServer } from './support/shared-browser.js';

/**
 * Tests that spawn the real `bin/claimscan.js` run the compiled code: build it once, unless every
 * compiled file is already newer than its source (a re-run, or CI right after `npm ci`, whose
 * prepare script builds and fails the install on a type error), and the shipped YAML is parsed.
 * A type error fails the run in CI; locally it is printed and the tests run on what compiled.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  build();
  // one Chromium for every test file (tests/support/shared-browser.ts)
  const server = await startBrowserServer();
  if (server) project.provide(ENDPOINT_KEY, server.wsEndpoint());
  return async () => {
    await server?.close();
  };
}

function build(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (upToDate(root)) return;
  const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  // as `npm run build` does: the shipped YAML parsed once, for the compiled CLI's start
  spawnSync(process.execPath, [`${root}scripts/parse-shipped-yaml.mjs`], { cwd: root, stdio: 'inherit' });
  if (tsc.status === 0) return;
  const output = `${tsc.stdout}${tsc.stderr}`;
  if (process.env.CI) throw new Error(`the build failed:\n${output}`);
  process.stderr.write(`warning: the build reported errors (tests run on what compiled):\n${output}\n`);
}

/** dist/ has a .js newer than each src/ .ts and than the compiler settings. */
function upToDate(root: string): boolean {
  const src = join(root, 'src');
  if (!existsSync(join(root, 'dist/shipped-yaml.json'))) return false;
  const settings = Math.max(...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => statSync(join(root, f)).mtimeMs));
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []));
  return sources(src).every((file) => {
    const out = join(root, 'dist', relative(src, file)).replace(/\.ts$/, '.js');
    if (!existsSync(out)) return false;
    const built = statSync(out).mtimeMs;
    return built >= statSync(file).mtimeMs && built >= settings;
  });
}
