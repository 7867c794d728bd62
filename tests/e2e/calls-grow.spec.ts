import type { BrowserContext } from '@playwright/test';
import { DEMO_SIGN_INS } from '../../api/demo/index.ts';
import { janusServerEnv, JANUS_CHROMIUM_ARGS } from '../fixtures/janus.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './ensure-chromium.ts';
import { expect, test } from './fixtures.ts';
import { CallPage, openDevice } from './pages/call-page.ts';
import { E2E_TODAY } from './pinned-time.ts';
import { startServer, type RunningServer } from './server.ts';

test.use({ launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...JANUS_CHROMIUM_ARGS] } });

const phone = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

// A mesh of one: the second person to join is one more than a mesh holds, so the call moves to Janus.
let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer({ today: E2E_TODAY, env: { ...(await janusServerEnv()), PARTA_MESH_MAX: '1' } });
});
test.afterAll(async () => server?.stop());

test('a call that outgrows the mesh moves to the SFU without anyone leaving, and media flows again', async ({ browser }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  const device = async (role: string) => {
    const c = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Asia/Yekaterinburg' });
    contexts.push(c);
    await c.grantPermissions(['clipboard-read', 'clipboard-write']);
    return openDevice(c, server.url, phone(role), errors);
  };
  try {
    const teacherPage = await device('teacher');
    const teacher = new CallPage(teacherPage);
    await teacher.createLinkCall('Родительское собрание', { linkHolders: true });
    await expect(teacher.screen).toHaveAttribute('data-transport', 'mesh');
    const link = await teacher.copyLink();

    const parentPage = await device('parent');
    const parent = new CallPage(parentPage);
    await parentPage.goto(link);
    // The teacher never left: the same call screen, now through Janus, with the parent in it.
    for (const side of [teacher, parent]) {
      await expect(side.screen).toHaveAttribute('data-transport', 'sfu', { timeout: 30_000 });
      await expect(side.tiles).toHaveCount(2);
      await expect.poll(() => side.remoteVideoWidth().catch(() => 0), { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(async () => (await side.inbound()).audio, { timeout: 20_000 }).toBeGreaterThan(0);
    }
    await expect(teacher.over).toHaveCount(0);
    expect(errors, 'console errors').toEqual([]);
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
  }
});
