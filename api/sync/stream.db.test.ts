import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_SIGN_INS } from '../demo/index.ts';
import { startTestApp, type TestApp } from '../../tests/fixtures/test-app.ts';
import { waitUntil } from '../../tests/fixtures/wait-until.ts';

let t: TestApp;
let server: Server;
let url: string;
beforeAll(async () => {
  t = await startTestApp();
  server = createServer((req, res) => t.app.handleHttp(req, res));
  t.app.attachWebSockets(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await t.close();
});

function client(headers: Record<string, string>): Client {
  return createClient({
    url,
    retryAttempts: 0,
    lazy: true,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    },
  });
}

/** Subscribes and collects what arrives: signals, or the error that ended it. */
function watch(c: Client, query: string) {
  const seen: { signals: number; error: unknown } = { signals: 0, error: null };
  const dispose = c.subscribe({ query }, { next: () => void seen.signals++, error: (e) => void (seen.error = e), complete: () => undefined });
  return { seen, dispose };
}

describe('the sync stream over WebSocket', () => {
  it('wakes a student’s diary when a mark of their class changes, and not for another class', async () => {
    const cookie = await t.signIn(DEMO_SIGN_INS.find((s) => s.role === 'student')!.phone);
    const c = client({ cookie });
    const { seen, dispose } = watch(c, 'subscription { streamMarks { collection } }');
    // One wake-up right after subscribing closes the gap between the connect-time pull and the subscription.
    await waitUntil(() => seen.signals === 1);
    await t.db.query("UPDATE marks SET comment = 'ok' WHERE id = (SELECT id FROM marks WHERE class_id = 'class-5a' LIMIT 1)");
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.signals).toBe(1);
    await t.db.query("UPDATE marks SET comment = 'ok' WHERE id = (SELECT id FROM marks WHERE class_id = 'class-7a' LIMIT 1)");
    await waitUntil(() => seen.signals === 2);
    expect(seen.error).toBeNull();
    dispose();
    await c.dispose();
  });

  it('follows the scope: added to a chat, the stream wakes and then carries that chat’s changes; removed, it stops', async () => {
    const phone = DEMO_SIGN_INS.find((s) => s.role === 'student')!.phone;
    const studentId = t.school.rows.users.find((u) => u.phone === phone)!.id;
    const c = client({ cookie: await t.signIn(phone) });
    const { seen, dispose } = watch(c, 'subscription { streamMessages { collection } }');
    await waitUntil(() => seen.signals === 1);
    const post = (id: string) =>
      t.db.query(`INSERT INTO messages (id, chat_id, author_id, client_id, text, created_at)
        SELECT $1, 'chat-class-5a', created_by, 'test', 'привет', '2026-11-18T10:00:00Z' FROM chats WHERE id = 'chat-class-5a'`, [id]);
    await post('s-1');
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.signals).toBe(1);
    await t.db.query(`INSERT INTO chat_members (chat_id, user_id) VALUES ('chat-class-5a', $1)`, [studentId]);
    await waitUntil(() => seen.signals === 2);
    await post('s-2');
    await waitUntil(() => seen.signals === 3);
    await t.db.query(`DELETE FROM chat_members WHERE chat_id = 'chat-class-5a' AND user_id = $1`, [studentId]);
    await waitUntil(() => seen.signals === 4);
    await post('s-3');
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.signals).toBe(4);
    expect(seen.error).toBeNull();
    dispose();
    await c.dispose();
  });

  it('refuses a stream without a session, with the code the app signs out on', async () => {
    const c = client({});
    const { seen } = watch(c, 'subscription { streamMarks { collection } }');
    await waitUntil(() => seen.error !== null);
    expect(JSON.stringify(seen.error)).toContain('UNAUTHENTICATED');
    expect(seen.signals).toBe(0);
    await c.dispose();
  });

  it('carries only subscriptions: queries and mutations go over HTTP', async () => {
    const cookie = await t.signIn(DEMO_SIGN_INS.find((s) => s.role === 'student')!.phone);
    const c = client({ cookie });
    const { seen } = watch(c, '{ pullMarks(checkpoint: null, limit: 10) { documents { id } } }');
    await waitUntil(() => seen.error !== null);
    expect(JSON.stringify(seen.error)).toContain('Only subscriptions');
    expect(seen.signals).toBe(0);
    await c.dispose();
  });

  it('refuses a handshake from another site’s page, which would carry the person’s cookie', async () => {
    const cookie = await t.signIn(DEMO_SIGN_INS.find((s) => s.role === 'parent')!.phone);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url, 'graphql-transport-ws', { headers: { cookie, origin: 'https://evil.example' } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
  });
});
