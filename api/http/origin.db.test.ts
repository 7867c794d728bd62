/**
 * Another site must not act or read with a signed-in person's cookie: no reflected CORS, no
 * cross-origin or same-site (sibling subdomain, other port) requests, no form posts — over HTTP
 * and the WebSocket handshake alike. Requests go through the real Node server (Host, sockets).
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_SIGN_INS, DEMO_TEACHER_ID } from '../demo/index.ts';
import { startListeningApp, type ListeningApp } from '../../tests/fixtures/listening-app.ts';

const MARKS = '{ pullMarks(checkpoint: null, limit: 10) { documents { id } } }';
const CREATE_CALL = 'mutation { createLinkCall(title: "Подделка", media: AUDIO, audience: LINK) }';
const phoneOf = (role: string): string => DEMO_SIGN_INS.find((s) => s.role === role)!.phone;

let t: ListeningApp;
let pupil: string;
let teacher: string;
/** Another port of the same host: what the attacker's page was served from. */
let otherPort: string;
beforeAll(async () => {
  t = await startListeningApp();
  pupil = await t.signIn(phoneOf('student'));
  teacher = await t.signIn(phoneOf('teacher'));
  otherPort = `http://127.0.0.1:${Number(new URL(t.baseUrl).port) + 1}`;
});
afterAll(() => t.close());

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } | null;
}

/** One HTTP request exactly as given (node:http adds no Origin or Sec-Fetch-* of its own). */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${t.baseUrl}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: Answer['body'];
        try {
          parsed = JSON.parse(text) as Answer['body'];
        } catch {
          parsed = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const postJson = (query: string, headers: Record<string, string>): Promise<Answer> =>
  send('POST', '/graphql', { 'content-type': 'application/json', ...headers }, JSON.stringify({ query }));

const callsOf = async (userId: string): Promise<number> =>
  Number((await t.db.query<{ n: number | string }>('SELECT count(*) AS n FROM calls WHERE admin_id = $1', [userId]))[0]!.n);

describe('CORS', () => {
  it('gives no other origin access: no reflected Access-Control-Allow-Origin, with or without credentials', async () => {
    const preflight = await send('OPTIONS', '/graphql', {
      origin: otherPort,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    const simple = await postJson('{ me { userId } }', { origin: 'https://evil.example', cookie: pupil });
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    expect(simple.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('requests with the cookie from another origin', () => {
  it('answers the app’s own page and clients that are no browser, and refuses the same request from any other origin or site', async () => {
    const own = await postJson(MARKS, { origin: t.baseUrl, 'sec-fetch-site': 'same-origin', cookie: pupil });
    expect(own.status).toBe(200);
    expect((own.body?.data?.pullMarks as { documents: unknown[] }).documents.length).toBeGreaterThan(0);
    // No Origin, no Sec-Fetch-Site: Node's fetch (the e2e and bench clients), curl, graphql-ws in Node.
    const node = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: pupil },
      body: JSON.stringify({ query: '{ me { userId } }' }),
    });
    expect(node.status).toBe(200);
    expect(((await node.json()) as { data: { me: { userId: string } } }).data.me.userId).toBeTruthy();
    const graphqlJson = await postJson('{ me { userId } }', { 'content-type': 'application/graphql+json; charset=utf-8', cookie: pupil });
    expect(graphqlJson.status).toBe(200);
    // The attacker's page on another port, a sibling subdomain, another site; old browsers send
    // only Origin, current ones Sec-Fetch-Site as well (or alone, on requests without Origin).
    const foreign: Record<string, string>[] = [
      { origin: otherPort },
      { origin: otherPort, 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
      { origin: t.baseUrl.replace('http:', 'ftp:') },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'none' },
      // A browser's Origin is ours but its metadata says another site made the request: refused.
      { origin: t.baseUrl, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of foreign) {
      const r = await postJson(MARKS, { ...headers, cookie: pupil });
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.body?.data, JSON.stringify(headers)).toBeUndefined();
      expect(r.body?.errors?.[0]?.extensions?.code).toBe('CROSS_ORIGIN');
    }
    const ru = await postJson(MARKS, { origin: otherPort, cookie: pupil });
    expect(ru.body?.errors?.[0]?.message).toMatch(/не со страницы Парты/);
    const en = await postJson(MARKS, { origin: otherPort, cookie: pupil, 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.body?.errors?.[0]?.message).toMatch(/did not come from a Parta page/);
    const tt = await postJson(MARKS, { origin: otherPort, cookie: `${pupil}; parta_lang=tt` });
    expect(tt.body?.errors?.[0]?.message).toMatch(/Парта битеннән килмәгән/);
  });

  it('runs no mutation a form on another origin posts, and takes JSON bodies only', async () => {
    const before = await callsOf(DEMO_TEACHER_ID);
    const form = `query=${encodeURIComponent(CREATE_CALL)}`;
    const boundary = '----parta';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="query"\r\n\r\n${CREATE_CALL}\r\n--${boundary}--\r\n`;
    const bodies: [string, string][] = [
      ['application/x-www-form-urlencoded', form],
      [`multipart/form-data; boundary=${boundary}`, multipart],
      ['text/plain', JSON.stringify({ query: CREATE_CALL })],
      ['application/graphql', CREATE_CALL],
    ];
    const answers: [string, Answer, Answer][] = [];
    for (const [type, body] of bodies) {
      // From the sibling subdomain's page, as in the attack; and from no page at all.
      const fromSibling = await send('POST', '/graphql', { 'content-type': type, origin: otherPort, 'sec-fetch-site': 'same-site', cookie: teacher }, body);
      const plain = await send('POST', '/graphql', { 'content-type': type, cookie: teacher }, body);
      answers.push([type, fromSibling, plain]);
      // Yoga answers on /graphql/ as well (when no PWA is served, every path reaches it).
      const slash = await send('POST', '/graphql/', { 'content-type': type, cookie: teacher }, body);
      answers.push([`${type} on /graphql/`, await send('POST', '/graphql/', { 'content-type': type, origin: otherPort, cookie: teacher }, body), slash]);
    }
    expect(await callsOf(DEMO_TEACHER_ID)).toBe(before);
    for (const [type, fromSibling, plain] of answers) {
      expect(fromSibling.status, type).toBe(403);
      // Not a body /graphql takes, whoever sends it.
      expect(plain.status, type).toBe(415);
      expect(plain.body?.errors?.[0]?.extensions?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(plain.body?.errors?.[0]?.message).toMatch(/JSON/);
    }
    // The same mutation as JSON from the app's own page does run.
    const own = await postJson(CREATE_CALL, { origin: t.baseUrl, 'sec-fetch-site': 'same-origin', cookie: teacher });
    expect(own.status).toBe(200);
    expect(typeof own.body?.data?.createLinkCall).toBe('string');
    expect(await callsOf(DEMO_TEACHER_ID)).toBe(before + 1);
  });

  it('answers GET with 405: the client only POSTs, and a GET would bypass the body check', async () => {
    const r = await send('GET', `/graphql?query=${encodeURIComponent(MARKS)}`, { cookie: pupil, 'accept-language': 'en' });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('POST');
    expect(r.body?.errors?.[0]?.message).toBe('This address only accepts POST requests.');
  });
});

describe('the WebSocket handshake', () => {
  const handshake = (headers: Record<string, string>): Promise<number> =>
    new Promise((resolve) => {
      const ws = new WebSocket(`${t.baseUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers: { cookie: pupil, ...headers } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('error', () => undefined);
    });

  it('follows the same rule as HTTP: Sec-Fetch-Site of another site is refused even without an Origin', async () => {
    expect(await handshake({ 'sec-fetch-site': 'same-site' })).toBe(403);
    expect(await handshake({ 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await handshake({ origin: otherPort })).toBe(403);
    expect(await handshake({ origin: t.baseUrl, 'sec-fetch-site': 'same-origin' })).toBe(101);
    expect(await handshake({})).toBe(101);
  });
});
