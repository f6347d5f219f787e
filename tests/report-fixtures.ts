/** Reports built in code for the report tests: a small realistic one, a hostile one, a huge one. */
import type { Finding } from '../src/model/finding.js';
import type { PageRecord, ScanReport } from '../src/model/report-model.js';
import { categoryInfo } from '../src/model/taxonomy.js';
import { loadShippedCategories } from '../src/analysis/rules/load.js';

// category titles and severities are the shipped pack's
const CATEGORY_IDS = loadShippedCategories().map((c) => c.id);

const SOURCE = { document: 'HAS', title: 'HAS — Risks associated with aesthetic mesotherapy (summary)', quote: 'the injection of medicinal products necessarily involves a risk.' };

export function finding(overrides: Partial<Finding> & { url: string }): Finding {
  const text = overrides.text ?? 'La mésothérapie est sans danger.';
  const match = overrides.match ?? 'sans danger';
  const start = overrides.matchStart ?? Math.max(0, text.indexOf(match));
  const category = overrides.category ?? 'safety.no-risk';
  return {
    id: overrides.id ?? `id-${Math.random().toString(16).slice(2, 14)}`,
    ruleId: `meso-${category.replace('.', '-')}`,
    category,
    severity: categoryInfo(category)?.severity ?? 'high',
    text,
    match,
    matchStart: start,
    matchEnd: overrides.matchEnd ?? start + match.length,
    headingPath: ['Mésothérapie'],
    selector: 'html > body > p',
    lang: 'fr',
    message: 'Toute injection comporte des risques : ne présentez pas la mésothérapie comme sans risque.',
    source: SOURCE,
    pack: { name: 'mesotherapy', version: '1.0.0' },
    pageTitle: 'Clinique',
    ...overrides,
  };
}

export function pageRecord(url: string, findings: number, overrides: Partial<PageRecord> = {}): PageRecord {
  return {
    url,
    title: 'Clinique',
    lang: 'fr',
    status: 200,
    fetchedAt: '2026-11-25T10:00:00.000Z',
    sha256: 'a'.repeat(64),
    findings,
    ...overrides,
  };
}

/** A report whose summary is computed from its pages and findings. */
export function report(pages: PageRecord[], findings: Finding[], extra: Partial<ScanReport> = {}): ScanReport {
  const bySeverity: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  for (const f of findings) {
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
  }
  return {
    tool: { name: 'claimscan', version: '0.1.0' },
    startedAt: '2026-11-25T10:00:00.000Z',
    finishedAt: '2026-11-25T10:00:05.000Z',
    targets: [pages[0]?.url ?? 'https://clinique.example/'],
    packs: [{ name: 'mesotherapy', version: '1.0.0' }],
    summary: {
      pages: pages.length,
      pagesWithFindings: pages.filter((p) => p.findings > 0).length,
      pagesFailed: pages.filter((p) => p.status === 0 || p.status >= 400).length,
      findings: findings.length,
      bySeverity,
      byCategory,
    },
    pages,
    findings,
    ...extra,
  };
}

/** `n` findings over `n / 10` pages of 5 sites, every category, one sentence with a unique word. */
export function largeReport(n: number): ScanReport {
  const findings: Finding[] = [];
  const pages: PageRecord[] = [];
  const perPage = 10;
  for (let i = 0; i < n; i++) {
    const url = `https://site${Math.floor(i / perPage) % 5}.example/page-${Math.floor(i / perPage)}`;
    if (i % perPage === 0) pages.push(pageRecord(url, Math.min(perPage, n - i), { title: `Page ${Math.floor(i / perPage)}` }));
    const category = CATEGORY_IDS[i % CATEGORY_IDS.length];
    const word = i === 4321 ? 'zanzibar' : `mot${i}`;
    findings.push(finding({ id: `f${i}`, url, category, text: `Phrase ${word} : la mésothérapie est sans danger, numéro ${i}.`, match: 'sans danger' }));
  }
  return report(pages, findings);
}
