/**
 * A network drop in a PeerJS mesh call: «Переподключение…» while the device is offline, and the
 * call comes back by itself without anyone leaving it.
 */
import { twoInACall } from './call-devices.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './ensure-chromium.ts';
import { expect, OFFLINE_NOISE, test } from './fixtures.ts';
import { CALL_ARGS } from './pages/call-page.ts';

test.use({ launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...CALL_ARGS] } });

test('the network drops on one side: «Переподключение…», then media flows both ways again without leaving the call', async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  const call = await twoInACall(browser, baseURL, 'Кружок робототехники');
  const { teacher, student, studentContext, errors } = call;
  try {
    await expect(student.banner).toHaveCount(0);
    const before = errors.length;
    await studentContext.setOffline(true);
    await expect(student.banner).toHaveText('Переподключение…');
    await expect(student.over).toHaveCount(0);
    // What happens in the call meanwhile reaches the student once back (the room is sent whole again).
    await teacher.sendChat('Пока вас не было: задание 5');
    await student.page.waitForTimeout(4_000);
    await expect(student.banner).toHaveText('Переподключение…');
    await studentContext.setOffline(false);

    // Back by itself: no banner, nobody left, the same two tiles, media both ways.
    await expect(student.banner).toHaveCount(0, { timeout: 20_000 });
    await expect(teacher.banner).toHaveCount(0);
    for (const side of [teacher, student]) {
      await expect(side.screen).toBeVisible();
      await expect(side.tiles).toHaveCount(2);
      await expect.poll(() => side.remoteVideoWidth().catch(() => 0), { timeout: 20_000 }).toBeGreaterThan(0);
      await side.expectGrowing(async () => (await side.inbound()).video);
      await side.expectGrowing(async () => (await side.inbound()).audio);
    }
    // The room works again too: the line sent meanwhile is there, and one goes through from the side that was offline.
    await expect(student.control('Чат')).toContainText('1');
    await student.sendChat('Я снова здесь');
    await expect(student.chatLines.filter({ hasText: 'Пока вас не было: задание 5' })).toHaveCount(1);
    await expect(teacher.chatLines.filter({ hasText: 'Я снова здесь' })).toHaveCount(1);

    // The browser's own noise about the cut network is expected; nothing else.
    const cut = errors.splice(before).filter((e) => !OFFLINE_NOISE.some((p) => p.test(e)));
    expect([...errors, ...cut], 'console errors').toEqual([]);
  } finally {
    await call.close();
  }
});
