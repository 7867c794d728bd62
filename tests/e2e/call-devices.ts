/**
 * Two people in a PeerJS mesh call by link, each on a device of their own (a separate browser
 * context): the teacher creates the call, the student opens its link. Shared by the call-screen
 * specs so each starts from the same, already flowing, call.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { DEMO_SIGN_INS } from '../../api/demo/index.ts';
import { expect } from './fixtures.ts';
import { CallPage, openDevice } from './pages/call-page.ts';

const phone = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

export interface TwoInACall {
  teacher: CallPage;
  student: CallPage;
  teacherContext: BrowserContext;
  studentContext: BrowserContext;
  /** The join link the teacher shared. */
  link: string;
  /** The student's name as the teacher's screen shows it. */
  studentName: string;
  /** Console errors of both pages (each test expects none). */
  errors: string[];
  close(): Promise<void>;
}

export async function twoInACall(browser: Browser, baseURL: string, title: string): Promise<TwoInACall> {
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  const device = async (role: string): Promise<Page> => {
    const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Asia/Yekaterinburg' });
    contexts.push(context);
    const page = await openDevice(context, baseURL, phone(role), errors);
    // The admin's «remove» and «end for all» ask for confirmation.
    page.on('dialog', (d) => void d.accept());
    return page;
  };
  const close = async (): Promise<void> => {
    for (const c of contexts) await c.close().catch(() => undefined);
  };
  try {
    const teacher = new CallPage(await device('teacher'));
    await teacher.createLinkCall(title, { linkHolders: true });
    await expect(teacher.screen).toHaveAttribute('data-transport', 'mesh');
    const link = await teacher.copyLink();
    const student = new CallPage(await device('student'));
    await student.page.goto(link);
    for (const side of [teacher, student]) {
      await expect(side.tiles).toHaveCount(2);
      await expect.poll(() => side.remoteVideoWidth().catch(() => 0), { timeout: 20_000 }).toBeGreaterThan(0);
    }
    const studentName = (await teacher.others.first().getAttribute('aria-label')) ?? '';
    expect(studentName).not.toBe('');
    return { teacher, student, teacherContext: contexts[0]!, studentContext: contexts[1]!, link, studentName, errors, close };
  } catch (e) {
    await close();
    throw e;
  }
}
