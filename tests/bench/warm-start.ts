/**
 * Warm offline start: a parent has used the app once (signed in, diary synced, service worker
 * installed); how long from navigation start until the week's lessons are on screen when the app
 * is reopened — offline, and online for comparison. Read from the app's own
 * `performance.mark('parta:diary-rendered')` (client/diary/WeekView.tsx).
 */
import fs from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../e2e/server.ts';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from '../../api/demo/index.ts';
import { launchChromium } from './chromium.ts';
import { onAbort } from './cleanup.ts';
import { withTimeout } from './deadline.ts';
import type { BenchOutcome } from './outcome.ts';
import { max, median, min } from './stats.ts';
import { fixed, markdownTable, ms } from './table.ts';

const TODAY = '2026-11-18';
/** A school morning of TODAY in the school's zone (Moscow), so the diary opens on a week with lessons. */
const NOW = new Date('2026-11-18T10:05:00+03:00');
const RELOADS = 7;
const MARK = 'parta:diary-rendered';
/** Sign-in, first sync and reloads of a few seconds each; the whole benchmark is far below this. */
const TOTAL_TIMEOUT_MS = 180_000;

/**
 * page.clock replaces `window.performance` with a fake whose mark() records nothing and whose
 * getEntries*() return [] (playwright-core 1.65, injected clock.ts), which would hide the app's
 * mark. Pinning the date only needs Date and Intl: put the real Performance back, registered
 * after the clock's own init script so it runs after it in every new document.
 */
function restoreRealPerformance(): void {
  const clock = (globalThis as { __pwClock?: { builtins?: { performance?: Performance } } }).__pwClock;
  const real = clock?.builtins?.performance;
  if (real) (globalThis as { performance: Performance }).performance = real;
}

function parentPhone(): string {
  const signIn = DEMO_SIGN_INS.find((s) => s.role === 'parent');
  if (!signIn) throw new Error('DEMO_SIGN_INS has no parent');
  return signIn.phone;
}

/** Waits until no /graphql HTTP request has been in flight for `quietMs`: the first sync has settled. */
async function graphqlQuiet(page: Page, quietMs: number, timeoutMs: number): Promise<void> {
  let inFlight = 0;
  let lastActivity = Date.now();
  const isGraphql = (url: string): boolean => new URL(url).pathname === '/graphql';
  const started = (r: { url(): string }): void => {
    if (!isGraphql(r.url())) return;
    inFlight++;
    lastActivity = Date.now();
  };
  const ended = (r: { url(): string }): void => {
    if (!isGraphql(r.url())) return;
    inFlight = Math.max(0, inFlight - 1);
    lastActivity = Date.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  try {
    const deadline = Date.now() + timeoutMs;
    while (inFlight > 0 || Date.now() - lastActivity < quietMs) {
      if (Date.now() > deadline) throw new Error(`/graphql traffic did not settle within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    page.off('request', started);
    page.off('requestfinished', ended);
    page.off('requestfailed', ended);
  }
}

/** Reloads and returns when, in ms since navigation start, the diary said it was rendered. */
async function reloadAndTime(page: Page): Promise<number> {
  await page.reload({ waitUntil: 'commit' });
  const handle = await page.waitForFunction((name) => performance.getEntriesByName(name)[0]?.startTime, MARK, { timeout: 30_000 });
  const startTime = (await handle.jsonValue()) as number;
  await handle.dispose();
  // A page that rendered nothing would still be a bug worth failing on, not a fast number.
  await page.locator('[data-testid="lesson"]').first().waitFor({ state: 'visible', timeout: 10_000 });
  // Let this start's own sync requests finish, so the next reload does not race them.
  await graphqlQuiet(page, 500, 15_000);
  return startTime;
}

async function signInAndInstall(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.clock.setFixedTime(NOW);
  await page.addInitScript(restoreRealPerformance);
  await page.goto(url);
  await page.getByLabel('Телефон').fill(parentPhone());
  await page.getByLabel('Пароль').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.locator('[data-testid="lesson"]').first().waitFor({ state: 'visible', timeout: 60_000 });
  // Without the real Performance every reload would wait out its timeout for a mark that never comes.
  const performanceKind = await page.evaluate(() => Object.prototype.toString.call(performance));
  if (performanceKind !== '[object Performance]') throw new Error(`window.performance is ${performanceKind}: page.clock's fake is still in place`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // clientsClaim: the active worker takes this page over; reloads must go through it.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
  await graphqlQuiet(page, 1_500, 60_000);
  return page;
}

interface Series {
  online: number[];
  offline: number[];
  chromium: string;
  pageErrors: string[];
}

async function measure(server: RunningServer): Promise<Series> {
  const chromium = await launchChromium();
  const context = await chromium.browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', serviceWorkers: 'allow' });
  context.setDefaultTimeout(30_000);
  const pageErrors: string[] = [];
  try {
    return await withTimeout(
      (async () => {
        const page = await signInAndInstall(context, server.url);
        page.on('pageerror', (e) => pageErrors.push(e.message));
        // One unmeasured reload, so neither series pays for the first start under the worker.
        await reloadAndTime(page);
        // Offline and online reloads alternate, so both series see the same load on this shared
        // machine and their ratio is not skewed by whatever else ran during one of them.
        const online: number[] = [];
        const offline: number[] = [];
        for (let i = 0; i < RELOADS; i++) {
          await context.setOffline(true);
          offline.push(await reloadAndTime(page));
          await context.setOffline(false);
          online.push(await reloadAndTime(page));
        }
        return { online, offline, chromium: chromium.browser.version(), pageErrors };
      })(),
      TOTAL_TIMEOUT_MS,
      'warm start',
      () => context.close(),
    );
  } finally {
    await context.close().catch(() => undefined);
    await chromium.close();
  }
}

function report({ online, offline, chromium, pageErrors }: Series): BenchOutcome {
  const row = (label: string, v: number[]): string[] => [label, ms(median(v)), ms(min(v)), ms(max(v)), v.map((x) => Math.round(x)).join(', ')];
  const ratio = median(offline) / median(online);
  const markdown = [
    `### Warm start: navigation start → «${MARK}» (parent, today ${TODAY})`,
    '',
    markdownTable(
      ['', 'Median', 'Min', 'Max', `All ${RELOADS} reloads (ms)`],
      [row('**offline**', offline), row('online (warm)', online), ['offline / online', fixed(ratio, 2), '', '', '']],
      ['left', 'right', 'right', 'right', 'left'],
    ),
    '',
    `Chromium ${chromium}, one context: signed in through the form, diary synced, service worker controlling the page; ` +
      `one unmeasured reload, then ${RELOADS} reloads with the context offline alternating with ${RELOADS} online, ` +
      'each after the previous start’s /graphql traffic settled. ' +
      'Time is the mark’s startTime (ms since navigation start).',
    ...(pageErrors.length ? [`Uncaught page errors during the reloads: ${pageErrors.length} (first: ${pageErrors[0]})`] : []),
  ].join('\n');
  return {
    title: 'Warm start',
    markdown,
    summary: `warm offline start ${ms(median(offline))} (online ${ms(median(online))})`,
    ok: true,
  };
}

export async function runWarmStart(): Promise<BenchOutcome> {
  const server = await startServer({ today: TODAY });
  // startServer made a fresh data dir for this server alone.
  const removeDataDir = (): void => fs.rmSync(server.dataDir, { recursive: true, force: true });
  const forget = onAbort(async () => {
    await server.stop('SIGKILL');
    removeDataDir();
  });
  try {
    return report(await measure(server));
  } finally {
    forget();
    await server.stop();
    removeDataDir();
  }
}
