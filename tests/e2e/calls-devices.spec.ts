/**
 * One person, two devices: a student in a call opens it again on another device (a parent moving
 * from a phone to a laptop). The call moves there: the first device is told so and leaves, the
 * others still see one person, and closing the first device later does not end the call.
 */
import { DEMO_SIGN_INS } from '../../api/demo/index.ts';
import { twoInACall } from './call-devices.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './ensure-chromium.ts';
import { expect, test } from './fixtures.ts';
import { CALL_ARGS, CallPage, openDevice } from './pages/call-page.ts';

test.use({ launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...CALL_ARGS] } });

const studentPhone = DEMO_SIGN_INS.find((s) => s.role === 'student')!.phone;

test('joining a call on a second device moves the person there; the first device says so, and closing it later ends nothing', async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  const call = await twoInACall(browser, baseURL, 'Консультация с двух устройств');
  const { teacher, student, studentContext, link, errors } = call;
  const laptopContext = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Asia/Yekaterinburg' });
  try {
    const laptop = new CallPage(await openDevice(laptopContext, baseURL, studentPhone, errors));
    await laptop.page.goto(link);
    await expect(laptop.screen).toBeVisible();

    // The phone leaves with a reason and may take the call back; the teacher still sees one student.
    await expect(student.over).toHaveAttribute('data-phase', 'moved');
    await expect(student.over).toContainText('Вы продолжили звонок на другом устройстве');
    await expect(student.over.getByRole('button', { name: 'Вернуться в звонок' })).toBeVisible();
    await expect(teacher.tiles).toHaveCount(2);
    await expect(laptop.tiles).toHaveCount(2);
    // Media flows between the teacher and the laptop (a new peer id: no clash with the phone's).
    await expect.poll(() => laptop.remoteVideoWidth().catch(() => 0), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => teacher.remoteVideoWidth().catch(() => 0), { timeout: 20_000 }).toBeGreaterThan(0);

    // The phone's tab closes afterwards (its leave goes out on pagehide): the laptop stays in.
    await studentContext.close();
    await laptop.page.waitForTimeout(1_000);
    await expect(teacher.tiles).toHaveCount(2);
    await expect(laptop.over).toHaveCount(0);
    await laptop.expectGrowing(async () => (await laptop.inbound()).video);
    expect(errors, 'console errors').toEqual([]);
  } finally {
    await laptopContext.close().catch(() => undefined);
    await call.close();
  }
});
