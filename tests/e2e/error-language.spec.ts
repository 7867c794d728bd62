/**
 * A refusal on screen is kept as the server's code and worded when shown: switching the language
 * re-words it at once, with no new request.
 */
import { DEMO_SIGN_INS } from '../../api/demo/index.ts';
import { expect, test } from './fixtures.ts';

const phone = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

test('a wrong password’s refusal re-words itself when the language changes', async ({ page, signInPage }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('parent'), 'not-the-password');
  await expect(signInPage.error).toHaveText('Неверный номер телефона или пароль.');
  let requests = 0;
  page.on('request', (r) => void (r.url().endsWith('/graphql') && requests++));
  await page.getByRole('combobox', { name: 'Язык' }).selectOption('en');
  await expect(signInPage.error).toHaveText('Wrong phone number or password.');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('tt');
  await expect(signInPage.error).toHaveText('Телефон номеры яки серсүз дөрес түгел.');
  expect(requests).toBe(0);
});
