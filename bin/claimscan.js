#!/usr/bin/env node
// Entry point: runs the compiled CLI (npm install builds it; `npm run build` rebuilds it).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write('claimscan: not built yet — run `npm install` (or `npm run build`) in the claimscan folder first\n');
  process.exit(2);
}
const { main } = await import(compiled.href);
await main();
