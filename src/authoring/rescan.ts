/**
 * `claimscan rescan`: the current rules over page text history already holds — no fetching —
 * so a new or changed rule can be tried on everything seen before. Each page's findings are
 * compared with those its scan found then: what the rule change adds and what it removes.
 */
import type { Lang } from '../analysis/claims/language.js';
import type { Finding } from '../model/finding.js';
import { analyzeBlocks, pageLanguage } from '../analysis/analyze-page.js';
import type { PageRecord } from '../model/report-model.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import type { Db } from '../store/database.js';
import { FindingDecoder } from '../store/finding-codec.js';
import { decodePageText } from '../store/page-content.js';
import { pageRecordOf, type PageRow } from '../store/read-scan.js';

export interface RescanSelection {
  /** only the pages of this scan; default: the latest stored copy of every page */
  scanId?: number;
  /** only scans of this series */
  series?: string;
  /** only pages whose URL starts with this */
  urlPrefix?: string;
  /** force the language of every page; default: the language the page was analysed in */
  lang?: Lang | 'auto';
}

export interface RescannedPage {
  page: PageRecord;
  findings: Finding[];
  /** ids of the findings the page's scan stored, for comparison */
  before: Set<string>;
  /** the stored findings no longer produced */
  dropped: Finding[];
  scanId: number;
}

/** Stored page fetches to rescan (scan and URL), oldest first. */
function selectPages(db: Db, sel: RescanSelection): Array<{ scan_id: number; url: string }> {
  const where: string[] = ['p.content IS NOT NULL'];
  const args: Record<string, unknown> = {};
  if (sel.scanId !== undefined) {
    where.push('p.scan_id = @scan');
    args.scan = sel.scanId;
  } else {
    // the latest stored fetch of each URL (of the series, when given)
    where.push(`p.scan_id = (SELECT MAX(q.scan_id) FROM pages q ${sel.series ? 'JOIN scans sq ON sq.id = q.scan_id AND sq.series = @series' : ''} WHERE q.url = p.url AND q.content IS NOT NULL)`);
  }
  if (sel.series) {
    where.push('s.series = @series');
    args.series = sel.series;
  }
  if (sel.urlPrefix) {
    where.push('substr(p.url, 1, length(@prefix)) = @prefix');
    args.prefix = sel.urlPrefix;
  }
  return db
    .prepare(`SELECT p.scan_id, p.url FROM pages p JOIN scans s ON s.id = p.scan_id WHERE ${where.join(' AND ')} ORDER BY p.scan_id, p.seq`)
    .all(args) as Array<{ scan_id: number; url: string }>;
}

export function* rescanStored(db: Db, ruleSet: RuleSet, sel: RescanSelection = {}): Generator<RescannedPage> {
  const storedOf = db.prepare(`SELECT data, rule_hash FROM findings WHERE scan_id = ? AND url = ?`);
  const decoder = new FindingDecoder(db);
  const pageOf = db.prepare(`SELECT p.*, c.codec, c.data FROM pages p JOIN contents c ON c.hash = p.content WHERE p.scan_id = ? AND p.url = ?`);
  for (const key of selectPages(db, sel)) {
    const row = pageOf.get(key.scan_id, key.url) as PageRow & { codec: string; data: Buffer };
    const text = decodePageText(row.codec, row.data);
    const lang =
      sel.lang && sel.lang !== 'auto'
        ? sel.lang
        : row.lang || pageLanguage({ title: text.title, declaredLang: text.declaredLang, blocks: text.blocks, links: [], scriptCount: 0, textLength: 0, noFollow: false }, 'auto', ruleSet);
    const { findings } = analyzeBlocks(text.blocks, text.title, lang, row.url, ruleSet);
    const stored = decoder.rows(storedOf.all(row.scan_id, row.url) as Array<{ data: string; rule_hash: string }>);
    const now = new Set(findings.map((f) => f.id));
    yield {
      page: { ...pageRecordOf(row, findings.length), lang },
      findings,
      before: new Set(stored.map((f) => f.id)),
      dropped: stored.filter((f) => !now.has(f.id)),
      scanId: row.scan_id,
    };
  }
}
