import { DEMO_PASSWORD, DEMO_SIGN_INS, DEMO_TEACHER_ID, generateDemoSchool } from '../../api/demo/index.ts';
import { ApiClient } from './api-client.ts';
import { expect, test, waitForOfflineReady } from './fixtures.ts';
import { E2E_NOW, E2E_TODAY } from './pinned-time.ts';

const school = generateDemoSchool({ today: E2E_TODAY });
const phone = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;
const WEEK = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];

const parentId = school.rows.users.find((u) => u.phone === phone('parent'))!.id;
const children = school.rows.guardianships
  .filter((g) => g.parent_id === parentId)
  .map((g) => school.rows.users.find((u) => u.id === g.child_id)!);
const classOf = (id: string): string => school.rows.memberships.find((m) => m.user_id === id && m.role === 'student')!.class_id!;
const child7a = children.find((c) => classOf(c.id) === 'class-7a')!;
const child5a = children.find((c) => classOf(c.id) === 'class-5a')!;
const weekMarks = (studentId: string) => school.rows.marks.filter((m) => m.student_id === studentId && WEEK.includes(m.date));

test('a parent reads the child’s week, offline after one visit, and sees a new grade arrive live', async ({ page, signInPage, diaryPage, network, baseURL }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('parent'), DEMO_PASSWORD);

  // The week of the pinned today, for the first child (the 5А one comes first by class).
  await expect(diaryPage.weekTitle).toHaveText('16–21 ноября 2026');
  await expect(diaryPage.day('2026-11-18')).toContainText('Среда, 18 ноября');
  await expect(diaryPage.day('2026-11-18')).toContainText('Сегодня');

  // Switch to the 7А child and check every grade of the week and the homework are there.
  await diaryPage.child(child7a.first_name).click();
  const expected = weekMarks(child7a.id);
  expect(expected.length).toBeGreaterThan(0);
  for (const mark of expected) {
    const label = mark.kind === 'grade' ? mark.value : undefined;
    if (label) await expect(diaryPage.marksOf(mark.lesson_id).filter({ hasText: label }).first()).toBeVisible();
    else await expect(diaryPage.marksOf(mark.lesson_id).first()).toBeVisible();
  }
  const homework = school.rows.lessons.find((l) => l.class_id === 'class-7a' && l.date === '2026-11-18' && l.homework)!;
  await expect(diaryPage.lesson(homework.id)).toContainText(homework.homework!);
  const firstLesson = school.rows.lessons.find((l) => l.class_id === 'class-7a' && l.date === '2026-11-18' && l.number === 1)!;
  await expect(diaryPage.lesson(firstLesson.id)).toContainText('08:30–09:15');
  const shownMarks = await page.getByTestId('mark').count();

  // Offline: the shell comes from the service worker, the diary from IndexedDB.
  await waitForOfflineReady(page);
  await network.offline();
  await page.reload();
  await expect(diaryPage.offlineBanner).toContainText('Нет сети. Показаны данные на');
  await expect(diaryPage.lesson(homework.id)).toContainText(homework.homework!);
  await expect(page.getByTestId('mark')).toHaveCount(shownMarks);

  // Back online: the banner goes, and a grade the teacher gives now shows up without a reload.
  await network.online();
  await expect(diaryPage.offlineBanner).toBeHidden();
  const teacher = new ApiClient(baseURL);
  await teacher.signIn(phone('teacher'));
  const teachersLesson = school.rows.lessons.find(
    (l) => l.class_id === 'class-7a' && l.teacher_id === DEMO_TEACHER_ID && WEEK.includes(l.date) && l.date <= E2E_TODAY,
  )!;
  const before = await diaryPage.marksOf(teachersLesson.id).count();
  await teacher.giveGrade({ id: 'e2e-live-grade', lessonId: teachersLesson.id, studentId: child7a.id, value: '5', comment: 'Молодец!' });
  await expect(diaryPage.marksOf(teachersLesson.id)).toHaveCount(before + 1);
  await expect(diaryPage.lesson(teachersLesson.id).getByTitle('Молодец!')).toBeVisible();
});

test.describe('on a phone whose own language is American English', () => {
  test.use({ locale: 'en-US' });

  test('the diary speaks Russian, Tatar and English, with Russian plurals', async ({ page, signInPage, diaryPage }) => {
    await signInPage.goto();
    await signInPage.signIn(phone('student'), DEMO_PASSWORD);
    await expect(diaryPage.day('2026-11-16')).toContainText('Понедельник, 16 ноября');
    const firstLesson = school.rows.lessons.find((l) => l.class_id === 'class-7a' && l.date === '2026-11-16' && l.number === 1)!;

    await diaryPage.chooseLanguage('Язык', 'tt');
    await expect(diaryPage.day('2026-11-16')).toContainText('16 ноябрь, Дүшәмбе');
    await expect(page.getByRole('button', { name: 'Чыгу' })).toBeVisible();
    // The browser has no Tatar formats; the app must not fall back to the device's «8:30 AM».
    await expect(diaryPage.lesson(firstLesson.id)).toContainText('08:30–09:15');

    await diaryPage.chooseLanguage('Тел', 'en');
    await expect(diaryPage.day('2026-11-16')).toContainText('Monday, 16 November');
    await expect(diaryPage.weekTitle).toHaveText('16–21 November 2026');
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    // The choice survives a reload.
    await page.reload();
    await expect(diaryPage.day('2026-11-16')).toContainText('Monday, 16 November');

    await diaryPage.chooseLanguage('Language', 'ru');
    // Russian is on screen, so the choice is stored: the address below loads the app anew.
    await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
    // A subject page: grade count with the right plural, and the weighted average.
    const studentId = school.rows.users.find((u) => u.phone === phone('student'))!.id;
    const term = school.rows.terms.find((t) => t.starts <= E2E_TODAY && E2E_TODAY <= t.ends)!;
    const bySubject = new Map<string, typeof school.rows.marks>();
    for (const m of school.rows.marks) {
      if (m.student_id !== studentId || m.kind !== 'grade' || m.date < term.starts || m.date > term.ends) continue;
      bySubject.set(m.subject_id, [...(bySubject.get(m.subject_id) ?? []), m]);
    }
    const [subjectId, grades] = [...bySubject.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    const subjectName = school.rows.subjects.find((s) => s.id === subjectId)!.name;
    const n = grades.length;
    const plural = n % 10 === 1 && n % 100 !== 11 ? 'оценка' : [2, 3, 4].includes(n % 10) && ![12, 13, 14].includes(n % 100) ? 'оценки' : 'оценок';
    const weights = grades.reduce((s, g) => s + (g.weight ?? 1), 0);
    const average = grades.reduce((s, g) => s + Number(g.value) * (g.weight ?? 1), 0) / weights;

    await page.goto(`/diary/subject/${subjectId}`);
    await expect(page.getByRole('heading', { name: subjectName })).toBeVisible();
    await expect(page.getByTestId('subject-summary')).toContainText(`${n} ${plural}`);
    await expect(page.getByTestId('average')).toHaveText(average.toFixed(2).replace('.', ','));
  });
});

test('a wrong password is refused clearly, and signing out wipes the device', async ({ page, signInPage, diaryPage }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('parent'), 'not-the-password');
  await expect(signInPage.error).toHaveText('Неверный номер телефона или пароль.');

  await signInPage.signIn(phone('parent'), DEMO_PASSWORD);
  await expect(diaryPage.weekTitle).toBeVisible();
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).join(','))).toContain('parta-u-p-01');

  await diaryPage.signOut();
  await expect(signInPage.submit).toBeVisible();
  const left = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.includes('parta-u-p-01')));
  await expect.poll(left, { timeout: 10_000 }).toEqual([]);
  expect(await page.evaluate(() => localStorage.getItem('parta.session'))).toBeNull();
  // The session is gone on the server too: a reload shows the sign-in form, not a diary.
  await page.reload();
  await expect(signInPage.submit).toBeVisible();
});

test('signing out offline wipes the device at once and ends the session on the server once online', async ({ page, signInPage, diaryPage, network }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('parent'), DEMO_PASSWORD);
  await expect(page.getByTestId('lesson').first()).toBeVisible();
  await waitForOfflineReady(page);
  await network.offline();
  await diaryPage.signOut();
  await expect(signInPage.submit).toBeVisible();
  const left = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.includes('parta-u-p-01')));
  await expect.poll(left).toEqual([]);
  expect(await page.evaluate(() => localStorage.getItem('parta.pendingSignOut'))).toBe('1');

  await network.online();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('parta.pendingSignOut'))).toBeNull();
  const me = await page.evaluate(async () => {
    const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { userId } }' }) });
    return ((await response.json()) as { data: { me: unknown } }).data.me;
  });
  expect(me).toBeNull();
});

test('a broken week in a shared link shows this week', async ({ page, signInPage, diaryPage }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('student'), DEMO_PASSWORD);
  await expect(diaryPage.weekTitle).toHaveText('16–21 ноября 2026');
  await page.goto('/diary/week/2026-13-45');
  await expect(diaryPage.weekTitle).toHaveText('16–21 ноября 2026');
});

test('weeks before and after, back to this week, and the session survives an app restart', async ({ page, context, signInPage, diaryPage }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('student'), DEMO_PASSWORD);
  await expect(diaryPage.weekTitle).toHaveText('16–21 ноября 2026');
  await page.getByRole('button', { name: 'Следующая неделя' }).click();
  await page.getByRole('button', { name: 'Следующая неделя' }).click();
  await expect(diaryPage.weekTitle).toHaveText('30 ноября – 5 декабря 2026');
  await expect(diaryPage.day('2026-12-01')).toContainText('Вторник, 1 декабря');
  await page.getByRole('button', { name: 'Текущая неделя' }).click();
  await expect(diaryPage.weekTitle).toHaveText('16–21 ноября 2026');
  await expect(page.getByRole('button', { name: 'Текущая неделя' })).toBeDisabled();
  await page.getByRole('button', { name: 'Предыдущая неделя' }).click();
  await expect(diaryPage.weekTitle).toHaveText('9–14 ноября 2026');
  await page.goBack();
  await expect(diaryPage.weekTitle).toHaveText('16–21 ноября 2026');

  // Closing the app and opening it again keeps the person signed in.
  await page.close();
  const reopened = await context.newPage();
  await reopened.clock.setFixedTime(E2E_NOW);
  await reopened.goto('/');
  await expect(reopened.getByTestId('week-title')).toHaveText('16–21 ноября 2026');
  await expect(reopened.getByTestId('lesson').first()).toBeVisible();
});

test('a teacher sees the lessons they give this week, then signs out', async ({ signInPage, diaryPage, page }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('teacher'), DEMO_PASSWORD);
  const mine = school.rows.lessons.filter((l) => l.teacher_id === DEMO_TEACHER_ID && WEEK.includes(l.date));
  await expect(page.getByTestId('lesson')).toHaveCount(mine.length);
  const classes = new Set(mine.map((l) => school.rows.classes.find((c) => c.id === l.class_id)!.name));
  for (const name of classes) await expect(page.getByTestId('lesson').filter({ hasText: name }).first()).toBeVisible();
  await diaryPage.signOut();
  await expect(signInPage.submit).toBeVisible();
});

test('the term’s grades by subject, with averages, and a subject opens from there', async ({ page, signInPage, diaryPage }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('parent'), DEMO_PASSWORD);
  // The 5А child: the first test gives the 7А child a grade live, on the same server.
  await diaryPage.child(child5a.first_name).click();
  await page.getByRole('button', { name: 'Оценки' }).click();
  const term = school.rows.terms.find((x) => x.starts <= E2E_TODAY && E2E_TODAY <= x.ends)!;
  const grades = school.rows.marks.filter((m) => m.student_id === child5a.id && m.kind === 'grade' && m.date >= term.starts && m.date <= term.ends);
  const subjects = new Set(school.rows.timetable_slots.filter((x) => x.class_id === 'class-5a').map((x) => x.subject_id));
  await expect(page.getByTestId('grades-row')).toHaveCount(subjects.size);
  for (const subjectId of subjects) {
    const mine = grades.filter((g) => g.subject_id === subjectId);
    const name = school.rows.subjects.find((x) => x.id === subjectId)!.name;
    const row = page.getByTestId('grades-row').filter({ has: page.getByRole('button', { name, exact: true }) });
    if (mine.length === 0) {
      await expect(row).toContainText('Оценок пока нет');
      continue;
    }
    const weights = mine.reduce((sum, g) => sum + (g.weight ?? 1), 0);
    const average = mine.reduce((sum, g) => sum + Number(g.value) * (g.weight ?? 1), 0) / weights;
    await expect(row.getByTestId('mark')).toHaveCount(mine.length);
    await expect(row).toContainText(average.toFixed(2).replace('.', ','));
  }
  const first = school.rows.subjects.find((x) => subjects.has(x.id))!;
  await page.getByRole('button', { name: first.name, exact: true }).click();
  await expect(page.getByRole('heading', { name: first.name })).toBeVisible();
});

test('the 5А child of the parent has their own week', async ({ signInPage, diaryPage }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('parent'), DEMO_PASSWORD);
  await diaryPage.child(child5a.first_name).click();
  const lesson = school.rows.lessons.find((l) => l.class_id === 'class-5a' && l.date === '2026-11-17' && l.number === 2)!;
  const subject = school.rows.subjects.find((s) => s.id === lesson.subject_id)!.name;
  await expect(diaryPage.lesson(lesson.id)).toContainText(subject);
  await expect(diaryPage.lesson(lesson.id)).toContainText('09:25–10:10');
});

test('on a shared device the next person never sees the previous person’s data', async ({ page, signInPage, diaryPage }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('parent'), DEMO_PASSWORD);
  await expect(page.getByRole('navigation', { name: 'Дети' })).toBeVisible();
  await expect(page.getByTestId('lesson').first()).toBeVisible();
  await waitForOfflineReady(page);
  await diaryPage.signOut();
  await expect(signInPage.submit).toBeVisible();

  await signInPage.signIn(phone('teacher'), DEMO_PASSWORD);
  await expect(page.getByTestId('lesson').first()).toBeVisible();
  // Nothing of the parent's: no children to switch between, no database, no stored keys.
  await expect(page.getByRole('navigation', { name: 'Дети' })).toHaveCount(0);
  await expect(diaryPage.child(`${child5a.first_name} 5А`)).toHaveCount(0);
  const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
  expect(names.filter((n) => n.includes(parentId.toLowerCase()))).toEqual([]);
  expect(names.some((n) => n.includes(DEMO_TEACHER_ID.toLowerCase()))).toBe(true);
  const keys = await page.evaluate(() => Object.keys(localStorage));
  expect(keys.filter((k) => k.includes(parentId))).toEqual([]);
  // A reload (the app restarting) opens the teacher's own database, nothing else.
  await page.reload();
  await expect(page.getByTestId('lesson').first()).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Дети' })).toHaveCount(0);
});
