/**
 * Launching the browser claimscan renders pages with: Debian's Chromium through Playwright
 * (Playwright's own browser download is not used). Override the path with CLAIMSCAN_CHROMIUM.
 */
import { existsSync } from 'node:fs';
import type { Browser, LaunchOptions } from 'playwright';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export class BrowserUnavailableError extends Error {
  override name = 'BrowserUnavailableError';
}

/** Where the Chromium binary is, or undefined when there is none. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CLAIMSCAN_CHROMIUM, DEFAULT_CHROMIUM, '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((p) => existsSync(p));
}

export const INSTALL_HINT =
  'no Chromium found: install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CLAIMSCAN_CHROMIUM to its path';

/** Launch headless Chromium with no downloads, no background traffic and no sandbox (root in CI). */
export async function launchBrowser(extra: LaunchOptions = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new BrowserUnavailableError(INSTALL_HINT);
  const { chromium } = await import('playwright');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    ...extra,
  });
}
