import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../../api/demo/index.ts';
import { E2E_NOW } from '../pinned-time.ts';
import { Sections } from './sections.ts';

/** Chromium flags for calls: fake camera and microphone, no permission prompt, media on loopback (STACK-NOTES). */
export const CALL_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];

/**
 * Lets a test read WebRTC statistics the way a person's browser has them: every RTCPeerConnection
 * the app creates is remembered (the app itself exposes nothing for tests).
 */
export async function watchPeerConnections(context: BrowserContext): Promise<void> {
  await context.grantPermissions(['camera', 'microphone', 'clipboard-read', 'clipboard-write']);
  await context.addInitScript(() => {
    const w = window as unknown as { __pcs: RTCPeerConnection[]; RTCPeerConnection: typeof RTCPeerConnection };
    w.__pcs = [];
    const Native = w.RTCPeerConnection;
    w.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        w.__pcs.push(this);
      }
    };
  });
}

export interface Inbound {
  audio: number;
  video: number;
}

/** Bytes sent so far, by kind (same shape as Inbound). */
export type Outbound = Inbound;

export class CallPage {
  constructor(readonly page: Page) {}

  get screen(): Locator {
    return this.page.getByTestId('call-screen');
  }

  get tiles(): Locator {
    return this.page.getByTestId('tile');
  }

  /** Tiles of the other participants. */
  get others(): Locator {
    return this.page.locator('[data-testid="tile"][data-me="no"]');
  }

  get remoteVideo(): Locator {
    return this.page.getByTestId('remote-video');
  }

  control(name: string): Locator {
    return this.page.getByRole('toolbar', { name: 'Управление звонком' }).getByRole('button', { name, exact: true });
  }

  get microphone(): Locator {
    return this.control('Микрофон');
  }

  get camera(): Locator {
    return this.control('Камера');
  }

  get over(): Locator {
    return this.page.getByTestId('call-over');
  }

  async openCalls(): Promise<void> {
    await new Sections(this.page).open('Видеоконференции');
  }

  /** «Создать звонок по ссылке» with the given settings; lands on the call screen. */
  async createLinkCall(title: string, options: { audio?: boolean; linkHolders?: boolean } = {}): Promise<void> {
    await this.openCalls();
    await this.page.getByRole('button', { name: 'Создать звонок по ссылке' }).click();
    const form = this.page.getByRole('form', { name: 'Создать звонок по ссылке' });
    await form.getByLabel('Название').fill(title);
    await form.getByLabel(options.audio ? 'Аудиозвонок' : 'Видеозвонок').check();
    await form.getByLabel(options.linkHolders ? 'Все, у кого есть ссылка' : 'Моя школа').check();
    await form.getByRole('button', { name: 'Начать звонок' }).click();
  }

  /** «Ссылка на звонок»: what the person would paste into a chat. */
  async copyLink(): Promise<string> {
    await this.page.getByRole('button', { name: 'Ссылка на звонок' }).click();
    await this.page.getByText('Ссылка на звонок скопирована').waitFor();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** Bytes received so far over every live peer connection, by kind. */
  async inbound(): Promise<Inbound> {
    return this.page.evaluate(async () => {
      const out = { audio: 0, video: 0 };
      const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed');
      for (const pc of pcs) {
        (await pc.getStats()).forEach((s: { type: string; kind?: string; bytesReceived?: number }) => {
          if (s.type === 'inbound-rtp' && (s.kind === 'audio' || s.kind === 'video')) out[s.kind] += s.bytesReceived ?? 0;
        });
      }
      return out;
    });
  }

  /** Bytes sent so far over every live peer connection, by kind. */
  async outbound(): Promise<Outbound> {
    return this.page.evaluate(async () => {
      const out = { audio: 0, video: 0 };
      const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed');
      for (const pc of pcs) {
        (await pc.getStats()).forEach((s: { type: string; kind?: string; bytesSent?: number }) => {
          if (s.type === 'outbound-rtp' && (s.kind === 'audio' || s.kind === 'video')) out[s.kind] += s.bytesSent ?? 0;
        });
      }
      return out;
    });
  }

  /** Width of the first remote video as decoded (0 until frames arrive). */
  async remoteVideoWidth(): Promise<number> {
    return this.remoteVideo.first().evaluate((v) => (v as HTMLVideoElement).videoWidth);
  }

  /** Resolves when `read` (a byte counter) grows within the expect timeout: media of that kind is flowing. */
  async expectGrowing(read: () => Promise<number>, timeout = 15_000): Promise<void> {
    const start = await read();
    await expect.poll(read, { timeout }).toBeGreaterThan(start);
  }

  /** Waits ~`ms` and tells how much `read` grew meanwhile (for «this stopped»). */
  async growthOver(read: () => Promise<number>, ms = 2_500): Promise<number> {
    const start = await read();
    await this.page.waitForTimeout(ms);
    return (await read()) - start;
  }

  /** The tile of the other person named `name`. */
  tileOf(name: string): Locator {
    return this.others.filter({ has: this.page.getByText(name, { exact: true }) });
  }

  // ── Header: layout and status ──

  get speakerView(): Locator {
    return this.page.getByTestId('speaker-view');
  }

  get gridView(): Locator {
    return this.page.getByTestId('grid-view');
  }

  get banner(): Locator {
    return this.page.getByTestId('call-banner');
  }

  /** «Вид «Спикер»» / «Вид «Сетка»» in the call's header. */
  layoutButton(name: 'Вид «Спикер»' | 'Вид «Сетка»'): Locator {
    return this.screen.getByRole('button', { name, exact: true });
  }

  // ── Panels ──

  /** Opens a side panel from the toolbar (Чат, Участники, Настройки) and returns it. */
  async openPanel(name: 'Чат' | 'Участники' | 'Настройки'): Promise<Locator> {
    const button = this.control(name);
    if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
    const panel = this.page.getByRole('region', { name, exact: true });
    await panel.waitFor();
    return panel;
  }

  get chatLines(): Locator {
    return this.page.getByTestId('call-chat-line');
  }

  async sendChat(text: string): Promise<void> {
    const panel = await this.openPanel('Чат');
    await panel.getByRole('textbox', { name: 'Сообщение' }).fill(text);
    await panel.getByRole('button', { name: 'Отправить' }).click();
    await expect(this.chatLines.filter({ hasText: text })).toHaveCount(1);
  }

  /** Admin: a button on one person's row of the participants panel, e.g. «Выключить микрофон: Имя». */
  async adminAction(label: string): Promise<void> {
    const panel = await this.openPanel('Участники');
    await panel.getByRole('button', { name: label, exact: true }).click();
  }

  /** The «Организатор выключил ваш микрофон.» notice. */
  get mutedNotice(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'Организатор выключил ваш микрофон.' });
  }

  // ── Minimised ──

  get miniCall(): Locator {
    return this.page.getByRole('region', { name: 'Свёрнутый звонок' });
  }

  async minimise(): Promise<void> {
    await this.control('Свернуть звонок').click();
    await this.miniCall.waitFor();
  }

  async expand(): Promise<void> {
    await this.miniCall.getByRole('button', { name: 'Развернуть звонок' }).last().click();
    await this.screen.waitFor();
  }
}

/**
 * One person's device for a multi-page test: its own context, the pinned clock, console errors
 * collected into `errors`, signed in on `url`.
 */
export async function openDevice(context: BrowserContext, url: string, phone: string, errors: string[]): Promise<Page> {
  await watchPeerConnections(context);
  const page = await context.newPage();
  await page.clock.setFixedTime(E2E_NOW);
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.getByLabel('Телефон').fill(phone);
  await page.getByLabel('Пароль').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByRole('navigation', { name: 'Разделы', exact: true })).toBeVisible();
  return page;
}
