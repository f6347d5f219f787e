/**
 * The layers of src/, checked by tests/layout.test.ts (`npx depcruise src -c .dependency-cruiser.cjs`).
 * Arrows go one way:
 *
 *   model  ←  crawl, analysis  ←  scan  ←  store, report, evidence  ←  scan library  ←  review, monitor, authoring, config  ←  cli, index.ts
 *
 * - model/: the contracts (types and tiny pure helpers); imports nothing of the project.
 * - crawl/ (targets → fetch → render → sources) and analysis/ (languages → claims → extract, rules →
 *   findings → analyze-page) do not know each other.
 * - scan/ wires a page source to the analysis; it knows nothing of history or reports.
 * - the scan library (scan/scan.ts, scan/read-report.ts, scan/queue/): the one `scan()` the
 *   commands, the BullMQ worker and index.ts call, which hands the pipeline's pages to history
 *   and the report; nothing downstream knows it.
 * - store/, report/, evidence/ consume findings; report/ never reads the store.
 * - version.ts is a leaf anyone may import.
 */
const LAYER = {
  model: '^src/model/',
  crawl: '^src/crawl/',
  analysis: '^src/analysis/',
  scan: '^src/scan/(?!(scan|read-report)\\.ts$|queue/)',
  library: '^src/scan/((scan|read-report)\\.ts$|queue/)',
  downstream: '^src/(store|report|evidence)/',
  apps: '^src/(review|monitor|authoring|config)/',
  top: '^src/(cli/|index\\.ts$)',
};

/** `from` may not import anything in `to` (both regular expressions over paths). */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });
const any = (...xs) => xs.join('|');

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, between files or through folders.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    forbid('model-is-a-leaf', 'model/ holds the contracts: it imports nothing else of the project.', LAYER.model, '^src/(?!model/)'),
    forbid('version-is-a-leaf', 'version.ts imports nothing of the project.', '^src/version\\.ts$', '^src/(?!version\\.ts$)'),
    forbid('crawl-below-scan', 'crawl/ knows neither the analysis nor anything downstream.', LAYER.crawl, any(LAYER.analysis, LAYER.scan, LAYER.library, LAYER.downstream, LAYER.apps, LAYER.top)),
    forbid('analysis-below-scan', 'analysis/ knows neither the crawler nor anything downstream.', LAYER.analysis, any(LAYER.crawl, LAYER.scan, LAYER.library, LAYER.downstream, LAYER.apps, LAYER.top)),
    forbid('scan-below-sinks', 'scan/ hands findings to sinks it does not know (store, report, evidence).', LAYER.scan, any(LAYER.library, LAYER.downstream, LAYER.apps, LAYER.top)),
    forbid('sinks-below-library', 'store/, report/, evidence/ do not run scans.', LAYER.downstream, LAYER.library),
    forbid('library-below-apps', 'The scan library is used by the commands, never the reverse.', LAYER.library, any(LAYER.apps, LAYER.top)),
    forbid('sinks-below-apps', 'store/, report/, evidence/ are used by the commands, never the reverse.', LAYER.downstream, any(LAYER.apps, LAYER.top)),
    forbid('report-not-store', 'report/ renders a ScanReport; it never reads the history database.', '^src/report/', '^src/(store|evidence)/'),
    forbid('apps-below-cli', 'Only cli/ and index.ts sit on top.', LAYER.apps, LAYER.top),
    // inside crawl/: targets ← fetch ← render ← sources (crawl/*.ts)
    forbid('crawl-targets-first', 'crawl/targets/ decides what to fetch; it fetches nothing.', '^src/crawl/targets/', '^src/crawl/(fetch|render)/|^src/crawl/[^/]+$'),
    forbid('crawl-fetch-below-render', 'crawl/fetch/ does not drive the browser.', '^src/crawl/fetch/', '^src/crawl/render/|^src/crawl/[^/]+$'),
    forbid('crawl-render-below-sources', 'crawl/render/ does not know the page sources.', '^src/crawl/render/', '^src/crawl/[^/]+$'),
    // inside analysis/: languages ← claims ← extract, rules ← findings ← analyze-page
    forbid('languages-first', 'analysis/languages/ (the language files and their schema) is data for the rest.', '^src/analysis/languages/', '^src/analysis/(?!languages/)'),
    forbid('claims-first', 'analysis/claims/ (sentences, tokens, topic, polarity) is the text layer.', '^src/analysis/claims/', '^src/analysis/(?!claims/|languages/)'),
    forbid('extract-below-rules', 'analysis/extract/ (HTML → blocks) knows no rule.', '^src/analysis/extract/', '^src/analysis/(rules|findings)/|^src/analysis/[^/]+$'),
    forbid('rules-below-findings', 'analysis/rules/ knows no HTML and no finding id.', '^src/analysis/rules/', '^src/analysis/(extract|findings)/|^src/analysis/[^/]+$'),
    forbid('findings-below-page', 'analysis/findings/ does not run the analysis.', '^src/analysis/findings/', '^src/analysis/(extract|rules)/|^src/analysis/[^/]+$'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // type-only imports count: a layer's contract is its types too
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.d\\.ts$' },
  },
};
