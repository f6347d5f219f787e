/**
 * The webhook notification: one JSON POST per scan worth telling about. Retried a few times
 * with a growing pause when the receiver fails (network error, 5xx, 429); a 4xx other than
 * 429 is not retried (the request itself is wrong). Never throws: a failed notification is
 * logged and the watch goes on.
 */
import type { Finding } from '../model/finding.js';
import type { ReportDiff } from '../model/report-model.js';
import { VERSION } from '../version.js';

/** Most findings listed in one notification; the rest are counted. */
export const MAX_NOTIFIED_FINDINGS = 100;

export interface ScanNotification {
  event: 'claimscan.scan';
  /** one line for people (Slack, Mattermost and Teams show `text`) */
  text: string;
  group: string;
  scan: {
    id: number;
    startedAt: string;
    finishedAt?: string;
    targets: string[];
    pages: number;
    pagesFailed: number;
    findings: number;
    interrupted: boolean;
  };
  /** comparison with the previous scan of the group; null for its first scan */
  diff: Omit<ReportDiff, 'status' | 'resolvedFindings'> | null;
  /** new findings, in the report's shape (at most MAX_NOTIFIED_FINDINGS) */
  newFindings: Finding[];
  newFindingsTotal: number;
  /** report files written for this scan */
  reports: string[];
}

export interface WebhookTarget {
  url: string;
  headers: Record<string, string>;
  timeout: number;
  retries: number;
}

export async function postWebhook(target: WebhookTarget, payload: ScanNotification, log: (line: string) => void, signal?: AbortSignal): Promise<boolean> {
  const body = JSON.stringify(payload);
  for (let attempt = 0; attempt <= target.retries; attempt++) {
    if (attempt) await pause(Math.min(30_000, 1000 * 2 ** (attempt - 1)), signal);
    if (signal?.aborted) break;
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': `claimscan/${VERSION}`, ...target.headers },
        body,
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(target.timeout)]) : AbortSignal.timeout(target.timeout),
        redirect: 'error',
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return true;
      log(`webhook: ${safeUrl(target.url)} answered ${res.status}${res.status < 500 && res.status !== 429 ? ' (not retried)' : ''}`);
      if (res.status < 500 && res.status !== 429) return false;
    } catch (e) {
      log(`webhook: ${safeUrl(target.url)}: ${(e as Error).name === 'TimeoutError' ? `no answer within ${target.timeout} ms` : (e as Error).message}`);
    }
  }
  return false;
}

/** The URL without credentials or query (tokens often live there), for logs. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'the webhook';
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
