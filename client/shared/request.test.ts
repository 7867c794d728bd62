import { afterEach, describe, expect, it, vi } from 'vitest';
import { toUserError } from './user-error.ts';
import { graphql } from './graphql.ts';
import { ApiError, NetworkError, request } from './request.ts';

const END = graphql(`mutation EndCall($callId: ID!) { endCall(callId: $callId) }`);
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('request: the one place errors become what the person reads', () => {
  it('answers the data, sent by POST with the session cookie', async () => {
    const fetch = vi.fn<(url: string, init: RequestInit) => Promise<Response>>(async () => json(200, { data: { endCall: true } }));
    vi.stubGlobal('fetch', fetch);
    expect(await request(END, { callId: 'c1' })).toEqual({ endCall: true });
    const [url, init] = fetch.mock.calls[0]!;
    expect([url, init.method, init.credentials]).toEqual(['/graphql', 'POST', 'same-origin']);
    expect(JSON.parse(String(init.body)).variables).toEqual({ callId: 'c1' });
  });

  it('no answer at all is NETWORK (the translated «no network» message), not the raw word', async () => {
    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('Failed to fetch')));
    const error = await request(END, { callId: 'c1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(toUserError(error)).toEqual({ code: 'NETWORK', params: {} });
  });

  it('a refusal carries the server’s code and parameters, also on a 4xx answer', async () => {
    vi.stubGlobal('fetch', async () => json(401, { errors: [{ message: 'Звонок уже завершён.', extensions: { code: 'CALL_ENDED' } }] }));
    const error = await request(END, { callId: 'c1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(toUserError(error)).toEqual({ code: 'CALL_ENDED', params: {} });
  });

  it('a proxy’s error page (no GraphQL answer) is NETWORK', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    expect(toUserError(await request(END, { callId: 'c1' }).catch((e: unknown) => e))).toEqual({ code: 'NETWORK', params: {} });
  });
});
