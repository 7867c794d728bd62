import type { BrowserContext, Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from '../../api/demo/index.ts';
import { ApiClient } from './api-client.ts';
import { teacherLessonToday } from './calls-fixtures.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './ensure-chromium.ts';
import { expect, test } from './fixtures.ts';
import { CALL_ARGS, CallPage, watchPeerConnections } from './pages/call-page.ts';
import { Sections } from './pages/sections.ts';
import { SignInPage } from './pages/sign-in-page.ts';

const phone = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

test.use({ launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...CALL_ARGS] } });

/** A second person on their own device: a separate browser context, its console watched like the first. */
async function secondDevice(context: BrowserContext, errors: string[]): Promise<Page> {
  await watchPeerConnections(context);
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return page;
}

async function signIn(page: Page, role: string): Promise<void> {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.signIn(phone(role), DEMO_PASSWORD);
  await expect(new Sections(page).bar).toBeVisible();
}

test('a 1:1 video call by link over PeerJS: media flows both ways, and mute and camera-off reach the other side', async ({ page, context, browser }) => {
  test.setTimeout(120_000);
  await watchPeerConnections(context);
  await page.reload(); // the init script applies from the next document on
  const teacher = new CallPage(page);
  await signIn(page, 'teacher');
  await teacher.createLinkCall('Консультация по алгебре', { linkHolders: true });
  await expect(teacher.screen).toBeVisible();
  await expect(teacher.screen).toHaveAttribute('data-transport', 'mesh');
  await expect(page.getByRole('heading', { name: 'Консультация по алгебре' })).toBeVisible();
  const link = await teacher.copyLink();
  expect(link).toMatch(/\/calls\/join\/[\w-]+$/);

  const studentErrors: string[] = [];
  const studentContext = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Asia/Yekaterinburg' });
  try {
    const studentPage = await secondDevice(studentContext, studentErrors);
    const student = new CallPage(studentPage);
    await signIn(studentPage, 'student');
    await studentPage.goto(link);
    await expect(student.screen).toBeVisible();
    // The join link became the call's own address.
    await expect(studentPage).toHaveURL(/\/calls\/(?!join\/)[\w-]+$/);

    // Both see each other: two tiles, a decoded remote picture, bytes arriving both ways.
    for (const side of [teacher, student]) {
      await expect(side.tiles).toHaveCount(2);
      await expect(side.remoteVideo).toHaveCount(1);
      await expect.poll(() => side.remoteVideoWidth(), { timeout: 20_000 }).toBeGreaterThan(0);
    }
    const before = { teacher: await teacher.inbound(), student: await student.inbound() };
    await expect
      .poll(async () => {
        const [t, s] = [await teacher.inbound(), await student.inbound()];
        return t.audio > before.teacher.audio && t.video > before.teacher.video && s.audio > before.student.audio && s.video > before.student.video;
      })
      .toBe(true);

    // The student mutes: the teacher sees it on the student's tile; then camera off: the picture goes.
    await student.microphone.click();
    await expect(student.microphone).toHaveAttribute('aria-pressed', 'false');
    await expect(teacher.others.first()).toHaveAttribute('data-audio', 'off');
    await expect(teacher.others.first().getByRole('img', { name: 'Микрофон выключен' })).toBeVisible();
    await student.camera.click();
    await expect(teacher.others.first()).toHaveAttribute('data-video', 'off');
    await expect(teacher.others.first().getByRole('img', { name: 'Камера выключена' })).toBeVisible();
    await expect(teacher.remoteVideo).toHaveCount(0);
    // The teacher still sends: the student keeps receiving the teacher's picture.
    await expect(student.others.first()).toHaveAttribute('data-video', 'on');
    await expect.poll(() => student.remoteVideoWidth()).toBeGreaterThan(0);

    // Unmute comes back the same way; the student leaves and the teacher is alone.
    await student.microphone.click();
    await expect(teacher.others.first()).toHaveAttribute('data-audio', 'on');
    await student.control('Выйти из звонка').click();
    await expect(student.over).toContainText('Вы вышли из звонка');
    await expect(teacher.tiles).toHaveCount(1);
    expect(studentErrors, 'console errors on the student’s page').toEqual([]);
  } finally {
    await studentContext.close();
  }
});

test('who may not join is refused: outside the audience, a lesson not yet published, and a signed-out page', async ({ page, baseURL }) => {
  const teacherApi = new ApiClient(baseURL);
  await teacherApi.signIn(phone('teacher'));
  // A call only link holders may join, and a draft online lesson of the teacher's 7А.
  const { createLinkCall: linkCallId } = await teacherApi.request<{ createLinkCall: string }>(
    'mutation { createLinkCall(title: "Только по ссылке", media: VIDEO, audience: LINK) }',
  );
  const { lessons } = teacherLessonToday();
  const { createOnlineLesson: lessonCallId } = await teacherApi.request<{ createOnlineLesson: string }>(
    'mutation($lessonId: ID!) { createOnlineLesson(lessonId: $lessonId) }',
    { lessonId: lessons[0]!.id },
  );

  const call = new CallPage(page);
  await signIn(page, 'student');
  // Not a link holder: the call's id alone does not let them in.
  await page.goto(`/calls/${linkCallId}`);
  await expect(call.over).toHaveAttribute('data-phase', 'refused');
  await expect(call.over).toContainText('Не удалось присоединиться к звонку');
  await expect(call.screen).toHaveCount(0);
  // Their own class's lesson, before the teacher publishes it: no entry either.
  await page.getByRole('button', { name: 'К видеоконференциям' }).click();
  await page.goto(`/calls/${lessonCallId}`);
  await expect(call.over).toHaveAttribute('data-phase', 'refused');
  await expect(call.screen).toHaveCount(0);
  await page.getByRole('button', { name: 'К видеоконференциям' }).click();
  // And the diary shows no «Присоединиться к уроку» for an unpublished lesson.
  await new Sections(page).open('Дневник');
  await expect(page.getByTestId('lesson').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Присоединиться к уроку' })).toHaveCount(0);

  // Signed out: the link leads to the sign-in form, and the server refuses a ticket outright.
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page.getByLabel('Телефон')).toBeVisible();
  await page.goto(`/calls/${linkCallId}`);
  await expect(page.getByLabel('Телефон')).toBeVisible();
  await expect(call.screen).toHaveCount(0);
  // Straight to the server with this browser's cookies (none now): no ticket without a session.
  const response = await page.request.post('/graphql', {
    data: { query: 'mutation($c: ID) { joinCall(callId: $c) { participantId } }', variables: { c: linkCallId } },
  });
  const refused = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  // Refused before execution (the session is checked before variables are read): no ticket, no data at all.
  expect(response.status()).toBe(401);
  expect(refused.data ?? null).toBeNull();
  expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});
