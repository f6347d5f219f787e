/**
 * Claim categories and severities. The categories themselves are the packs' knowledge: each
 * pack.yaml declares the categories its rules use (id, titles, default severity, sources), and
 * loading a pack registers them here, so every report renders their titles.
 */
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3 };

/** A category id, such as "safety.no-risk": a public contract, declared by a pack. */
export type Category = string;

export interface CategoryInfo {
  id: Category;
  /** title by language; `en` or the first one is the fallback */
  title: Record<string, string>;
  severity: Severity;
  /** documents (of the declaring pack's `sources`) that show such claims unsupported */
  sources: string[];
  /** the pack that declared it */
  pack: string;
}

const known = new Map<Category, CategoryInfo>();

/** Make categories known to this process (done by the rule loader). The first declaration stays; titles in new languages are added. */
export function registerCategories(categories: Iterable<CategoryInfo>): void {
  for (const c of categories) {
    const seen = known.get(c.id);
    known.set(c.id, seen ? { ...seen, title: { ...c.title, ...seen.title } } : c);
  }
}

/**
 * Forget every category registered so far: for a host that runs unrelated jobs in one process
 * (the test runner runs many test files in one worker), so one job's packs do not give the next
 * one categories, titles or colours it never loaded.
 */
export function forgetCategories(): void {
  known.clear();
}

export function categoryInfo(id: Category): CategoryInfo | undefined {
  return known.get(id);
}

/** The categories known so far, in declaration order. */
export function knownCategories(): CategoryInfo[] {
  return [...known.values()];
}

/** A category's title in `lang`, else English, else any; its id when it is unknown. */
export function categoryTitleIn(id: Category, lang: string): string {
  const c = known.get(id);
  if (!c) return id;
  return c.title[lang] ?? c.title.en ?? Object.values(c.title)[0] ?? id;
}
