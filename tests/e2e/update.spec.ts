import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { E2E_TODAY } from './pinned-time.ts';
import { startServer, type RunningServer } from './server.ts';

/** Its own server over a copy of the build, so the test can ship «a new version» of the service worker. */
let server: RunningServer;
let staticDir: string;
test.beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-static-'));
  fs.cpSync(path.resolve(import.meta.dirname, '../../dist'), staticDir, { recursive: true });
  server = await startServer({ today: E2E_TODAY, env: { PARTA_STATIC_DIR: staticDir } });
});
test.afterAll(async () => {
  await server.stop();
  fs.rmSync(staticDir, { recursive: true, force: true });
  fs.rmSync(server.dataDir, { recursive: true, force: true });
});

test('a new version is offered, and taken when the person agrees', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByRole('button', { name: 'Войти' })).toBeVisible();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  // Deploy: a changed service worker (its compressed copies would still be the old one), and the
  // server restarted on it, as a real deployment does.
  const sw = path.join(staticDir, 'sw.js');
  fs.appendFileSync(sw, '\n// next version\n');
  for (const ext of ['.br', '.gz']) fs.rmSync(sw + ext, { force: true });
  await server.stop();
  server = await startServer({ today: E2E_TODAY, env: { PARTA_STATIC_DIR: staticDir }, dataDir: server.dataDir, port: server.port });
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

  await expect(page.getByText('Доступна новая версия Парты.')).toBeVisible();
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Обновить' }).click()]);
  await expect(page.getByRole('button', { name: 'Войти' })).toBeVisible();
  await expect(page.getByText('Доступна новая версия Парты.')).toBeHidden();
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
});
