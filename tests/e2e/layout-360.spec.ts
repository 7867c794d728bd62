/**
 * The narrowest phone the school supports (360×740): the teacher reaches every section tab, whole
 * and with a visible focus, and the grades table never cuts a subject's name inside a word.
 */
import type { Locator, Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from '../../api/demo/index.ts';
import { expect, test } from './fixtures.ts';

const phone = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;
const WIDTH = 360;

test.use({ viewport: { width: WIDTH, height: 740 } });

/** Presses Tab until `target` has the focus, as a keyboard user gets there. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('the element never got the keyboard focus');
}

test('the teacher’s section tabs all fit a 360 px screen (or scroll into it), each whole and with a visible focus', async ({ page, signInPage }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('teacher'), DEMO_PASSWORD);
  const nav = page.getByRole('navigation', { name: 'Разделы', exact: true });
  const tabs = nav.getByRole('link');
  await expect(tabs).toHaveText(['Дневник', 'Видеоконференции', 'Онлайн-уроки']);
  // The page itself never scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
  for (const tab of await tabs.all()) {
    await tabTo(page, tab);
    const box = (await tab.boundingBox())!;
    const area = (await nav.boundingBox())!;
    const name = await tab.textContent();
    // Within the screen and within the nav's own visible area (after the nav scrolled it in, if it must).
    expect(box.x, `${name}: left edge`).toBeGreaterThanOrEqual(Math.max(0, area.x) - 0.5);
    expect(box.x + box.width, `${name}: right edge`).toBeLessThanOrEqual(Math.min(WIDTH, area.x + area.width) + 0.5);
    // Its label is not cut inside the tab either.
    expect(await tab.evaluate((el) => el.scrollWidth <= el.clientWidth), `${name}: label fits`).toBe(true);
    const focus = await tab.evaluate((el) => {
      const style = getComputedStyle(el);
      return { visible: el.matches(':focus-visible'), outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(focus.visible, `${name}: keyboard focus`).toBe(true);
    expect(focus.outline, `${name}: focus outline`).not.toBe('none');
    expect(focus.width, `${name}: focus outline width`).toBeGreaterThan(0);
  }
});

test('on a 360 px screen the grades table wraps subject names between words, never inside one', async ({ page, signInPage }) => {
  await signInPage.goto();
  await signInPage.signIn(phone('parent'), DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Оценки' }).click();
  const subjects = page.getByTestId('grades-row').locator('button');
  await expect(subjects.first()).toBeVisible();
  await expect(subjects.filter({ hasText: 'Физкультура' })).toHaveCount(1);
  const cut = await subjects.evaluateAll((buttons) =>
    buttons.flatMap((button) => {
      const text = button.firstChild;
      if (!text || text.nodeType !== Node.TEXT_NODE) return [`${button.textContent}: not plain text`];
      // Each word (parts of a hyphenated word count apart: a break after «-» is a proper one) lies on one line.
      return [...(text.textContent ?? '').matchAll(/[^\s-]+/g)].flatMap((m) => {
        const range = document.createRange();
        range.setStart(text, m.index);
        range.setEnd(text, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        return lines.size > 1 ? [`${m[0]} (in «${button.textContent}») is cut over ${lines.size} lines`] : [];
      });
    }),
  );
  expect(cut).toEqual([]);
  // Nothing sticks out of its row either.
  const overflow = await subjects.evaluateAll((buttons) => buttons.filter((b) => b.scrollWidth > b.clientWidth + 0.5).map((b) => b.textContent));
  expect(overflow).toEqual([]);
});
