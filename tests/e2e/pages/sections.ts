import type { Locator, Page } from '@playwright/test';

/** The signed-in app's sections bar: «Дневник», «Видеоконференции», «Онлайн-уроки» (teachers). Each is a link to its address. */
export class Sections {
  constructor(readonly page: Page) {}

  get bar(): Locator {
    return this.page.getByRole('navigation', { name: 'Разделы', exact: true });
  }

  link(name: 'Дневник' | 'Видеоконференции' | 'Онлайн-уроки'): Locator {
    return this.bar.getByRole('link', { name, exact: true });
  }

  async open(name: 'Дневник' | 'Видеоконференции' | 'Онлайн-уроки'): Promise<void> {
    await this.link(name).click();
  }
}
