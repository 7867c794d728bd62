import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../e2e/ensure-chromium.ts';
import { onAbort } from './cleanup.ts';

export interface BenchBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with the flags measured to work here (STACK-NOTES «Browser tests»), plus `extraArgs`. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<BenchBrowser> {
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: [...CHROMIUM_ARGS, ...extraArgs], timeout: 60_000 });
  const forget = onAbort(() => browser.close());
  return {
    browser,
    async close() {
      forget();
      await browser.close();
    },
  };
}
