/**
 * Only Russian is precached; another language's catalogs are cached by the service worker as they
 * pass (vite.config.ts). Someone whose first visit is in Tatar opens a Tatar app offline afterwards.
 */
import { expect, test, waitForOfflineReady } from './fixtures.ts';

test('a first visit in Tatar opens in Tatar offline afterwards', async ({ page, signInPage, network }) => {
  // The language was chosen before this load (say, on a shared device): Tatar from the start.
  await page.addInitScript(() => localStorage.getItem('parta.lang') ?? localStorage.setItem('parta.lang', 'tt'));
  await signInPage.goto();
  await expect(page.getByRole('button', { name: 'Керү' })).toBeVisible();

  await waitForOfflineReady(page);
  // The Tatar catalogs the page uses are in the service worker's runtime cache.
  await page.waitForFunction(async () => {
    const cached = await (await caches.open('parta-locales')).keys();
    return cached.some((r) => new URL(r.url).pathname.startsWith('/assets/locales/tt/first-'));
  });
  await network.offline();
  await page.reload();
  await expect(page.getByLabel('Серсүз')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Керү' })).toBeVisible();
});
