/** What every response of the Node server says about itself: no software banner, HSTS over https only. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningApp, type ListeningApp } from '../../tests/fixtures/listening-app.ts';
import { setSecurityHeaders, STRICT_TRANSPORT_SECURITY } from './security-headers.ts';

let t: ListeningApp;
beforeAll(async () => {
  // Behind a reverse proxy that terminates TLS and says so in X-Forwarded-Proto.
  t = await startListeningApp({ app: { trustProxy: true } });
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${t.baseUrl}${path}`, { headers });
const me = (headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ me { userId } }' }) });

describe('PeerJS signalling on /peerjs/', () => {
  it('does not announce Express, and gives no other origin access', async () => {
    for (const path of ['/peerjs/', '/peerjs/parta/id']) {
      const response = await get(path, { origin: 'https://evil.example' });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('x-powered-by'), path).toBeNull();
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });
});

describe('Strict-Transport-Security', () => {
  it('is sent only when the browser came over https: TLS to us, or a trusted proxy that says so', async () => {
    expect((await me({ 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).toBe(STRICT_TRANSPORT_SECURITY);
    expect((await get('/peerjs/', { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).toBe(STRICT_TRANSPORT_SECURITY);
    expect(STRICT_TRANSPORT_SECURITY).toMatch(/^max-age=\d{8,}$/);
    // Plain http: nothing (it would mean nothing there).
    expect((await me()).headers.get('strict-transport-security')).toBeNull();
    expect((await me({ 'x-forwarded-proto': 'http' })).headers.get('strict-transport-security')).toBeNull();
    // TLS on the socket itself; X-Forwarded-Proto only from a trusted proxy.
    const sent = (socket: object, headers: Record<string, string>, trustProxy: boolean): string | undefined => {
      const out = new Map<string, string>();
      const res = { setHeader: (name: string, value: string) => out.set(name.toLowerCase(), value) } as unknown as ServerResponse;
      setSecurityHeaders({ headers, socket } as unknown as IncomingMessage, res, trustProxy);
      expect(out.get('content-security-policy')).toContain("default-src 'self'");
      return out.get('strict-transport-security');
    };
    expect(sent({ encrypted: true }, {}, false)).toBe(STRICT_TRANSPORT_SECURITY);
    expect(sent({}, { 'x-forwarded-proto': 'https' }, false)).toBeUndefined();
    expect(sent({}, { 'x-forwarded-proto': 'https' }, true)).toBe(STRICT_TRANSPORT_SECURITY);
  });
});
