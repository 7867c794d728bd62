import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceServersFor, parseIceServers, parseTurn, turnCredentials } from './ice-servers.ts';

describe('ICE servers for browsers', () => {
  it('reads PARTA_ICE_SERVERS as RTCIceServer objects and refuses anything else', () => {
    expect(parseIceServers(undefined)).toEqual([]);
    expect(parseIceServers('[{"urls":"stun:stun.example.org:3478"}]')).toEqual([{ urls: ['stun:stun.example.org:3478'] }]);
    expect(parseIceServers('[{"urls":["turn:t.example.org"],"username":"u","credential":"p"}]')).toEqual([
      { urls: ['turn:t.example.org'], username: 'u', credential: 'p' },
    ]);
    expect(() => parseIceServers('{"urls":"stun:x"}')).toThrow(/array/);
    expect(() => parseIceServers('[{"urls":"http://x"}]')).toThrow(/stun:\/turn:/);
    expect(() => parseIceServers('[nope')).toThrow(/not JSON/);
  });

  it('wants the TURN URLs and the shared secret together', () => {
    expect(parseTurn(undefined, undefined)).toBeUndefined();
    expect(() => parseTurn('turn:t.example.org', undefined)).toThrow(/together/);
    expect(() => parseTurn(undefined, 's')).toThrow(/together/);
    expect(() => parseTurn('stun:t.example.org', 's')).toThrow(/not a turn/);
    expect(parseTurn('turn:t.example.org:3478?transport=udp, turns:t.example.org:5349', 's', 60)).toEqual({
      urls: ['turn:t.example.org:3478?transport=udp', 'turns:t.example.org:5349'],
      secret: 's',
      ttlSeconds: 60,
    });
  });

  it('issues coturn use-auth-secret credentials: expiry:user signed with HMAC-SHA1 of the shared secret', () => {
    const turn = { urls: ['turn:t.example.org'], secret: 'north-wind', ttlSeconds: 3600 };
    const now = Date.UTC(2026, 10, 18, 9, 0, 0);
    const c = turnCredentials(turn, 'user-7', now);
    expect(c.username).toBe(`${now / 1000 + 3600}:user-7`);
    // What coturn computes on its side from the same secret.
    expect(c.credential).toBe(createHmac('sha1', 'north-wind').update(c.username!).digest('base64'));
    // Known answer (from `openssl dgst -sha1 -hmac north-wind -binary | base64`), so a change of
    // algorithm or encoding cannot pass unnoticed.
    expect(turnCredentials({ ...turn, ttlSeconds: 0 }, 'u', 1_000_000_000_000)).toEqual({
      urls: ['turn:t.example.org'],
      username: '1000000000:u',
      credential: '5sZJdg8UAv/9VBoxcQ3ojr2VLi4=',
    });
    // Another person or another moment gets another password.
    expect(turnCredentials(turn, 'user-8', now).credential).not.toBe(c.credential);
    expect(turnCredentials(turn, 'user-7', now + 1000).credential).not.toBe(c.credential);
  });

  it('gives the configured servers first, then TURN with fresh credentials', () => {
    const stun = { urls: ['stun:s.example.org'] };
    expect(iceServersFor({ iceServers: [stun], turn: undefined }, 'u')).toEqual([stun]);
    const list = iceServersFor({ iceServers: [stun], turn: { urls: ['turn:t'], secret: 'x', ttlSeconds: 10 } }, 'u', 5_000);
    expect(list).toEqual([stun, { urls: ['turn:t'], username: '15:u', credential: expect.any(String) }]);
  });
});
