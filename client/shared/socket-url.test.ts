import { describe, expect, it } from 'vitest';
import { pageSocketEndpoint, pageSocketUrl } from './socket-url.ts';

const page = (href: string): Pick<Location, 'protocol' | 'host' | 'hostname' | 'port'> => new URL(href);

describe('socket URLs', () => {
  it('go to the page’s own host, encrypted exactly when the page is', () => {
    expect(pageSocketUrl('/graphql', page('https://school.example/diary'))).toBe('wss://school.example/graphql');
    expect(pageSocketUrl('/sfu', page('http://127.0.0.1:4173/calls/x'))).toBe('ws://127.0.0.1:4173/sfu');
  });

  it('in parts, with the scheme’s port when the page names none', () => {
    expect(pageSocketEndpoint(page('https://school.example/'))).toEqual({ host: 'school.example', port: 443, secure: true });
    expect(pageSocketEndpoint(page('http://localhost:3000/'))).toEqual({ host: 'localhost', port: 3000, secure: false });
    expect(pageSocketEndpoint(page('http://localhost/'))).toEqual({ host: 'localhost', port: 80, secure: false });
  });
});
