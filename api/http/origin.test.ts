/** The one origin rule of HTTP and WebSocket, and what a reverse proxy may tell it. */
import { describe, expect, it } from 'vitest';
import { clientAddress, type HeaderReader } from './forwarded.ts';
import { fromOwnOrigin } from './origin.ts';

const headers = (h: Record<string, string>): HeaderReader => ({ get: (name) => h[name.toLowerCase()] ?? null });
const request = (h: Record<string, string>, tls = false) => ({ headers: headers(h), tls });

describe('fromOwnOrigin', () => {
  it('takes our own page and clients that are no browser; refuses other ports, sibling hosts and other sites', () => {
    expect(fromOwnOrigin(request({ host: 'school.example', origin: 'http://school.example', 'sec-fetch-site': 'same-origin' }), false)).toBe(true);
    expect(fromOwnOrigin(request({ host: 'school.example' }), false)).toBe(true);
    expect(fromOwnOrigin(request({ host: 'school.example', origin: 'http://school.example:8081' }), false)).toBe(false);
    expect(fromOwnOrigin(request({ host: 'school.example', origin: 'https://pupils.school.example' }), false)).toBe(false);
    expect(fromOwnOrigin(request({ host: 'school.example', 'sec-fetch-site': 'same-site' }), false)).toBe(false);
    expect(fromOwnOrigin(request({ host: 'school.example', 'sec-fetch-site': 'none' }), false)).toBe(false);
    expect(fromOwnOrigin(request({ origin: 'http://school.example' }), false)).toBe(false); // no Host to compare with
  });

  it('compares the scheme when it is known: over TLS, an http page is another origin', () => {
    expect(fromOwnOrigin(request({ host: 'school.example', origin: 'https://school.example' }, true), false)).toBe(true);
    expect(fromOwnOrigin(request({ host: 'school.example', origin: 'http://school.example' }, true), false)).toBe(false);
    // A default port written out in Host is the same origin.
    expect(fromOwnOrigin(request({ host: 'school.example:443', origin: 'https://school.example' }, true), false)).toBe(true);
  });

  it('believes X-Forwarded-Host and -Proto only from a trusted proxy, and then the value it wrote last', () => {
    const behindProxy = { host: '127.0.0.1:8080', 'x-forwarded-host': 'school.example', 'x-forwarded-proto': 'https', origin: 'https://school.example' };
    expect(fromOwnOrigin(request(behindProxy), true)).toBe(true);
    expect(fromOwnOrigin(request(behindProxy), false)).toBe(false);
    expect(fromOwnOrigin(request({ ...behindProxy, origin: 'http://school.example' }), true)).toBe(false);
    // A client's own X-Forwarded-Host comes first; the proxy's is the last.
    expect(fromOwnOrigin(request({ ...behindProxy, 'x-forwarded-host': 'evil.example, school.example' }), true)).toBe(true);
    expect(fromOwnOrigin(request({ ...behindProxy, origin: 'https://evil.example', 'x-forwarded-host': 'evil.example, school.example' }), true)).toBe(false);
  });
});

describe('clientAddress', () => {
  it('takes the address our proxy appended (the last), not what the client wrote before it', () => {
    const forged = headers({ 'x-forwarded-for': '10.9.8.7, 203.0.113.5' });
    expect(clientAddress(forged, '127.0.0.1', true)).toBe('203.0.113.5');
    expect(clientAddress(forged, '127.0.0.1', false)).toBe('127.0.0.1');
    expect(clientAddress(headers({}), '127.0.0.1', true)).toBe('127.0.0.1');
  });
});
