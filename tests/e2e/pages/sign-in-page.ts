import type { Page } from '@playwright/test';

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/');
  }

  async signIn(phone: string, password: string): Promise<void> {
    await this.page.getByLabel('Телефон').fill(phone);
    await this.page.getByLabel('Пароль').fill(password);
    await this.page.getByRole('button', { name: 'Войти' }).click();
  }

  get error() {
    return this.page.getByRole('alert');
  }

  get submit() {
    return this.page.getByRole('button', { name: 'Войти' });
  }
}
