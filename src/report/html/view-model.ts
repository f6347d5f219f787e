/**
 * The data the HTML report's script reads: the JSON report reduced to what the page shows, with
 * every link already checked (http(s) only) and every screenshot reference already vetted.
 * Sources are shared between findings of the same rule, so 5,000 findings stay a few MB.
 */
import type { Finding } from '../../model/finding.js';
import { httpUrl, safeScreenshotRef, textFragmentUrl } from '../escape.js';
import { categoryTitle, type Labels, type UiLang } from '../i18n.js';
import type { PageRecord, ScanReport } from '../../model/report-model.js';
import { findingStatus, isPageLevel, siteOf } from '../report-view.js';
import { categoryColor } from './colors.js';

export interface ViewPage {
  url: string;
  /** the page's http(s) URL (or its bundled copy's file: URL in the demo), or '' when it has none to link to */
  href: string;
  title: string;
  site: string;
  status: number;
  fetchedAt: string;
  sha256: string;
  rendered: boolean;
  screenshot: string;
  screenshotAt: string;
  error: string;
}

export interface ViewSource {
  document: string;
  title: string;
  /** the source's sentence, verbatim */
  quote: string;
  href: string;
  /** the pack's translation of the quote into the page's language, or '' */
  tr: string;
  trLang: string;
}

/** A page-level finding's evidence: the patterns looked for in vain, and where the page's claims are. */
export interface ViewPageEvidence {
  lookedFor: string[];
  checked: number;
  claims: Array<{ text: string; sel: string; cats: string[]; hp: string[] }>;
  more: number;
  namedIn: string;
}

export interface ViewFinding {
  id: string;
  /** index in pages */
  p: number;
  sev: string;
  /** confidence 0–1, -1 when the report has none */
  conf: number;
  cat: string;
  rule: string;
  text: string;
  /** highlight span in text (equal for a page-level finding) */
  ms: number;
  me: number;
  hp: string[];
  sel: string;
  msg: string;
  /** index in sources */
  src: number;
  /** text-fragment link to the claim on the live page, or '' */
  live: string;
  /** 'new' | 'unchanged' | '' */
  status: string;
  /** triage status, or '' */
  triage: string;
  triageNote: string;
  /** page-level findings: what was looked for and where the claims are */
  pe?: ViewPageEvidence;
}

export interface ViewModel {
  lang: UiLang;
  t: Labels;
  categories: Record<string, { title: string; color: string }>;
  hasDiff: boolean;
  pages: ViewPage[];
  sources: ViewSource[];
  findings: ViewFinding[];
}

/** Where to see the claim: the PDF at its page, the page holding the image, else the sentence on the live page (or its lasting copy). */
function liveLink(f: Finding, liveBase: { from: string; to: string } | undefined): string {
  if (f.page) {
    const url = rebase(f.url, liveBase) ?? httpUrl(f.url);
    return url ? `${url.replace(/#.*$/, '')}#page=${f.page}` : '';
  }
  if (f.image) return rebase(f.url, liveBase) ?? httpUrl(f.url) ?? '';
  const fragment = textFragmentUrl(f.url, f.text) ?? '';
  return rebase(fragment, liveBase) ?? fragment;
}

/** A page of a site served only for the scan (the demo), at its lasting copy: `to` + path, `index.html` for a folder. */
function rebase(url: string, base: { from: string; to: string } | undefined): string | undefined {
  if (!base || !url.startsWith(base.from)) return undefined;
  const [path, fragment] = url.slice(base.from.length).split('#', 2);
  let rest = path.replace(/\?.*$/, '');
  if (rest === '' || rest.endsWith('/')) rest += 'index.html';
  if (rest.split('/').includes('..')) return undefined;
  return `${base.to}${rest}${fragment !== undefined ? `#${fragment}` : ''}`;
}

export function buildViewModel(report: ScanReport, lang: UiLang, t: Labels, liveBase?: { from: string; to: string }): ViewModel {
  const pages: ViewPage[] = [];
  const pageIndex = new Map<string, number>();
  const addPage = (p: PageRecord) => {
    pageIndex.set(p.url, pages.length);
    pages.push({
      url: p.url,
      href: rebase(p.finalUrl ?? p.url, liveBase) ?? httpUrl(p.finalUrl ?? p.url) ?? '',
      title: p.title,
      site: siteOf(p.url, report.targets),
      status: p.status,
      fetchedAt: p.fetchedAt ?? '',
      sha256: p.sha256 ?? '',
      rendered: Boolean(p.rendered),
      screenshot: safeScreenshotRef(p.screenshot) ?? '',
      screenshotAt: p.screenshotAt ?? '',
      error: p.error ?? '',
    });
  };
  // only pages with findings are listed by the script (failed pages are in the static summary)
  for (const p of report.pages) if (p.findings > 0) addPage(p);
  const sources: ViewSource[] = [];
  const sourceIndex = new Map<string, number>();
  const categories: ViewModel['categories'] = {};
  const findings = report.findings.map((f: Finding): ViewFinding => {
    if (!pageIndex.has(f.url)) addPage({ url: f.url, title: f.pageTitle ?? '', lang: f.lang, status: 200, findings: 1 });
    const tr = f.source.translation;
    const sourceKey = `${f.source.document}\n${f.source.title}\n${f.source.quote}\n${f.source.url ?? ''}\n${tr?.lang ?? ''}\n${tr?.text ?? ''}`;
    let src = sourceIndex.get(sourceKey);
    if (src === undefined) {
      src = sources.length;
      sourceIndex.set(sourceKey, src);
      sources.push({ document: f.source.document, title: f.source.title, quote: f.source.quote, href: httpUrl(f.source.url) ?? '', tr: tr?.text ?? '', trLang: tr?.lang ?? '' });
    }
    categories[f.category] ??= { title: categoryTitle(f.category, lang), color: categoryColor(f.category) };
    const pageLevel = isPageLevel(f);
    const triage = report.triage?.[f.id];
    return {
      id: f.id,
      p: pageIndex.get(f.url)!,
      sev: f.severity,
      conf: f.confidence ?? -1,
      cat: f.category,
      rule: f.ruleId,
      text: f.text,
      ms: pageLevel ? 0 : f.matchStart,
      me: pageLevel ? 0 : f.matchEnd,
      hp: f.headingPath,
      sel: f.selector,
      msg: f.message,
      src,
      live: pageLevel ? '' : liveLink(f, liveBase),
      status: findingStatus(report, f) ?? '',
      triage: triage?.status ?? '',
      triageNote: triage?.note ?? '',
      ...(pageLevel && f.pageEvidence ? { pe: pageEvidence(f, lang) } : {}),
    };
  });
  return { lang, t, categories, hasDiff: Boolean(report.diff), pages, sources, findings };
}

function pageEvidence(f: Finding, lang: UiLang): ViewPageEvidence {
  const e = f.pageEvidence!;
  return {
    lookedFor: e.lookedFor,
    checked: e.sentencesChecked,
    claims: e.claims.map((c) => ({ text: c.text, sel: c.selector, cats: c.categories.map((id) => categoryTitle(id, lang)), hp: c.headingPath })),
    more: e.moreClaims ?? 0,
    namedIn: e.namedIn ?? '',
  };
}
