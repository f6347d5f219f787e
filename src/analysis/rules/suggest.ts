/** "Did you mean …?" for ids, field names and categories a user mistyped. */

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Up to `max` known values close to `value`: containing it, or a few edits away. */
export function closest(value: string, known: Iterable<string>, max = 3): string[] {
  const v = value.toLowerCase();
  const scored: Array<{ k: string; d: number }> = [];
  for (const k of known) {
    const lower = k.toLowerCase();
    const d = lower.includes(v) || v.includes(lower) ? 0 : distance(v, lower);
    if (d <= Math.max(2, Math.floor(v.length / 3))) scored.push({ k, d });
  }
  return scored.sort((a, b) => a.d - b.d || a.k.localeCompare(b.k)).slice(0, max).map((s) => s.k);
}

/** " (did you mean "a" or "b"?)" or "". */
export function didYouMean(value: string, known: Iterable<string>): string {
  const near = closest(value, known);
  return near.length ? ` (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)` : '';
}
