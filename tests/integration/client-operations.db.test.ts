/**
 * Every GraphQL operation the app's own code sends over HTTP (client/accounts/api.ts,
 * client/calls/api.ts), sent by that code to the real server: none is refused by a request limit.
 * What each answers otherwise (a call not found, not allowed) is not the point here.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchMe, signIn, signOutOnServer } from '../../client/accounts/api.ts';
import { ApiError } from '../../client/shared/request.ts';
import * as calls from '../../client/calls/api.ts';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from '../../api/demo/index.ts';
import { startTestApp, type TestApp } from '../fixtures/test-app.ts';

const LIMIT_CODES = ['QUERY_TOO_COMPLEX', 'REQUEST_TOO_LARGE', 'RESPONSE_TOO_LARGE'];

let t: TestApp;
let cookie: string;
const sent: string[] = [];
beforeAll(async () => {
  t = await startTestApp();
  cookie = await t.signIn(DEMO_SIGN_INS.find((s) => s.role === 'teacher')!.phone);
  // The client's fetch('/graphql', …) goes to the test app, as the signed-in teacher's browser would.
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    sent.push(String(init.body));
    return t.app.yoga.fetch('http://parta.test/graphql', { ...init, headers: { ...(init.headers as Record<string, string>), cookie } }, { setCookies: [], clientAddress: '127.0.0.1' });
  });
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await t.close();
});

/** Runs one client call; a refusal by a request limit fails the test, any other answer is fine. */
async function run<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    expect(LIMIT_CODES, `${e.code}: ${e.message}`).not.toContain(e.code);
    expect(e.message).not.toMatch(/Cannot query field|Unknown argument/);
    return null;
  }
}

describe('the app’s own HTTP operations', () => {
  it('all pass the request limits', async () => {
    const teacher = DEMO_SIGN_INS.find((s) => s.role === 'teacher')!;
    expect(await run(() => signIn(teacher.phone, DEMO_PASSWORD))).not.toBeNull();
    expect(await run(() => fetchMe())).not.toBeNull();
    const callId = await run(() => calls.createLinkCall({ title: 'Собрание', media: 'VIDEO', audience: 'SCHOOL' }));
    expect(callId).not.toBeNull();
    const id = callId!;
    expect(await run(() => calls.joinCall({ callId: id }))).not.toBeNull();
    await run(() => calls.updateCallState(id, { audio: true, video: false, screen: false }));
    await run(() => calls.setHand(id, true));
    await run(() => calls.sendCallChat(id, 'Начинаем', calls.clientId()));
    await run(() => calls.muteInCall(id));
    await run(() => calls.removeFromCall(id, 'u-nobody'));
    await run(() => calls.revokeCallLink(id));
    await run(() => calls.createOnlineLesson('lesson-nowhere', null));
    await run(() => calls.publishOnlineLesson('call-nowhere'));
    await run(() => calls.leaveCall(id));
    await run(() => calls.endCall(id));
    await run(() => signOutOnServer());
    expect(sent).toHaveLength(15);
  });
});
