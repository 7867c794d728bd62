import type { Locator, Page } from '@playwright/test';

export class DiaryPage {
  constructor(readonly page: Page) {}

  get weekTitle(): Locator {
    return this.page.getByTestId('week-title');
  }

  get offlineBanner(): Locator {
    return this.page.getByTestId('offline-banner');
  }

  day(date: string): Locator {
    return this.page.getByTestId(`day-${date}`);
  }

  lesson(lessonId: string): Locator {
    return this.page.locator(`[data-testid="lesson"][data-lesson-id="${lessonId}"]`);
  }

  marksOf(lessonId: string): Locator {
    return this.lesson(lessonId).getByTestId('mark');
  }

  child(name: string): Locator {
    return this.page.getByRole('button', { name, exact: false });
  }

  async chooseLanguage(label: string, value: string): Promise<void> {
    await this.page.getByRole('combobox', { name: label }).selectOption(value);
  }

  async signOut(label = 'Выйти'): Promise<void> {
    await this.page.getByRole('button', { name: label }).click();
  }

  async openSubject(name: string): Promise<void> {
    await this.page.getByRole('button', { name }).first().click();
  }
}
