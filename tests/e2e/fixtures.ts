import { test as base, expect, type Page } from '@playwright/test';
import { E2E_NOW } from './pinned-time.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { DiaryPage } from './pages/diary-page.ts';

/** Console noise a browser makes on purpose while the test has cut the network. */
export const OFFLINE_NOISE = [/ERR_INTERNET_DISCONNECTED/, /ERR_NETWORK_CHANGED/, /WebSocket connection to .* failed/, /Failed to fetch/];

interface Fixtures {
  baseURL: string;
  signInPage: SignInPage;
  diaryPage: DiaryPage;
  /** Cuts or restores the network for the page's context; console errors caused by it are expected. */
  network: { offline(): Promise<void>; online(): Promise<void> };
  consoleGuard: void;
}

let offline = false;

export const test = base.extend<Fixtures>({
  baseURL: async ({}, use) => {
    const url = process.env.PARTA_E2E_URL;
    if (!url) throw new Error('PARTA_E2E_URL is unset: run through playwright.config.ts');
    await use(url);
  },
  page: async ({ page }, use) => {
    await page.clock.setFixedTime(E2E_NOW);
    await use(page);
  },
  // Every test fails on any console error or uncaught exception the app produces.
  consoleGuard: [
    async ({ page }, use) => {
      const errors: string[] = [];
      offline = false;
      const record = (text: string): void => {
        if (offline && OFFLINE_NOISE.some((p) => p.test(text))) return;
        errors.push(text);
      };
      page.on('console', (m) => {
        if (m.type() === 'error') record(m.text());
      });
      page.on('pageerror', (e) => record(`pageerror: ${e.message}`));
      await use();
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
  network: async ({ context }, use) => {
    await use({
      async offline() {
        offline = true;
        await context.setOffline(true);
      },
      async online() {
        await context.setOffline(false);
      },
    });
  },
  signInPage: async ({ page }, use) => use(new SignInPage(page)),
  diaryPage: async ({ page }, use) => use(new DiaryPage(page)),
});

export { expect };

/** Waits until the service worker is active, i.e. the app shell is precached for offline starts. */
export async function waitForOfflineReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.state;
  });
}
