/**
 * Calls need the network: offline the app offers no way into a call (and says why), and a call
 * the server cannot be reached for says so in the person's words, not with a raw «network».
 */
import { DEMO_PASSWORD, DEMO_SIGN_INS } from '../../api/demo/index.ts';
import { expect, test } from './fixtures.ts';
import { CallPage } from './pages/call-page.ts';

const phone = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

test('offline: no call buttons, a note instead; a request the server never answers is worded and re-worded', async ({ page, signInPage, network }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('teacher'), DEMO_PASSWORD);
  const calls = new CallPage(page);
  await calls.openCalls();
  const create = page.getByRole('button', { name: 'Создать звонок по ссылке' });
  await expect(create).toBeVisible();

  await network.offline();
  await expect(create).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Перейти', exact: true })).toHaveCount(0);
  await expect(page.getByText('Звонки доступны только при подключении к интернету.')).toBeVisible();

  await network.online();
  await expect(create).toBeVisible();
  // The browser thinks it is online but the request gets no answer (the school's Wi-Fi without internet).
  await page.route('**/graphql', (route) => (route.request().postData()?.includes('CreateLinkCall') ? route.abort('internetdisconnected') : route.fallback()));
  await create.click();
  const form = page.getByRole('form', { name: 'Создать звонок по ссылке' });
  await form.getByRole('button', { name: 'Начать звонок' }).click();
  await expect(form.getByRole('alert')).toHaveText('Нет связи с сервером. Проверьте интернет и попробуйте ещё раз.');
  await page.getByRole('combobox', { name: 'Язык' }).selectOption('en');
  // The same form, its own words re-worded too.
  await expect(page.getByRole('form', { name: 'Create a call by link' }).getByRole('alert')).toHaveText("Can't reach the server. Check your connection and try again.");
});
