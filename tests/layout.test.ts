/**
 * The folder layout shows the flow (model ← crawl, analysis ← scan ← store/report/evidence ←
 * review/monitor/authoring/config ← cli): dependency-cruiser checks src/ against the layers
 * declared in .dependency-cruiser.cjs, and the same rules are shown to reject a wrong import.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function cruise(cwd: string): { violations: Violation[] } {
  const r = spawnSync(process.execPath, [DEPCRUISE, 'src', '-c', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'], { cwd, encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout) throw new Error(`dependency-cruiser failed (${r.status}): ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { summary: { violations: Violation[] } };
  return { violations: out.summary.violations };
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
  it('src/ keeps its layers one way, with no cycles', () => {
    const r = cruise(ROOT);
    expect(r.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('rejects an import against the flow, and a cycle', () => {
    const dir = project({
      'src/model/finding.ts': "import type { Row } from '../store/row.js';\nexport type Finding = { row: Row };\n",
      'src/store/row.ts': 'export type Row = { id: number };\n',
      'src/analysis/claims/a.ts': "import { b } from '../extract/b.js';\nexport const a = () => b;\n",
      'src/analysis/extract/b.ts': "import { a } from '../claims/a.js';\nexport const b = () => a;\n",
      'src/crawl/fetch/http.ts': "import { a } from '../../analysis/claims/a.js';\nexport const h = a;\n",
    });
    const r = cruise(dir);
    const names = new Set(r.violations.map((v) => v.rule.name));
    expect(names).toEqual(new Set(['model-is-a-leaf', 'claims-first', 'no-circular', 'crawl-below-scan']));
  });
});
