/**
 * The folder layout shows the flow (model ← crawl, analysis ← scan ← store/report/evidence ←
 * review/monitor/authoring/config ← cli): dependency-cruiser checks src/ against the layers
 * declared in .dependency-cruiser.cjs, and the same rules are shown to reject a wrong import.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise as depcruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/**
 * `depcruise src -c .dependency-cruiser.cjs` in `cwd`, through dependency-cruiser's API as its CLI
 * calls it (its options from the config, the project's tsconfig.json): in this process, so
 * dependency-cruiser and TypeScript load once for both tests instead of once per spawned run.
 */
async function cruise(cwd: string): Promise<{ violations: Violation[]; modules: number }> {
  const saved = process.cwd();
  process.chdir(cwd);
  try {
    const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'));
    const tsConfig = extractTSConfig(join(cwd, 'tsconfig.json'));
    const result = await depcruise(['src'], options, undefined, { tsConfig });
    const out = result.output as ICruiseResult;
    if (result.exitCode !== 0 && out.summary.violations.length === 0) throw new Error(`dependency-cruiser failed (${result.exitCode})`);
    return { violations: out.summary.violations as Violation[], modules: out.summary.totalCruised };
  } finally {
    process.chdir(saved);
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'claimscan-layout-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'p-'));
  copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('layout', () => {
  it('src/ keeps its layers one way, with no cycles', async () => {
    const r = await cruise(ROOT);
    expect(r.modules).toBeGreaterThan(100); // it did read src/
    expect(r.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('rejects an import against the flow, and a cycle', async () => {
    const dir = project({
      'src/model/finding.ts': "import type { Row } from '../store/row.js';\nexport type Finding = { row: Row };\n",
      'src/store/row.ts': 'export type Row = { id: number };\n',
      'src/analysis/claims/a.ts': "import { b } from '../extract/b.js';\nexport const a = () => b;\n",
      'src/analysis/extract/b.ts': "import { a } from '../claims/a.js';\nexport const b = () => a;\n",
      'src/crawl/fetch/http.ts': "import { a } from '../../analysis/claims/a.js';\nexport const h = a;\n",
    });
    const r = await cruise(dir);
    const names = new Set(r.violations.map((v) => v.rule.name));
    expect(names).toEqual(new Set(['model-is-a-leaf', 'claims-first', 'no-circular', 'crawl-below-scan']));
  });
});
