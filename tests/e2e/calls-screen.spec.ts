/**
 * The call screen between two people over a PeerJS mesh: the in-call chat, the admin's
 * moderation (lower a hand, mute one and everyone, remove), layouts, screen share, audio-only,
 * device settings and the minimised call.
 */
import { twoInACall } from './call-devices.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './ensure-chromium.ts';
import { expect, test } from './fixtures.ts';
import { CALL_ARGS } from './pages/call-page.ts';
import { DiaryPage } from './pages/diary-page.ts';

// The fake devices also answer getDisplayMedia (a 1280×720 «screen»), no picker shown.
test.use({ launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...CALL_ARGS] } });

test('chat, a hand the admin lowers, the admin muting one person and everyone, and removing a person who cannot come back', async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  const call = await twoInACall(browser, baseURL, 'Разбор контрольной');
  const { teacher, student, studentName, errors } = call;
  try {
    await test.step('in-call chat: a line reaches the other side, unread until opened', async () => {
      await student.sendChat('Можно вопрос по задаче 3?');
      await expect(teacher.control('Чат')).toContainText('1');
      const chat = await teacher.openPanel('Чат');
      const line = chat.getByTestId('call-chat-line').filter({ hasText: 'Можно вопрос по задаче 3?' });
      await expect(line).toContainText(studentName);
      await expect(teacher.control('Чат')).not.toContainText('1');
      await teacher.sendChat('Да, слушаю');
      await expect(student.chatLines.filter({ hasText: 'Да, слушаю' })).toHaveCount(1);
    });

    await test.step('raise hand: everyone sees it, the admin lowers it', async () => {
      await student.control('Поднять руку').click();
      await expect(student.control('Поднять руку')).toHaveAttribute('aria-pressed', 'true');
      await expect(teacher.tileOf(studentName).getByRole('img', { name: 'Рука поднята' })).toBeVisible();
      await teacher.adminAction(`Опустить руку: ${studentName}`);
      await expect(student.control('Поднять руку')).toHaveAttribute('aria-pressed', 'false');
      await expect(teacher.tileOf(studentName).getByRole('img', { name: 'Рука поднята' })).toHaveCount(0);
      await expect(student.tiles.getByRole('img', { name: 'Рука поднята' })).toHaveCount(0);
    });

    await test.step('the admin mutes one person: their microphone goes off and they are told', async () => {
      await expect(student.microphone).toHaveAttribute('aria-pressed', 'true');
      await teacher.adminAction(`Выключить микрофон: ${studentName}`);
      await expect(student.mutedNotice).toBeVisible();
      await expect(student.microphone).toHaveAttribute('aria-pressed', 'false');
      await expect(teacher.tileOf(studentName)).toHaveAttribute('data-audio', 'off');
      // The student's track is really off, not only the icon: it sends silence.
      expect(await student.page.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.flatMap((pc) => pc.getSenders()).filter((s) => s.track?.kind === 'audio').every((s) => !s.track!.enabled))).toBe(true);
      await student.mutedNotice.getByRole('button', { name: 'Понятно' }).click();
      await expect(student.mutedNotice).toHaveCount(0);
    });

    await test.step('the admin mutes everyone: the same, and the admin keeps their own microphone', async () => {
      await student.microphone.click();
      await expect(teacher.tileOf(studentName)).toHaveAttribute('data-audio', 'on');
      const panel = await teacher.openPanel('Участники');
      await panel.getByRole('button', { name: 'Выключить микрофоны всем' }).click();
      await expect(student.mutedNotice).toBeVisible();
      await expect(student.microphone).toHaveAttribute('aria-pressed', 'false');
      await expect(teacher.tileOf(studentName)).toHaveAttribute('data-audio', 'off');
      await expect(teacher.microphone).toHaveAttribute('aria-pressed', 'true');
      await expect(student.others.first()).toHaveAttribute('data-audio', 'on');
    });

    await test.step('the admin removes the student: their page leaves with a clear message and they cannot rejoin', async () => {
      await teacher.adminAction(`Удалить из звонка: ${studentName}`);
      await expect(student.over).toHaveAttribute('data-phase', 'removed');
      await expect(student.over).toContainText('Организатор удалил вас из звонка');
      await expect(student.over.getByRole('button', { name: 'Вернуться в звонок' })).toHaveCount(0);
      await expect(teacher.tiles).toHaveCount(1);
      // Opening the link again: the server refuses, saying why.
      await student.over.getByRole('button', { name: 'К видеоконференциям' }).click();
      await student.page.goto(call.link);
      await expect(student.over).toHaveAttribute('data-phase', 'refused');
      await expect(student.over.getByRole('alert')).toHaveText('Организатор удалил вас из этого звонка.');
      await expect(student.screen).toHaveCount(0);
      await expect(teacher.tiles).toHaveCount(1);
    });
    expect(errors, 'console errors').toEqual([]);
  } finally {
    await call.close();
  }
});

test('speaker and grid views, screen share, audio-only, device settings, and minimising to the diary and back', async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  const call = await twoInACall(browser, baseURL, 'Консультация');
  const { teacher, student, studentName, errors } = call;
  try {
    await test.step('speaker view shows the other person large, grid shows everyone alike', async () => {
      await expect(teacher.gridView).toBeVisible();
      await teacher.layoutButton('Вид «Спикер»').click();
      await expect(teacher.speakerView).toBeVisible();
      await expect(teacher.gridView).toHaveCount(0);
      const large = teacher.speakerView.locator('.tile--large');
      await expect(large).toHaveAttribute('aria-label', studentName);
      await expect(large.getByTestId('remote-video')).toBeVisible();
      await teacher.layoutButton('Вид «Сетка»').click();
      await expect(teacher.gridView).toBeVisible();
      await expect(teacher.speakerView).toHaveCount(0);
      await expect(teacher.tiles).toHaveCount(2);
    });

    await test.step('screen share: the other side gets the screen instead of the camera, and the camera back after', async () => {
      // The camera is at most 640 wide (the encoder may start lower); the fake screen is 1280×720.
      const cameraWidth = 640;
      await expect.poll(() => student.remoteVideoWidth()).toBeLessThanOrEqual(cameraWidth);
      await teacher.control('Демонстрировать экран').click();
      await expect(teacher.control('Демонстрировать экран')).toHaveAttribute('aria-pressed', 'true');
      await expect.poll(() => student.remoteVideoWidth().catch(() => 0), { timeout: 20_000 }).toBeGreaterThan(cameraWidth);
      await teacher.control('Демонстрировать экран').click();
      await expect(teacher.control('Демонстрировать экран')).toHaveAttribute('aria-pressed', 'false');
      await expect
        .poll(async () => {
          const width = await student.remoteVideoWidth().catch(() => 0);
          return width > 0 && width <= cameraWidth;
        }, { timeout: 20_000 })
        .toBe(true);
    });

    await test.step('audio-only: no video is sent, the other side loses the picture, sound goes on', async () => {
      await student.control('Только звук').click();
      await expect(student.control('Только звук')).toHaveAttribute('aria-pressed', 'true');
      await expect(teacher.tileOf(studentName)).toHaveAttribute('data-video', 'off');
      await expect(teacher.remoteVideo).toHaveCount(0);
      // Nothing to decode on the student's side either.
      await expect(student.remoteVideo).toHaveCount(0);
      expect(await student.growthOver(async () => (await student.outbound()).video)).toBe(0);
      await teacher.expectGrowing(async () => (await teacher.inbound()).audio);
      // Switching it off brings the picture back.
      await student.control('Только звук').click();
      await expect(student.control('Только звук')).toHaveAttribute('aria-pressed', 'false');
      await expect(teacher.tileOf(studentName)).toHaveAttribute('data-video', 'on');
      await expect.poll(() => teacher.remoteVideoWidth().catch(() => 0), { timeout: 20_000 }).toBeGreaterThan(0);
      await student.expectGrowing(async () => (await student.outbound()).video);
    });

    await test.step('device settings list the camera, microphones and speakers, and switching the microphone keeps sound going', async () => {
      const panel = await student.openPanel('Настройки');
      const camera = panel.getByRole('combobox', { name: 'Камера' });
      const microphone = panel.getByRole('combobox', { name: 'Микрофон' });
      const speaker = panel.getByRole('combobox', { name: 'Динамик' });
      await expect(camera.getByRole('option', { name: 'fake_device_0' })).toHaveCount(1);
      await expect(microphone.getByRole('option', { name: 'Fake Audio Input 1' })).toHaveCount(1);
      await expect(speaker.getByRole('option', { name: 'Fake Audio Output 1' })).toHaveCount(1);
      await microphone.selectOption({ label: 'Fake Audio Input 1' });
      await expect(microphone).toHaveValue(/.+/);
      await teacher.expectGrowing(async () => (await teacher.inbound()).audio);
      await student.page.getByRole('button', { name: 'Закрыть панель' }).click();
    });

    await test.step('minimise: the call goes on in a small window over the diary; expand brings the screen back', async () => {
      await teacher.minimise();
      await expect(teacher.screen).toHaveCount(0);
      await expect(new DiaryPage(teacher.page).weekTitle).toBeVisible();
      await expect(teacher.miniCall.getByRole('button', { name: 'Развернуть звонок' }).first().locator('video')).toBeVisible();
      await teacher.expectGrowing(async () => (await teacher.inbound()).video);
      // The browser's own picture-in-picture from the small window.
      await teacher.miniCall.getByRole('button', { name: 'Картинка в картинке' }).click();
      await expect.poll(() => teacher.page.evaluate(() => document.pictureInPictureElement?.tagName ?? null)).toBe('VIDEO');
      // The other side still has the teacher.
      await expect(student.tiles).toHaveCount(2);
      await teacher.expand();
      await expect(teacher.miniCall).toHaveCount(0);
      await expect(teacher.tiles).toHaveCount(2);
      await expect.poll(() => teacher.remoteVideoWidth().catch(() => 0)).toBeGreaterThan(0);
      // The small window and its picture-in-picture are gone with it.
      await expect.poll(() => teacher.page.evaluate(() => document.pictureInPictureElement)).toBeNull();
    });
    expect(errors, 'console errors').toEqual([]);
  } finally {
    await call.close();
  }
});
