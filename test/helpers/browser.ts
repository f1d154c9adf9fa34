import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, which scripts/ensure-host-tools.sh installs (no browser download needed). */
export const CHROMIUM_PATH = process.env.CRUCIBLE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * True when browser tests must be skipped: only outside CI, when chromium is not installed.
 * Under CI a missing browser is a failure, not a skip (launchBrowser then throws).
 */
export const noBrowser = !existsSync(CHROMIUM_PATH) && process.env.CI !== 'true';

/** Launches headless chromium with the flags that work offline and as root on these machines. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium not found at ${CHROMIUM_PATH}; run: bash scripts/ensure-host-tools.sh (installs Debian's chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
