/**
 * P2P call setup: two Chromium pages (fake camera and microphone) signed in as the demo teacher
 * and the demo student, the app already loaded on both; the teacher is in a fresh call by link;
 * the student opens its link (the «call» moment). Time until media flows both ways: each page
 * has decoded the other's video (videoWidth > 0) and receives audio bytes. Covers the ticket
 * (joinCall), the camera, PeerJS signalling through /peerjs, ICE on loopback and the first frames.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startServer } from '../e2e/server.ts';
import { CHROMIUM_ARGS, ensureChromium } from '../e2e/ensure-chromium.ts';
import { CALL_ARGS, watchPeerConnections } from '../e2e/pages/call-page.ts';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from '../../api/demo/index.ts';
import { onAbort } from './cleanup.ts';
import { withTimeout } from './deadline.ts';
import type { BenchOutcome } from './outcome.ts';
import { isMain, runStandalone } from './standalone.ts';
import { max, median, min } from './stats.ts';
import { markdownTable, ms } from './table.ts';

const TODAY = '2026-11-18';
const RUNS = 5;
const RUN_TIMEOUT_MS = 30_000;
const TOTAL_TIMEOUT_MS = 240_000;

const phone = (role: string): string => {
  const found = DEMO_SIGN_INS.find((s) => s.role === role);
  if (!found) throw new Error(`no demo ${role}`);
  return found.phone;
};

async function signedIn(context: BrowserContext, url: string, role: string): Promise<Page> {
  await watchPeerConnections(context);
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Телефон').fill(phone(role));
  await page.getByLabel('Пароль').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('navigation', { name: 'Разделы', exact: true }).waitFor({ timeout: 60_000 });
  return page;
}

/** Media from the other side is on screen and sound bytes arrive. */
async function mediaFlowing(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
    if (!video || video.videoWidth === 0) return false;
    let audio = 0;
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: { type: string; kind?: string; bytesReceived?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') audio += s.bytesReceived ?? 0;
      });
    }
    return audio > 0;
  });
}

async function gql<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await page.request.post(new URL('/graphql', page.url()).href, { data: { query, variables } });
  const body = (await response.json()) as { data: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors[0]!.message);
  return body.data;
}

async function oneRun(teacher: Page, student: Page): Promise<number> {
  const { createLinkCall: callId } = await gql<{ createLinkCall: string }>(teacher, 'mutation { createLinkCall(title: "Бенчмарк", media: VIDEO, audience: LINK) }');
  // In-page navigation, as the app's own links do (no reload between runs): wouter follows pushState.
  await teacher.evaluate((id) => history.pushState(null, '', `/calls/${id}`), callId);
  await teacher.getByTestId('call-screen').waitFor();
  // The admin's device has the link code in its calls collection; ask the page for it as the person would copy it.
  await teacher.getByRole('button', { name: 'Ссылка на звонок' }).click();
  const link = await teacher.evaluate(() => navigator.clipboard.readText());
  const path = new URL(link).pathname;
  const started = Date.now();
  await student.evaluate((p) => history.pushState(null, '', p), path);
  for (;;) {
    if ((await mediaFlowing(student)) && (await mediaFlowing(teacher))) break;
    if (Date.now() - started > RUN_TIMEOUT_MS) {
      const state = async (page: Page): Promise<string> =>
        page.evaluate(() =>
          JSON.stringify({
            path: location.pathname,
            tiles: document.querySelectorAll('[data-testid="tile"]').length,
            joining: !!document.querySelector('[data-testid="call-joining"]'),
            over: document.querySelector('[data-testid="call-over"]')?.textContent ?? null,
            mini: !!document.querySelector('[data-testid="mini-call"]'),
            videos: [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')].map((v) => v.videoWidth),
            pcs: (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.map((pc) => pc.connectionState),
          }),
        );
      throw new Error(`media did not flow both ways in time: teacher ${await state(teacher)}, student ${await state(student)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const elapsed = Date.now() - started;
  // The teacher ends it for both; the pages go back to the calls list for the next run.
  await gql(teacher, 'mutation($id: ID!) { endCall(callId: $id) }', { id: callId });
  for (const page of [teacher, student]) {
    await page.getByTestId('call-over').waitFor();
    await page.getByRole('button', { name: 'К видеоконференциям' }).click();
  }
  return elapsed;
}

export async function runP2pCall(): Promise<BenchOutcome> {
  const server = await startServer({ today: TODAY });
  const forgetServer = onAbort(() => server.stop());
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: [...CHROMIUM_ARGS, ...CALL_ARGS], timeout: 60_000 });
  const forgetBrowser = onAbort(() => browser.close());
  const times: number[] = [];
  try {
    await withTimeout(
      (async () => {
        const contexts = await Promise.all([0, 1].map(() => browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'] })));
        const teacher = await signedIn(contexts[0]!, server.url, 'teacher');
        const student = await signedIn(contexts[1]!, server.url, 'student');
        await oneRun(teacher, student); // warm-up: chunks cached, camera opened once
        for (let i = 0; i < RUNS; i++) times.push(await oneRun(teacher, student));
      })(),
      TOTAL_TIMEOUT_MS,
      'P2P call benchmark',
      () => browser.close(),
    );
  } finally {
    await browser.close().catch(() => undefined);
    forgetBrowser();
    await server.stop();
    forgetServer();
  }
  const table = markdownTable(
    ['Runs', 'Median', 'Min', 'Max', 'All runs'],
    [[String(times.length), ms(median(times)), ms(min(times)), ms(max(times)), times.map((t) => ms(t)).join(', ')]],
    ['right', 'right', 'right', 'right', 'left'],
  );
  return {
    title: 'P2P call',
    markdown: [
      '### P2P call: «call» to remote media flowing (PeerJS mesh, two Chromium pages on loopback)',
      '',
      table,
      '',
      'From the student opening the call link in an app already loaded and signed in, until both pages decode the other’s video and receive audio bytes (joinCall, camera, PeerJS signalling, ICE, first frames). One warm-up run not counted; fake camera and microphone.',
    ].join('\n'),
    summary: `P2P call media in ${ms(median(times))} (median of ${times.length})`,
    ok: true,
  };
}

if (isMain(import.meta.url)) await runStandalone(runP2pCall, TOTAL_TIMEOUT_MS + 60_000);
