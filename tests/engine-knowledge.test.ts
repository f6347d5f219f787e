/**
 * The engine knows no treatment: names, spellings, categories and cues are in the packs and
 * language files (rules/). Only the CLI's help texts and the `init` example may name one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** Treatment names (and their usual spellings) the shipped packs know about. */
const TREATMENT = /m[eéè]s[oô][\s-]?(?:th[eé]rap|lift|dissol|drain|p[eé]cie|glow)|\bm[eé]so\b|lipo[\s-]?dissol|lipolys|botox|botul|cryolipol|coolsculpt|phosphatidylcholin|skin[\s-]?boost|fat[\s-]dissolv|hydrafacial|carboxyth[eé]rap/i;

/** Where naming one is the point: help texts, and the example config `init` writes. */
const ALLOWED = new Set(['src/cli/main.ts', 'src/cli/check-command.ts', 'src/cli/init-command.ts', 'src/config/example.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('engine and knowledge apart', () => {
  it('the pattern recognises the names it looks for', () => {
    for (const name of ['Mésothérapie', 'mesotherapy', 'méso-lift', 'la méso', 'lipodissolve', 'Botox', 'skin boosters', 'fat-dissolving', 'lipolyse'])
      expect(name).toMatch(TREATMENT);
    for (const word of ['mesure', 'mésange', 'thérapie', 'lipide', 'message']) expect(word).not.toMatch(TREATMENT);
  });

  it('no treatment is named in src/ outside the help texts and the init example', () => {
    const offenders: string[] = [];
    for (const file of files(join(ROOT, 'src'))) {
      const rel = relative(ROOT, file).split('\\').join('/');
      if (ALLOWED.has(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const m = TREATMENT.exec(line);
          if (m) offenders.push(`${rel}:${i + 1}: "${m[0]}"`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
