import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * CLI tests run the real `bin/claimscan.js`, which runs the compiled code: build it once.
 * A type error fails the run in CI; locally it is printed and the tests run on what compiled.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (tsc.status === 0) return;
  const output = `${tsc.stdout}${tsc.stderr}`;
  if (process.env.CI) throw new Error(`the build failed:\n${output}`);
  process.stderr.write(`warning: the build reported errors (tests run on what compiled):\n${output}\n`);
}
