import type { Command } from 'commander';
import type { Lang } from '../analysis/claims/language.js';
import { JsonReportWriter } from '../report/json-report-writer.js';
import { FORMATS } from '../report/render.js';
import type { ReportDiff, TriageDecision } from '../model/report-model.js';
import { rescanStored } from '../authoring/rescan.js';
import { resolveScanRef, seriesOf } from '../store/scans.js';
import { currentDecisions, HIDDEN_STATUSES, toDecision } from '../store/triage.js';
import { diffSummaryLine } from '../report/diff-line.js';
import { VERSION } from '../version.js';
import { atOrAbove, collect, logger, parseLang, parseSeverity } from './common.js';
import { EXIT, UsageError } from './errors.js';
import { addDbOptions, asUsageErrors, openHistoryDb, scanRules } from './history-options.js';
import { parseUiLangOption, resolveReportPath } from './report-output.js';
import { pendingReport } from '../scan/scan.js';
import { chooseFormat, emitReport } from './scan-command.js';

interface RescanOptions {
  db?: string;
  config?: string;
  scan?: string;
  group?: string;
  url?: string;
  rules?: string[];
  lang?: string;
  format?: string;
  output?: string;
  failOn?: string;
  uiLang?: string;
  quiet?: boolean;
}

export function registerRescan(program: Command): void {
  const command = program
    .command('rescan')
    .description('run the current rules over the page text history keeps (no fetching): try a new rule on everything seen before')
    .option('--scan <scan>', 'only the pages of this scan (number, latest or latest~N); default: the latest copy of every page')
    .option('-g, --group <name>', 'only pages of scans of this config group')
    .option('--url <prefix>', 'only pages whose URL starts with this')
    .option('-r, --rules <pack>', 'also load a rule pack: a folder, a folder of packs, npm:<package> or a shipped pack name such as iv-drips (repeatable)', collect)
    .option('--lang <lang>', 'page language: fr, en, or auto (the language each page was analysed in)', 'auto')
    .option('-f, --format <format>', `report format: ${FORMATS.join('|')} (default: text on a terminal, else json)`)
    .option('-o, --output <file>', 'write the report to this file (- for stdout)')
    .option('--ui-lang <lang>', "language of the report's labels: fr or en")
    .option('--fail-on <severity>', 'exit 1 when a finding at or above low|medium|high exists')
    .option('-q, --quiet', 'no log lines on stderr');
  addDbOptions(command).action(async (opts: RescanOptions) => {
    process.exitCode = await rescanCommand(opts);
  });
}

export async function rescanCommand(opts: RescanOptions): Promise<number> {
  const format = chooseFormat(opts.format, opts.output);
  const lang = parseLang(opts.lang) as Lang | 'auto';
  const failOn = parseSeverity(opts.failOn, '--fail-on');
  const uiLang = parseUiLangOption(opts.uiLang);
  const log = logger(Boolean(opts.quiet));
  const { db, config, path } = openHistoryDb(opts);
  try {
    const ruleSet = scanRules(config, opts.rules);
    const series = opts.group ? seriesOf([], opts.group) : undefined;
    if (opts.group && !db.prepare('SELECT 1 FROM scans WHERE group_name = ? LIMIT 1').get(opts.group)) {
      // a name that matches nothing is a mistake, not "0 pages"
      const known = (db.prepare('SELECT DISTINCT group_name FROM scans WHERE group_name IS NOT NULL ORDER BY group_name').pluck().all() as string[]).concat(config?.groups.map((g) => g.name) ?? []);
      const names = [...new Set(known)];
      throw new UsageError(`no scan of a group "${opts.group}" in ${path}${names.length ? ` (groups: ${names.join(', ')})` : ' (no group was ever scanned: groups come from claimscan.config.yaml and `claimscan watch`)'}`);
    }
    const scan = opts.scan ? asUsageErrors(() => resolveScanRef(db, opts.scan!, series)) : undefined;
    const targets = [`history:${path}${scan ? `#${scan.id}` : ''}${opts.group ? ` group ${opts.group}` : ''}${opts.url ? ` ${opts.url}*` : ''}`];
    const startedAt = new Date().toISOString();
    const writer = new JsonReportWriter({ version: VERSION, startedAt, targets, packs: ruleSet.packs.map((p) => ({ name: p.name, version: p.version })) });
    const decisions = currentDecisions(db);
    const triage: Record<string, TriageDecision> = {};
    const status: ReportDiff['status'] = {};
    const resolvedFindings: ReportDiff['resolvedFindings'] = [];
    let unchanged = 0;
    let fresh = 0;
    let oldest = startedAt;
    let worst = false;
    try {
      for (const r of rescanStored(db, ruleSet, { scanId: scan?.id, series, urlPrefix: opts.url, lang })) {
        const visible = r.findings.filter((f) => {
          const d = decisions.get(f.id);
          if (d) triage[f.id] = toDecision(d);
          return !(d && HIDDEN_STATUSES.has(d.status));
        });
        r.page.findings = visible.length;
        writer.addPage(r.page);
        if (r.page.fetchedAt && r.page.fetchedAt < oldest) oldest = r.page.fetchedAt;
        for (const f of visible) {
          writer.addFinding(f);
          const known = r.before.has(f.id);
          status[f.id] = known ? 'unchanged' : 'new';
          if (known) unchanged++;
          else fresh++;
          if (failOn && atOrAbove(f.severity, failOn)) worst = true;
        }
        resolvedFindings.push(...r.dropped.filter((f) => !HIDDEN_STATUSES.has(decisions.get(f.id)?.status ?? '')));
      }
      // "new" here: found by the current rules and not by the rules of the scan that stored the page
      const diff: ReportDiff = { since: oldest, new: fresh, unchanged, resolved: resolvedFindings.length, pagesGone: 0, status, resolvedFindings };
      const dest = resolveReportPath(format, opts.output, ['rescan']);
      await emitReport(pendingReport(writer, { diff, ...(Object.keys(triage).length ? { triage } : {}) }), format, dest, { uiLang, log, color: !dest.path && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
      const s = writer.summary;
      log(`rescanned ${s.pages} stored page(s): ${s.findings} finding(s); against what their scans found: ${diffSummaryLine(diff).replace(/ since .*$/, '')}`);
    } catch (e) {
      writer.discard();
      throw e;
    }
    return worst ? EXIT.findings : EXIT.ok;
  } finally {
    db.close();
  }
}
