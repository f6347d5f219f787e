/**
 * Every page of a report is in exactly one state: analysed (its text went through the rules),
 * failed (it could not be fetched or its analysis broke: `error` says why) or skipped (not a
 * page to analyse: another content type, a redirect to a page scanned under its own URL; `note`
 * says why). The summary counts each, and every format shows the counts.
 */
import { PAGE_STATES, type PageRecord, type PageState } from './report-model.js';

export { PAGE_STATES, type PageState };

/** The state a page is in: as recorded, else (reports written before states were) from its fields. */
export function pageState(page: Pick<PageRecord, 'state' | 'error' | 'status' | 'lang'>): PageState {
  if (page.state && (PAGE_STATES as readonly string[]).includes(page.state)) return page.state;
  if (page.error) return 'failed';
  const status = Number(page.status);
  if (!(status >= 200 && status < 400)) return 'failed';
  return page.lang ? 'analysed' : 'skipped';
}
