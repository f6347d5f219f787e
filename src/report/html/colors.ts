import { knownCategories } from '../../model/taxonomy.js';

/**
 * One colour per category, told apart on screen and in print (Tableau-like palette; the last two
 * replace a second blue and a second brown). Every pair differs by ΔE*ab ≥ 25 (CIE Lab),
 * checked by a test.
 */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#6b1f3a', '#3d3d3d'];

export function categoryColor(category: string): string {
  const i = knownCategories().findIndex((c) => c.id === category);
  if (i >= 0) return PALETTE[i % PALETTE.length];
  let h = 0;
  for (const c of category) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360} 35% 55%)`;
}
