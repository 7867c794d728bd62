import type { BrowserContext, Page } from '@playwright/test';
import { DEMO_SIGN_INS, generateDemoSchool } from '../../api/demo/index.ts';
import { janusServerEnv, JANUS_CHROMIUM_ARGS } from '../fixtures/janus.ts';
import { teacherLessonToday } from './calls-fixtures.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './ensure-chromium.ts';
import { expect, test } from './fixtures.ts';
import { CallPage, openDevice } from './pages/call-page.ts';
import { DiaryPage } from './pages/diary-page.ts';
import { Sections } from './pages/sections.ts';
import { E2E_TODAY } from './pinned-time.ts';
import { startServer, type RunningServer } from './server.ts';

test.use({ launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...JANUS_CHROMIUM_ARGS] } });

const school = generateDemoSchool({ today: E2E_TODAY });
const teacherPhone = DEMO_SIGN_INS.find((s) => s.role === 'teacher')!.phone;
/** Five students of 7А, the teacher's class. */
const students = school.rows.memberships
  .filter((m) => m.role === 'student' && m.class_id === 'class-7a')
  .slice(0, 5)
  .map((m) => school.rows.users.find((u) => u.id === m.user_id)!);
/** A student of another class: not in the lesson's audience. */
const outsider = school.rows.users.find((u) => u.id === school.rows.memberships.find((m) => m.role === 'student' && m.class_id === 'class-5a')!.user_id)!;

// A server of its own that starts Janus (the suite's shared server runs without an SFU).
let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer({ today: E2E_TODAY, env: await janusServerEnv() });
});
test.afterAll(async () => server?.stop());

test('an online lesson through Janus: the teacher publishes, a student of another class is refused, five students join from the diary, get the teacher’s video and sound, a raised hand reaches the teacher, and ending it ends it for all', async ({ browser }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  const context = async (): Promise<BrowserContext> => {
    const c = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Asia/Yekaterinburg', viewport: { width: 360, height: 740 } });
    contexts.push(c);
    return c;
  };
  try {
    const lessonId = teacherLessonToday().lessons[0]!.id;
    const teacherPage = await openDevice(await context(), server.url, teacherPhone, errors);
    teacherPage.on('dialog', (d) => void d.accept());
    const teacher = new CallPage(teacherPage);

    // «Онлайн-уроки»: add for the whole class, publish, go.
    await new Sections(teacherPage).open('Онлайн-уроки');
    const row = teacherPage.locator(`[data-testid="online-lesson"][data-lesson-id="${lessonId}"]`);
    await row.getByRole('button', { name: '+ Добавить' }).click();
    await expect(row.getByRole('checkbox', { name: 'Весь класс' })).toBeChecked();
    await row.getByRole('button', { name: 'Создать онлайн-урок' }).click();
    await expect(row).toHaveAttribute('data-status', 'draft');

    // Before publishing, a student's diary has no way in.
    const studentPages: Page[] = [];
    for (const s of students) studentPages.push(await openDevice(await context(), server.url, s.phone!, errors));
    const joinButton = (page: Page) => new DiaryPage(page).lesson(lessonId).getByRole('button', { name: 'Присоединиться к уроку' });
    await expect(new DiaryPage(studentPages[0]!).lesson(lessonId)).toBeVisible();
    await expect(joinButton(studentPages[0]!)).toHaveCount(0);

    await row.getByRole('button', { name: 'Опубликовать' }).click();
    await expect(row).toHaveAttribute('data-status', 'published');
    await row.getByRole('button', { name: 'Перейти' }).click();
    await expect(teacher.screen).toHaveAttribute('data-transport', 'sfu');
    const callId = new URL(teacherPage.url()).pathname.replace('/calls/', '');

    // Someone outside the lesson who got hold of its address is refused by the server.
    const outsiderPage = await openDevice(await context(), server.url, outsider.phone!, errors);
    await outsiderPage.goto(`${server.url}/calls/${callId}`);
    await expect(new CallPage(outsiderPage).over).toHaveAttribute('data-phase', 'refused');
    await expect(new CallPage(outsiderPage).screen).toHaveCount(0);
    await outsiderPage.context().close();

    // Each student joins from the lesson in their diary.
    for (const page of studentPages) {
      await joinButton(page).click();
      await expect(new CallPage(page).screen).toHaveAttribute('data-transport', 'sfu');
    }
    await expect(teacher.tiles).toHaveCount(6, { timeout: 30_000 });

    // Everyone receives the teacher: a decoded picture on the teacher's tile and sound bytes.
    const teacherTile = (page: Page) => page.locator('[data-testid="tile"][data-me="no"]').filter({ has: page.getByText('Организатор') });
    for (const page of studentPages) {
      const call = new CallPage(page);
      await expect
        .poll(async () => teacherTile(page).getByTestId('remote-video').evaluate((v) => (v as HTMLVideoElement).videoWidth).catch(() => 0), { timeout: 30_000 })
        .toBeGreaterThan(0);
      await expect.poll(async () => (await call.inbound()).audio, { timeout: 20_000 }).toBeGreaterThan(0);
    }

    // A raised hand reaches the teacher.
    const asker = new CallPage(studentPages[2]!);
    await asker.control('Поднять руку').click();
    await expect(teacherPage.locator('[data-testid="tile"]').filter({ has: teacherPage.getByRole('img', { name: 'Рука поднята' }) })).toHaveCount(1);

    // The teacher ends the lesson for everyone.
    await teacher.control('Участники').click();
    await teacherPage.getByRole('button', { name: 'Завершить для всех' }).click();
    for (const page of [teacherPage, ...studentPages]) await expect(new CallPage(page).over).toHaveAttribute('data-phase', 'ended');
    expect(errors, 'console errors').toEqual([]);
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
  }
});
