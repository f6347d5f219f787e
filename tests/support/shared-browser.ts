/**
 * One Chromium for the whole test run. The global setup starts a Playwright browser server
 * (startBrowserServer); tests/setup-file.ts replaces `launchBrowser` (src/crawl/render/browser.ts)
 * for every test file with connectOrLaunch, so a test, and the CLI run in-process by runCli,
 * connects to that browser instead of starting its own (about 1–2 s of CPU each). Closing a
 * connected browser closes the contexts it opened and disconnects; the server stays up.
 * A launch with options of its own, a CLAIMSCAN_CHROMIUM set by the test, or no server (a run
 * without the global setup) launches Chromium as the product does. Spawned CLIs launch their own.
 */
import type { Browser, BrowserServer, LaunchOptions } from 'playwright';

export const ENDPOINT_KEY = 'chromiumEndpoint';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumEndpoint: string;
  }
}

/** Start the shared browser (global setup), launched as launchBrowser launches it; undefined without Chromium. */
export async function startBrowserServer(): Promise<BrowserServer | undefined> {
  const { chromiumPath, BROWSER_ARGS } = await import('../../src/crawl/render/browser.js');
  const executablePath = chromiumPath();
  if (!executablePath) return undefined;
  const { chromium } = await import('playwright');
  try {
    return await chromium.launchServer({ executablePath, headless: true, args: [...BROWSER_ARGS] });
  } catch (e) {
    // each test that needs a browser launches its own, and says why it cannot
    process.stderr.write(`warning: the shared Chromium did not start (${(e as Error).message.split('\n')[0]})\n`);
    return undefined;
  }
}

type Original = typeof import('../../src/crawl/render/browser.js');

/** launchBrowser as the tests see it: connect to the shared browser when there is one. */
export function connectOrLaunch(original: Original, endpoint: string | undefined): Original['launchBrowser'] {
  return async (extra: LaunchOptions = {}): Promise<Browser> => {
    if (!endpoint || Object.keys(extra).length > 0 || process.env.CLAIMSCAN_CHROMIUM) return original.launchBrowser(extra);
    const { chromium } = await import('playwright');
    return chromium.connect(endpoint);
  };
}
