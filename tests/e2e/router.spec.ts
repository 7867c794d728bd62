/**
 * Path addresses: deep links (offline too, and on a device that has never run the app), the back
 * button, the sections bar, the privacy notice signed out, and links from before paths.
 */
import { DEMO_PASSWORD, DEMO_SIGN_INS, generateDemoSchool } from '../../api/demo/index.ts';
import { expect, test, waitForOfflineReady } from './fixtures.ts';
import { DiaryPage } from './pages/diary-page.ts';
import { Sections } from './pages/sections.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { E2E_NOW, E2E_TODAY } from './pinned-time.ts';

const school = generateDemoSchool({ today: E2E_TODAY });
const phone = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;
const subjectName = (id: string): string => school.rows.subjects.find((s) => s.id === id)!.name;
/** The 7А lesson `number` on `date`: the student's class, and the parent's second child's. */
const lesson7a = (date: string, number: number) => school.rows.lessons.find((l) => l.class_id === 'class-7a' && l.date === date && l.number === number)!;
const parentId = school.rows.users.find((u) => u.phone === phone('parent'))!.id;
const child7a = school.rows.guardianships
  .filter((g) => g.parent_id === parentId)
  .map((g) => g.child_id)
  .find((id) => school.rows.memberships.some((m) => m.user_id === id && m.role === 'student' && m.class_id === 'class-7a'))!;
const child7aName = school.rows.users.find((u) => u.id === child7a)!.first_name;

const THIS_WEEK = '16–21 ноября 2026';
const path = (url: string): string => {
  const u = new URL(url);
  return u.pathname + u.search;
};

test('a subject’s address opens offline, after one online visit, straight from the service worker and the device', async ({ page, signInPage, diaryPage, network }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('student'), DEMO_PASSWORD);
  await expect(diaryPage.weekTitle).toHaveText(THIS_WEEK);
  // `/` is the student's home: the diary's own address.
  await expect.poll(() => path(page.url())).toBe('/diary');
  // The device has the diary (its marks too) and the service worker the app.
  await expect(page.getByTestId('mark').first()).toBeVisible();
  await waitForOfflineReady(page);

  await network.offline();
  const { subject_id: subjectId } = lesson7a(E2E_TODAY, 1);
  await page.goto(`/diary/subject/${subjectId}`);
  await expect(page.getByRole('heading', { name: subjectName(subjectId), level: 1 })).toBeVisible();
  await expect(page.getByTestId('subject-summary')).toBeVisible();
  await expect(diaryPage.offlineBanner).toContainText('Нет сети. Показаны данные на');
  expect(path(page.url())).toBe(`/diary/subject/${subjectId}`);
});

test('back walks through weeks and pages, the subject’s own back returns to its week, and «Дневник» leaves a subject for this week of the same child', async ({
  page,
  signInPage,
  diaryPage,
}) => {
  const sections = new Sections(page);
  await signInPage.goto();
  await signInPage.signIn(phone('parent'), DEMO_PASSWORD);
  await expect(diaryPage.weekTitle).toHaveText(THIS_WEEK);
  await diaryPage.child(child7aName).click();
  await expect.poll(() => path(page.url())).toBe(`/diary?child=${child7a}`);

  await page.getByRole('button', { name: 'Следующая неделя' }).click();
  await expect(diaryPage.weekTitle).toHaveText('23–28 ноября 2026');
  await page.getByRole('button', { name: 'Следующая неделя' }).click();
  await expect(diaryPage.weekTitle).toHaveText('30 ноября – 5 декабря 2026');
  expect(path(page.url())).toBe(`/diary/week/2026-11-30?child=${child7a}`);

  const lesson = lesson7a('2026-12-01', 1);
  const subject = subjectName(lesson.subject_id);
  await diaryPage.lesson(lesson.id).getByRole('button', { name: subject }).click();
  await expect(page.getByRole('heading', { name: subject, level: 1 })).toBeVisible();
  expect(path(page.url())).toBe(`/diary/subject/${lesson.subject_id}?child=${child7a}`);

  // The browser's back: the week the subject was opened from, then the one before.
  await page.goBack();
  await expect(diaryPage.weekTitle).toHaveText('30 ноября – 5 декабря 2026');
  await page.goBack();
  await expect(diaryPage.weekTitle).toHaveText('23–28 ноября 2026');
  await page.goForward();
  await expect(diaryPage.weekTitle).toHaveText('30 ноября – 5 декабря 2026');

  // The subject page's own «‹ К неделе» returns to that week too.
  await diaryPage.lesson(lesson.id).getByRole('button', { name: subject }).click();
  await page.getByRole('button', { name: 'К неделе' }).click();
  await expect(diaryPage.weekTitle).toHaveText('30 ноября – 5 декабря 2026');

  // «Дневник» from a subject page: this week, of the child being looked at.
  await diaryPage.lesson(lesson.id).getByRole('button', { name: subject }).click();
  await expect(page.getByRole('heading', { name: subject, level: 1 })).toBeVisible();
  await expect(sections.link('Дневник')).toHaveAttribute('aria-current', 'page');
  await sections.open('Дневник');
  await expect(diaryPage.weekTitle).toHaveText(THIS_WEEK);
  await expect(page.getByRole('heading', { name: subject, level: 1 })).toHaveCount(0);
  await expect(diaryPage.lesson(lesson7a(E2E_TODAY, 1).id)).toBeVisible();
  await expect.poll(() => path(page.url())).toBe(`/diary?child=${child7a}`);

  // Another section and back again by the browser.
  await sections.open('Видеоконференции');
  await expect(page.getByRole('heading', { name: 'Видеоконференции' })).toBeVisible();
  expect(path(page.url())).toBe('/calls');
  await page.goBack();
  await expect(diaryPage.weekTitle).toHaveText(THIS_WEEK);
});

test('the privacy notice opens signed out, from its address and from the sign-in page', async ({ page }) => {
  await page.goto('/privacy');
  const notice = page.getByRole('article', { name: 'Конфиденциальность' });
  await expect(notice).toBeVisible();
  for (const part of ['номер телефона', 'оценки', 'сообщения', 'На сервере вашей школы и на вашем устройстве', 'до выхода из аккаунта', 'Кто видит']) {
    await expect(notice).toContainText(part);
  }
  await notice.getByRole('link', { name: 'На главную' }).click();
  const signIn = new SignInPage(page);
  await expect(signIn.submit).toBeVisible();
  await page.getByRole('link', { name: 'Конфиденциальность' }).click();
  await expect(notice).toBeVisible();
  expect(path(page.url())).toBe('/privacy');
});

test('links from before paths land on their new addresses', async ({ page, signInPage, diaryPage }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('student'), DEMO_PASSWORD);
  await expect(diaryPage.weekTitle).toHaveText(THIS_WEEK);

  await page.goto('/?week=2026-11-30');
  await expect(diaryPage.weekTitle).toHaveText('30 ноября – 5 декабря 2026');
  expect(path(page.url())).toBe('/diary/week/2026-11-30');
  // The old address is replaced, not kept behind: back leaves for the page before it.
  await page.goBack();
  await expect(diaryPage.weekTitle).toHaveText(THIS_WEEK);

  await page.goto('/#/calls');
  await expect(page.getByRole('heading', { name: 'Видеоконференции' })).toBeVisible();
  expect(path(page.url())).toBe('/calls');
});

test('on a device that never ran the app, the server answers an app address with the app, and a missing file with 404', async ({ browser, baseURL }) => {
  // A fresh profile: no service worker yet, so the first request reaches the server.
  const context = await browser.newContext({ baseURL, locale: 'ru-RU', timezoneId: 'Asia/Yekaterinburg' });
  try {
    const page = await context.newPage();
    await page.clock.setFixedTime(E2E_NOW);
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));

    const response = await page.goto('/diary/week/2026-11-30');
    expect(response?.status()).toBe(200);
    // Signed out, the address waits behind the sign-in form and opens after it.
    await new SignInPage(page).signIn(phone('student'), DEMO_PASSWORD);
    await expect(new DiaryPage(page).weekTitle).toHaveText('30 ноября – 5 декабря 2026');
    expect(path(page.url())).toBe('/diary/week/2026-11-30');

    for (const missing of ['/assets/no-such-chunk.js', '/icons/no-such-icon.png']) expect((await page.request.get(missing)).status(), missing).toBe(404);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
