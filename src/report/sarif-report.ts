/**
 * SARIF 2.1.0, for code-scanning dashboards: one run, one result per finding, the page URL as
 * the artifact location, the finding id as a stable fingerprint, the diff as `baselineState`.
 */
import type { Finding } from '../model/finding.js';
import { httpUrl } from './escape.js';
import { categoryTitle, type UiLang } from './i18n.js';
import type { PageRecord, ScanReport } from '../model/report-model.js';
import { failedPages, findingStatus, isPageLevel } from './report-view.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };

export interface SarifOptions {
  uiLang: UiLang;
}

/** A URI that `format: uri-reference` accepts: URLs normalised, anything else percent-encoded. */
function uriOf(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return encodeURI(url);
  }
}

export function renderSarif(report: ScanReport, options: SarifOptions): string {
  const lang = options.uiLang;
  const ruleIndex = new Map<string, number>();
  const rules: object[] = [];
  for (const f of report.findings) {
    if (ruleIndex.has(f.ruleId)) continue;
    ruleIndex.set(f.ruleId, rules.length);
    rules.push(ruleDescriptor(f, lang));
  }
  const artifactIndex = new Map<string, number>();
  const artifacts = report.pages.map((p, i) => {
    artifactIndex.set(p.url, i);
    return artifact(p);
  });
  const results = report.findings.map((f) => result(f, report, ruleIndex.get(f.ruleId)!, artifactIndex.get(f.url), lang));
  const notifications = failedPages(report).map((p) => ({
    level: 'warning' as const,
    message: { text: `${p.url}: ${p.status || 'no response'} ${p.error ?? ''}`.trim() },
    locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(p.url), ...(artifactIndex.has(p.url) ? { index: artifactIndex.get(p.url) } : {}) } } }],
  }));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'claimscan',
            version: report.tool.version,
            ...(/^\d+\.\d+\.\d+/.test(report.tool.version) ? { semanticVersion: report.tool.version } : {}),
            rules,
          },
          ...(report.packs.length
            ? { extensions: report.packs.map((p) => ({ name: p.name, version: p.version })) }
            : {}),
        },
        invocations: [
          {
            executionSuccessful: !report.interrupted,
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        language: lang,
        columnKind: 'utf16CodeUnits',
        artifacts,
        results,
        properties: {
          targets: report.targets,
          summary: report.summary,
          ...(report.diff ? { diff: { since: report.diff.since, new: report.diff.new, unchanged: report.diff.unchanged, resolved: report.diff.resolved, pagesGone: report.diff.pagesGone } } : {}),
        },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function ruleDescriptor(f: Finding, lang: UiLang): object {
  const sourceUrl = httpUrl(f.source.url);
  const help = `${f.source.title || f.source.document}: “${f.source.quote}”`;
  return {
    id: f.ruleId,
    name: f.category,
    shortDescription: { text: categoryTitle(f.category, lang) },
    fullDescription: { text: f.message },
    defaultConfiguration: { level: LEVEL[f.severity] ?? 'warning' },
    help: { text: help },
    ...(sourceUrl ? { helpUri: sourceUrl } : {}),
    properties: { category: f.category, severity: f.severity, pack: `${f.pack.name}@${f.pack.version}`, tags: [f.category, f.severity] },
  };
}

function artifact(p: PageRecord): object {
  return {
    location: { uri: uriOf(p.url) },
    roles: ['analysisTarget'],
    mimeType: 'text/html',
    ...(p.sha256 ? { hashes: { 'sha-256': p.sha256 } } : {}),
    properties: {
      title: p.title,
      status: p.status,
      ...(p.fetchedAt ? { fetchedAt: p.fetchedAt } : {}),
      ...(p.rendered ? { rendered: true } : {}),
      ...(p.screenshot ? { screenshot: p.screenshot } : {}),
      findings: p.findings,
    },
  };
}

function result(f: Finding, report: ScanReport, ruleIndex: number, artifactIndex: number | undefined, lang: UiLang): object {
  const status = findingStatus(report, f);
  const triage = report.triage?.[f.id];
  const claim = isPageLevel(f) ? f.text : f.match;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity] ?? 'warning',
    message: { text: `${categoryTitle(f.category, lang)}: “${claim}”. ${f.message}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriOf(f.url), ...(artifactIndex !== undefined ? { index: artifactIndex } : {}) },
          region: { snippet: { text: f.text } },
        },
        ...(f.selector ? { logicalLocations: [{ fullyQualifiedName: f.selector, kind: 'element' }] } : {}),
      },
    ],
    partialFingerprints: { 'claimscanFindingId/v1': f.id },
    // SARIF's rank (0–100): how likely the result is right
    ...(f.confidence !== undefined ? { rank: Math.round(f.confidence * 1000) / 10 } : {}),
    ...(status ? { baselineState: status } : {}),
    properties: {
      category: f.category,
      severity: f.severity,
      headingPath: f.headingPath,
      pageTitle: f.pageTitle ?? '',
      lang: f.lang,
      ...(f.confidence !== undefined ? { confidence: f.confidence } : {}),
      source: f.source,
      ...(triage ? { triage } : {}),
    },
  };
}
